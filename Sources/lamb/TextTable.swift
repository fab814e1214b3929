/// A plain-text table with a header row and left-aligned columns two spaces apart, as `docker ps` prints them.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    /// The table, one line per row, each ending in a newline. The last column is not padded (no trailing blanks).
    func render() -> String {
        let all = [header] + rows
        var widths = Array(repeating: 0, count: header.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        var text = ""
        for row in all {
            var line = ""
            for (index, cell) in row.enumerated() {
                if index == row.count - 1 {
                    line += cell
                } else {
                    line += cell + String(repeating: " ", count: widths[index] - cell.count + 2)
                }
            }
            text += line + "\n"
        }
        return text
    }
}
