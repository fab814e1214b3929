import Foundation

/// The text of an `Fn::Sub`, split into literal text and `${Name}` variables. `${!Literal}` is CloudFormation's
/// escape: it stands for the text `${Literal}`, not a variable.
struct SubstitutionTemplate: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case literal(String)
        /// `Name`, `AWS::Region` or `LogicalId.Attribute`.
        case variable(String)
    }

    var parts: [Part]

    init(_ text: String) {
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            literal += rest[..<start.lowerBound]
            let afterOpen = rest[start.upperBound...]
            guard let close = afterOpen.firstIndex(of: "}") else {
                // No closing brace: the rest is text, as CloudFormation leaves it.
                literal += rest[start.lowerBound...]
                rest = ""
                break
            }
            let content = afterOpen[..<close]
            if content.hasPrefix("!") {
                literal += "${" + content.dropFirst() + "}"
            } else {
                if !literal.isEmpty { parts.append(.literal(literal)) }
                literal = ""
                parts.append(.variable(content.trimmingWhitespace()))
            }
            rest = afterOpen[afterOpen.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
