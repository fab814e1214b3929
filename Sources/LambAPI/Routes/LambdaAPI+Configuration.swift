import LambCore
import LambEngine

extension LambdaAPI {
    /// A function version's `FunctionConfiguration` as the API shows it at `moment`, with its layers' sizes.
    func configuration(_ definition: FunctionDefinition, _ moment: FunctionConfigurationJSON.Moment)
        -> FunctionConfigurationJSON
    {
        var json = FunctionConfigurationJSON(
            definition, account: registry.account, moment: moment,
            layerSizes: registry.layers.codeSizes(definition.settings.layers))
        if let state = registry.snapStartState(of: definition), moment != .listed {
            json.showSnapshot(state)
        }
        return json
    }
}
