import ArgumentParser
import Foundation
import LambCore
import LambRuntimes
import LambSandbox

/// `lamb doctor`: what this host can do, and what each capability enables.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor", abstract: "Show this host's capabilities: runtimes, sandbox guarantees.")

    func run() throws {
        let catalog = RuntimeCatalog.discover()
        print("Runtimes:")
        for runtime in LambdaRuntimeNames.python {
            if let path = catalog.interpreters[runtime] {
                print("  \(runtime.padding(toLength: 16, withPad: " ", startingAt: 0)) \(path)")
            } else {
                print("  \(runtime.padding(toLength: 16, withPad: " ", startingAt: 0)) not installed")
            }
        }
        for runtime in LambdaRuntimeNames.provided {
            print("  \(runtime.padding(toLength: 16, withPad: " ", startingAt: 0)) the function's own bootstrap executable")
        }
        print("  \("nodejs*, java*, ...".padding(toLength: 16, withPad: " ", startingAt: 0)) not supported yet")
        let sandbox = ProcessSandbox(environmentsDirectory: NSTemporaryDirectory())
        print("Sandbox:")
        print("  driver \(sandbox.name): \(sandbox.guarantees.summary)")
        print("  user: uid \(getuid())\(getuid() == 0 ? " (root)" : "")")
    }
}
