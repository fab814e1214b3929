/// A parameter's `Type`, reduced to what decides its value's shape and checks.
struct ParameterType: Sendable, Equatable {
    /// The type as written.
    var name: String
    /// `CommaDelimitedList`, `List<...>`: the value is a list (from comma-separated text).
    var isList: Bool
    /// `Number`, `List<Number>`: each item must be a number.
    var isNumeric: Bool
    /// `AWS::SSM::Parameter::Value<...>`: CloudFormation would read the value from Parameter Store.
    var readsParameterStore: Bool

    /// Parses `Type`, or returns nil for a type CloudFormation does not have.
    init?(_ name: String) {
        self.name = name
        var inner = name
        readsParameterStore = false
        if name.hasPrefix("AWS::SSM::Parameter::Value<"), name.hasSuffix(">") {
            readsParameterStore = true
            inner = String(name.dropFirst("AWS::SSM::Parameter::Value<".count).dropLast())
        }
        if inner == "CommaDelimitedList" {
            isList = true
            isNumeric = false
        } else if inner.hasPrefix("List<"), inner.hasSuffix(">") {
            isList = true
            isNumeric = inner == "List<Number>"
        } else if inner == "String" || inner == "Number" || inner.hasPrefix("AWS::") {
            isList = false
            isNumeric = inner == "Number"
        } else {
            return nil
        }
    }
}
