/// Why a directory could not be zipped: a file that cannot be read or listed, or one a zip cannot hold (a socket, a
/// FIFO, a device). The message names the path and is meant for the user as it is.
public struct DirectoryArchiveError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
