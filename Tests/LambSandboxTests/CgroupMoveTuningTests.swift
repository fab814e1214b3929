import Testing

@testable import LambSandbox

@Suite("favordynmods on the cgroup v2 mount")
struct CgroupMoveTuningTests {
    let mountInfo = """
        25 30 0:23 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
        31 25 0:27 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
        41 31 0:38 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
        42 31 0:39 / /sys/fs/cgroup/memory rw,relatime shared:11 - cgroup cgroup rw,memory
        """

    @Test func readsTheOptionsOfTheV2Mount() {
        #expect(
            CgroupMoveTuning.superOptions(mountPoint: "/sys/fs/cgroup/unified", mountInfo: mountInfo)
                == ["rw", "nsdelegate", "memory_recursiveprot"])
    }

    @Test func ignoresMountsThatAreNotCgroup2() {
        #expect(CgroupMoveTuning.superOptions(mountPoint: "/sys/fs/cgroup/memory", mountInfo: mountInfo) == nil)
        #expect(CgroupMoveTuning.superOptions(mountPoint: "/sys/fs/cgroup", mountInfo: mountInfo) == nil)
    }

    @Test func aHostWithoutV2HasNothingToTune() {
        let host = CgroupHost(layout: .v1(controllers: ["memory": "/sys/fs/cgroup/memory"], unified: nil), instance: "i")
        #expect(CgroupMoveTuning.state(of: host) == .unavailable(reason: "there is no cgroup v2 hierarchy to set favordynmods on"))
    }
}
