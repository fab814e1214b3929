import ArgumentParser
import Foundation
import LambAPI
import LambCore
import LambTemplates

/// `lamb template`: look at a template the way `lamb serve` reads it, without serving.
struct TemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template", abstract: "Check SAM / CloudFormation templates.",
        subcommands: [TemplateCheckCommand.self, TemplateSupportCommand.self])
}

/// `lamb template support`: the table of every resource type, property and event type Lamb reads, and what it does
/// with each (docs/templates.md is made from it).
struct TemplateSupportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "support", abstract: "Print what Lamb does with each resource type, property and event type.")

    @Flag(help: "Markdown tables instead of plain text.") var markdown = false

    func run() {
        let sections: [(String, [PropertySupport])] = [
            ("Resource types", PropertyCatalog.resourceTypes),
            ("Properties", PropertyCatalog.properties),
            ("Events of AWS::Serverless::Function", PropertyCatalog.eventTypes),
        ]
        for (title, rows) in sections {
            // A resource type's own row has no property: its table has no property column.
            let withProperty = rows.contains { !$0.property.isEmpty }
            let header = ["RESOURCE TYPE"] + (withProperty ? ["PROPERTY"] : []) + ["LAMB", "WHAT LAMB DOES"]
            let cells = rows.map { row in
                [row.resourceType] + (withProperty ? [row.property] : []) + [row.level.rawValue, row.detail]
            }
            if markdown {
                Console.out("### \(title)\n\n")
                Console.out("| " + header.joined(separator: " | ") + " |\n")
                Console.out("|" + String(repeating: "---|", count: header.count) + "\n")
                for row in cells {
                    let code = row.enumerated().map { $0.offset < (withProperty ? 2 : 1) ? "`\($0.element)`" : $0.element }
                    Console.out("| " + code.joined(separator: " | ") + " |\n")
                }
                Console.out("\n")
            } else {
                Console.out("\(title):\n" + TextTable(header: header, rows: cells).render() + "\n")
            }
        }
    }
}

/// `lamb template check [PATH]`: loads a template as `lamb serve` would (parameters, conditions, intrinsics,
/// Globals) and prints its functions and everything Lamb does not emulate, one line each. Exit codes: 0 loaded
/// (with `--strict`: and nothing unsupported), 1 unsupported items with `--strict`, 2 the template cannot be loaded.
struct TemplateCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Print what Lamb would load from a template and what it does not emulate.")

    @Argument(help: "The template (default: template.yaml|yml|json here).") var path: String?
    @OptionGroup var template: TemplateOptions
    @Option(help: "Region for AWS::Region and ARNs.") var region = "us-east-1"
    @Option(name: .customLong("account-id"), help: "Account id for AWS::AccountId and ARNs.") var accountId = "000000000000"
    @Flag(help: "Exit 1 when anything is not emulated.") var strict = false

    func run() async throws {
        var options = template
        if let path { options.templates.insert(path, at: 0) }
        let templates = options.resolvedTemplates()
        guard !templates.isEmpty else {
            Console.err("lamb: no template.yaml, template.yml or template.json here; give a path\n")
            throw ExitCode(2)
        }
        let overrides = try ParameterOverrides.parse(options.parameterOverrides)
        var findings = 0
        var names = StackConfiguration()
        names.templates = templates
        names.stackName = options.stackName
        for file in templates {
            let context = TemplateContext(
                account: AccountContext(region: region, accountId: accountId),
                stackName: names.stackName(for: file), parameterOverrides: overrides)
            let stack: LoadedStack
            do {
                stack = try TemplateLoader(context: context).load(path: file)
            } catch {
                Console.err("lamb: \(error)\n")
                throw ExitCode(2)
            }
            Console.out(Self.render(stack))
            findings += stack.findings.count
        }
        if strict && findings > 0 { throw ExitCode(1) }
    }

    static func render(_ stack: LoadedStack) -> String {
        var text = "stack \(stack.stackName) (\(stack.templatePath))\n"
        var table = TextTable(header: ["FUNCTION", "NAME", "RUNTIME", "HANDLER", "MEMORY", "TIMEOUT", "EVENTS"])
        for f in stack.functions {
            table.rows.append([
                f.logicalId, f.name, f.settings.runtime ?? "-", f.settings.handler ?? "-",
                "\(f.settings.memorySize ?? Quotas.defaultMemory)", "\(f.settings.timeout ?? Quotas.defaultTimeout)",
                f.events.isEmpty ? "-" : f.events.map { "\($0.name) (\($0.type))" }.joined(separator: ", "),
            ])
        }
        text += table.render()
        for layer in stack.layers { text += "layer \(layer.logicalId): \(layer.name)\n" }
        if stack.findings.isEmpty {
            text += "everything in this template is emulated\n"
        } else {
            text += "not emulated (\(stack.findings.count)):\n"
            for finding in stack.findings { text += "  \(finding)\n" }
        }
        return text
    }
}
