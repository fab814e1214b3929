/// Whether publishing `latest` would make a new version: Lambda creates one only when the code or the configuration
/// changed since the last published version (a new `Description` alone does not count).
public enum VersionSnapshot {
    public static func differs(_ latest: FunctionDefinition, from last: FunctionDefinition?) -> Bool {
        guard let last else { return true }
        var settings = latest.settings
        settings.description = last.settings.description
        return latest.code.sha256 != last.code.sha256 || settings != last.settings
    }
}
