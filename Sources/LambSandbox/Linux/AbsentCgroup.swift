/// The cgroup of an environment on a host that gives Lamb none (the rootless driver without a delegated subtree):
/// no limits, no freezing, nothing to read. The environment is still stopped as a whole: killing its jail's
/// monitor takes init down (`PR_SET_PDEATHSIG`), and with init the kernel kills everything in its pid namespace.
struct AbsentCgroup: Cgroup {
    var procsFiles: [String] { [] }
    func freeze() throws(SandboxError) {}
    func thaw() throws(SandboxError) {}
    func limitCPU(_ limits: CgroupLimits) throws(SandboxError) {}
    func killAll() {}
    func peakMemoryBytes() -> UInt64? { nil }
    func oomKills() -> Int { 0 }
    func threadIDs() -> [Int32] { [] }
    func remove() -> Bool { true }
}
