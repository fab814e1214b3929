import LambCore

/// Why an image could not be found, fetched or unpacked. Shown to the user through ``lambError``.
public enum ImageError: Error, Equatable, CustomStringConvertible {
    case invalidReference(String)
    case notFound(String)
    case unreadable(String)
    case corrupt(String)
    case unsupported(String)
    case unsafePath(String)
    case registry(String)

    public var description: String {
        switch self {
        case .invalidReference(let s): "invalid image reference: \(s)"
        case .notFound(let s): s
        case .unreadable(let path): "cannot read \(path)"
        case .corrupt(let s): "the image is corrupt: \(s)"
        case .unsupported(let s): s
        case .unsafePath(let s): "the image has an entry outside its root: \(s)"
        case .registry(let s): s
        }
    }

    /// Lambda's answer to an `ImageUri` it cannot use (`InvalidParameterValueException`), with Lamb's reason.
    public func lambError(uri: String) -> LambError {
        switch self {
        case .invalidReference:
            LambError.invalidParameter(
                "Source image \(uri) is not valid. Provide a valid source image. (\(description))")
        default:
            LambError.invalidParameter(
                "Source image \(uri) does not exist. Provide a valid source image. (Lamb: \(description))")
        }
    }
}
