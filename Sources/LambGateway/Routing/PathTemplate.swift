/// A route's path as API Gateway writes it: `/users/{id}`, `/files/{proxy+}`, `/`.
///
/// Matching works on segments: a literal matches itself (case-sensitively, as API Gateway does), `{name}` matches
/// exactly one non-empty segment, and a greedy `{name+}` (only last) matches one or more segments — so `/{proxy+}`
/// does not match `/`, which is why SAM apps declare both. Empty segments (`//`, a trailing `/`) are ignored.
public struct PathTemplate: Sendable, Hashable, CustomStringConvertible {
    public enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
        case greedy(String)

        /// Literal before parameter before greedy: API Gateway's "most specific path wins", segment by segment.
        var rank: Int {
            switch self {
            case .literal: 2
            case .parameter: 1
            case .greedy: 0
            }
        }
    }

    /// As written in the template (`/users/{id}`); it is the event's `resource` / `resourcePath`.
    public let text: String
    public let segments: [Segment]

    /// Nil when `text` is not a path API Gateway would accept (no leading `/`, an empty `{}`, a greedy parameter
    /// before the end).
    public init?(_ text: String) {
        guard text.hasPrefix("/") else { return nil }
        var segments: [Segment] = []
        let parts = text.split(separator: "/", omittingEmptySubsequences: true)
        for (index, part) in parts.enumerated() {
            if part.hasPrefix("{") && part.hasSuffix("}") {
                var name = part.dropFirst().dropLast()
                let greedy = name.hasSuffix("+")
                if greedy { name = name.dropLast() }
                guard !name.isEmpty, !name.contains("{"), !name.contains("}") else { return nil }
                if greedy {
                    guard index == parts.count - 1 else { return nil }
                    segments.append(.greedy(String(name)))
                } else {
                    segments.append(.parameter(String(name)))
                }
            } else {
                guard !part.contains("{"), !part.contains("}") else { return nil }
                segments.append(.literal(String(part)))
            }
        }
        self.text = text
        self.segments = segments
    }

    public var description: String { text }

    /// The request path's segments (still percent-encoded, empty ones dropped).
    static func requestSegments(_ path: Substring) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    /// The path parameters, percent-decoded, in template order, when `path` matches; nil otherwise. A literal is
    /// compared with the decoded segment, so `/caf%C3%A9` matches a `/café` route.
    func match(_ path: [Substring]) -> [(String, String)]? {
        var parameters: [(String, String)] = []
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .literal(let literal):
                guard index < path.count, PercentDecoding.decode(path[index]) == literal else { return nil }
            case .parameter(let name):
                guard index < path.count else { return nil }
                parameters.append((name, PercentDecoding.decode(path[index])))
            case .greedy(let name):
                guard index < path.count else { return nil }
                parameters.append((name, path[index...].map { PercentDecoding.decode($0) }.joined(separator: "/")))
                return parameters
            }
        }
        return path.count == segments.count ? parameters : nil
    }

    /// Whether `self` is more specific than `other`: compared segment by segment, the first difference in kind
    /// decides (literal over parameter over greedy); when one is a prefix of the other, the longer one wins.
    func isMoreSpecific(than other: PathTemplate) -> Bool {
        for (mine, theirs) in zip(segments, other.segments) where mine.rank != theirs.rank {
            return mine.rank > theirs.rank
        }
        return segments.count > other.segments.count
    }
}
