// swift-tools-version:6.1
// A Lambda function in Swift for Lamb's (and Lambda's) custom runtimes: `swift build` makes the `bootstrap`
// executable the runtime starts. It uses LambRuntimeClient, the Runtime API client library of the Lamb package.
import PackageDescription

let package = Package(
    name: "Greeter",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "bootstrap", targets: ["Greeter"])
    ],
    dependencies: [
        // In a project of your own: .package(url: "<where Lamb lives>", from: "...").
        .package(name: "Lamb", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "Greeter",
            dependencies: [.product(name: "LambRuntimeClient", package: "Lamb")]
        )
    ]
)
