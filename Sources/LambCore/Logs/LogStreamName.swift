import Foundation

/// Names of CloudWatch log streams: `YYYY/MM/DD/[<version>]<32 lowercase hex>`, one per execution environment.
public enum LogStreamName {
    public static func make(version: String, date: Date = Date()) -> String {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        let day = String(format: "%04d/%02d/%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1)
        return "\(day)/[\(version)]\(Identifiers.hex(bytes: 16))"
    }
}
