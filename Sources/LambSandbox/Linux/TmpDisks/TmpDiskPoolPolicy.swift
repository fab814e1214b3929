/// How many ready /tmp disks of each size the pool keeps.
///
/// The default size (512 MiB, what most functions have) is always kept; another size is kept once some environment
/// has asked for it, for the few most recently asked, so a function with `EphemeralStorage` 2048 pays the format once,
/// not at every cold start. Each ready disk costs a loop device, a mount and a few MiB of the data directory's disk
/// (the image is sparse).
struct TmpDiskPoolPolicy: PreparedPoolPolicy, Equatable {
    var defaultSizeMB = 512
    /// Ready disks of the default size.
    var defaultTarget = 4
    /// Ready disks of each other size in use.
    var otherTarget = 2
    /// How many other sizes are kept ready at once.
    var otherSizes = 3

    /// Other sizes asked for, most recent last.
    private(set) var recentSizes: [Int] = []

    init(defaultSizeMB: Int = 512, defaultTarget: Int = 4, otherTarget: Int = 2, otherSizes: Int = 3) {
        self.defaultSizeMB = defaultSizeMB
        self.defaultTarget = defaultTarget
        self.otherTarget = otherTarget
        self.otherSizes = otherSizes
    }

    /// Notes that an environment asked for `sizeMB`.
    mutating func asked(for sizeMB: Int) {
        guard sizeMB != defaultSizeMB else { return }
        recentSizes.removeAll { $0 == sizeMB }
        recentSizes.append(sizeMB)
        if recentSizes.count > otherSizes { recentSizes.removeFirst(recentSizes.count - otherSizes) }
    }

    /// How many ready disks of `sizeMB` the pool should hold now.
    func target(for sizeMB: Int) -> Int {
        if sizeMB == defaultSizeMB { return defaultTarget }
        return recentSizes.contains(sizeMB) ? otherTarget : 0
    }

    /// The sizes the pool holds disks of, the default first.
    var sizes: [Int] { [defaultSizeMB] + recentSizes.reversed() }

    /// The next size to make a disk of, given how many of each are ready; `nil` when every target is met.
    func nextKey(ready: [Int: Int]) -> Int? {
        sizes.first { ready[$0, default: 0] < target(for: $0) }
    }
}
