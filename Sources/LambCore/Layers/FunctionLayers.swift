/// A function's `Layers`: the layer versions it names, in order (later layers win where files collide at `/opt`).
public enum FunctionLayers {
    /// Resolves the layer version ARNs of a CreateFunction or UpdateFunctionConfiguration request. Throws
    /// `InvalidParameterValueException` for a malformed ARN, two versions of one layer, or a version that does not
    /// exist (`lookup` answers `nil`; layers of other accounts and regions do not exist locally).
    public static func resolve(_ arns: [String], lookup: (LayerVersionArn) -> LayerVersion?) throws(LambError)
        -> [LayerVersion]
    {
        if arns.count > Quotas.layersPerFunction {
            throw LambError.invalidParameter("Cannot reference more than \(Quotas.layersPerFunction) layers.")
        }
        var resolved: [LayerVersion] = []
        var seen: [String: String] = [:]
        for raw in arns {
            guard let arn = LayerVersionArn.parse(raw) else { throw LayerVersionArn.invalidArn(raw, member: "layers") }
            if let earlier = seen[arn.layerArn] {
                throw LambError.invalidParameter(
                    "Two different versions of the same layer are not allowed to be referenced in the same function. "
                        + "\(earlier) and \(raw) share the same layer.")
            }
            seen[arn.layerArn] = raw
            guard let version = lookup(arn) else {
                throw LambError.invalidParameter("Layer version \(raw) does not exist.")
            }
            resolved.append(version)
        }
        return resolved
    }

    /// Lambda counts a function's unpacked code and all its layers against one 250 MB quota.
    public static func checkCombinedSize(codeBytes: Int, layers: [LayerVersion]) throws(LambError) {
        let total = codeBytes + layers.reduce(0) { $0 + $1.unzippedSize }
        if total > Quotas.unzippedBytes {
            throw LambError.invalidParameter(
                "Function code combined with layers exceeds the maximum allowed size of \(Quotas.unzippedBytes) "
                    + "bytes. The actual size is \(total) bytes.")
        }
    }
}
