import LambAPI

/// The table `lamb serve` prints after loading templates: one row per function, then what Lamb does not emulate.
enum StackReport {
    static func render(_ stacks: [StackStatus]) -> String {
        var text = ""
        for stack in stacks {
            text += "stack \(stack.stackName) (\(stack.template)): \(stack.functions.count) function(s)\n"
            var table = TextTable(header: ["FUNCTION", "NAME", "RUNTIME", "MEMORY", "CODE", "EVENTS"])
            for f in stack.functions {
                table.rows.append([
                    f.logicalId, f.error == nil ? f.name : "\(f.name) (not served)", f.runtime, "\(f.memorySize)",
                    f.code, f.events.isEmpty ? "-" : f.events.joined(separator: ", "),
                ])
            }
            text += table.render()
            for f in stack.functions { if let error = f.error { text += "\(f.logicalId): not served: \(error)\n" } }
            if !stack.findings.isEmpty {
                text += "not emulated (\(stack.findings.count)):\n"
                for finding in stack.findings { text += "  \(finding)\n" }
            }
        }
        return text
    }
}
