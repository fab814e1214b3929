/// What an unquoted, untagged YAML scalar means in a template.
///
/// CloudFormation reads YAML 1.1-ish: `true`/`false`, integers, floats and `null`/`~` are typed; everything else is
/// text. `yes`/`no`/`on`/`off` stay text on purpose: YAML 1.1 would make them booleans, but in a template they are
/// almost always meant as words (an environment variable `DEBUG: yes` must reach the function as `yes`, not
/// `true`), and every property that wants a boolean accepts the text too. Timestamps (`2012-10-17`) stay text,
/// as IAM policy versions need.
enum PlainScalar {
    static func value(of text: String) -> TemplateValue {
        if ["", "~", "null", "Null", "NULL"].contains(text) { return .null }
        if ["true", "True", "TRUE"].contains(text) { return .bool(true) }
        if ["false", "False", "FALSE"].contains(text) { return .bool(false) }
        if isNumber(text) { return .number(text) }
        return .string(text)
    }

    /// Decimal integers and floats (`128`, `-1`, `0.5`, `1e3`, `.5`) and hexadecimal integers (`0x1F`), as YAML 1.1
    /// resolves them; underscores and sexagesimal numbers are left as text (no template means them as numbers).
    static func isNumber(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if let sign = scalars.first, sign == "-" || sign == "+" { scalars = scalars.dropFirst() }
        if scalars.starts(with: "0x".unicodeScalars) {
            let digits = scalars.dropFirst(2)
            return !digits.isEmpty && digits.allSatisfy(\.properties.isASCIIHexDigit)
        }
        let integer = scalars.prefix { $0.isDigit }
        scalars = scalars.dropFirst(integer.count)
        var fraction = Substring.UnicodeScalarView.SubSequence()
        if scalars.first == "." {
            scalars = scalars.dropFirst()
            fraction = scalars.prefix { $0.isDigit }
            scalars = scalars.dropFirst(fraction.count)
        }
        guard !integer.isEmpty || !fraction.isEmpty else { return false }
        if let e = scalars.first, e == "e" || e == "E" {
            scalars = scalars.dropFirst()
            if let sign = scalars.first, sign == "-" || sign == "+" { scalars = scalars.dropFirst() }
            let exponent = scalars.prefix { $0.isDigit }
            guard !exponent.isEmpty else { return false }
            scalars = scalars.dropFirst(exponent.count)
        }
        return scalars.isEmpty
    }
}

extension Unicode.Scalar {
    fileprivate var isDigit: Bool { ("0"..."9").contains(self) }
}
