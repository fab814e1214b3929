/// `PackageType`: how a function's code is delivered.
public enum PackageType: String, Codable, Sendable, Equatable {
    case zip = "Zip"
    case image = "Image"

    /// Lambda's enum check, with its wording.
    public static func parse(_ raw: String) throws(LambError) -> PackageType {
        guard let type = PackageType(rawValue: raw) else {
            throw LambError.invalidParameter(
                "1 validation error detected: Value '\(raw)' at 'packageType' failed to satisfy constraint: Member "
                    + "must satisfy enum value set: [Image, Zip]")
        }
        return type
    }
}
