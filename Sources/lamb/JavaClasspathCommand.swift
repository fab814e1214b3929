import ArgumentParser
import Foundation
import LambRuntimes

/// `lamb java-classpath`: where the classes of Lamb's Java runtime client are, compiling them first if needed. They
/// include the `com.amazonaws.services.lambda.runtime` interfaces (`RequestHandler`, `Context`, ...), so a function
/// compiles against them where Maven's aws-lambda-java-core is out of reach: `javac -cp "$(lamb java-classpath)"`.
struct JavaClasspathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "java-classpath",
        abstract: "Print the class path of Lamb's Java runtime API (aws-lambda-java-core's interfaces), for javac.")

    @Option(name: .customLong("data-dir"), help: "The data directory whose compiled Java runtime to use.")
    var dataDir = ".lamb"

    func run() throws {
        let directory = URL(fileURLWithPath: dataDir).appendingPathComponent("java-runtime").path
        let catalog = RuntimeCatalog.discover(javaCacheDirectory: directory)
        guard let build = catalog.javaRuntime else {
            throw ValidationError("No JDK with javac found (install one, e.g. openjdk-17-jdk-headless).")
        }
        print(try build.classesDirectory())
    }
}
