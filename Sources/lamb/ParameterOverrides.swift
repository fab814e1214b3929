import ArgumentParser
import Foundation

/// `--parameter-overrides` in SAM's two spellings: `Key=Value` and CloudFormation's
/// `ParameterKey=Key,ParameterValue=Value`. Values may be quoted ("a b" or 'a b').
enum ParameterOverrides {
    static func parse(_ items: [String]) throws -> [String: String] {
        var result: [String: String] = [:]
        for item in items {
            if item.hasPrefix("ParameterKey=") {
                guard let comma = item.range(of: ",ParameterValue=") else {
                    throw ValidationError("--parameter-overrides: expected ParameterKey=K,ParameterValue=V, got \(item)")
                }
                let key = String(item[item.index(item.startIndex, offsetBy: 13)..<comma.lowerBound])
                result[key] = unquote(String(item[comma.upperBound...]))
                continue
            }
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw ValidationError("--parameter-overrides: expected Key=Value, got \(item)")
            }
            result[String(item[..<equals])] = unquote(String(item[item.index(after: equals)...]))
        }
        return result
    }

    private static func unquote(_ text: String) -> String {
        for quote in ["\"", "'"] where text.count >= 2 && text.hasPrefix(quote) && text.hasSuffix(quote) {
            return String(text.dropFirst().dropLast())
        }
        return text
    }
}
