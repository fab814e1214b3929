/// The findings of one load, in the order they were made, each reported once (a queue referenced by ten functions
/// is one line, not ten).
struct FindingLog: Sendable {
    private(set) var findings: [TemplateFinding] = []
    private var seen: Set<String> = []

    mutating func add(_ finding: TemplateFinding) {
        let key = "\(finding.logicalId)\u{0}\(finding.path)"
        guard seen.insert(key).inserted else { return }
        findings.append(finding)
    }

    mutating func add(contentsOf more: [TemplateFinding]) {
        for finding in more { add(finding) }
    }
}
