import Foundation
import Testing

@testable import LambSandbox

@Suite("/tmp disks: geometry, superblock, pool policy, names, sweep")
struct TmpDiskTests {
    @Test("the image leaves room for ext4's metadata and the kernel's reserve at every Lambda size", arguments: [
        512, 1024, 2048, 10240,
    ])
    func imageIsLargeEnough(sizeMB: Int) {
        let geometry = TmpDiskGeometry(sizeMB: sizeMB)
        let blocks = UInt64(geometry.imageBytes / TmpDiskGeometry.blockSize)
        // Metadata measured below 1.8% + 12 MiB (mkfs.ext4 without journal and resize inode).
        let metadata = blocks * 18 / 1000 + 12 * 256
        let free = blocks - metadata
        let superblock = Ext4Superblock(totalBlocks: blocks, freeBlocks: free)
        let reserved = geometry.reservedBlocks(superblock)
        #expect(reserved > 0)
        #expect(free - reserved - TmpDiskGeometry.kernelReserve(totalBlocks: blocks) == geometry.userBlocks)
    }

    @Test("reserved blocks leave the user exactly the size, after the kernel's own reserve")
    func reservedBlocks() {
        let geometry = TmpDiskGeometry(sizeMB: 512)
        #expect(geometry.userBlocks == 131_072)
        // 2% of 140,000 blocks is 2,800 (under the 4,096 cap).
        let small = Ext4Superblock(totalBlocks: 140_000, freeBlocks: 135_000)
        #expect(geometry.reservedBlocks(small) == 135_000 - 2_800 - 131_072)
        // Capped at 4,096.
        let large = Ext4Superblock(totalBlocks: 1_000_000, freeBlocks: 990_000)
        #expect(TmpDiskGeometry(sizeMB: 3000).reservedBlocks(large) == 990_000 - 4_096 - 768_000)
        // Too small an image: nothing reserved (the user gets less, never an underflow).
        #expect(geometry.reservedBlocks(Ext4Superblock(totalBlocks: 100_000, freeBlocks: 90_000)) == 0)
    }

    @Test("a superblock's block counts, 32 and 64 bit; anything else is refused")
    func superblock() {
        var bytes = [UInt8](repeating: 0, count: 1024)
        func put32(_ value: UInt32, at offset: Int) {
            for i in 0..<4 { bytes[offset + i] = UInt8((value >> (8 * UInt32(i))) & 0xFF) }
        }
        #expect(Ext4Superblock(bytes) == nil, "no magic")
        bytes[0x38] = 0x53
        bytes[0x39] = 0xEF
        put32(140_000, at: 0x04)
        put32(135_000, at: 0x0C)
        put32(1, at: 0x150)
        put32(2, at: 0x158)
        #expect(Ext4Superblock(bytes) == Ext4Superblock(totalBlocks: 140_000, freeBlocks: 135_000), "high words ignored")
        put32(0x80, at: 0x60)
        #expect(
            Ext4Superblock(bytes) == Ext4Superblock(totalBlocks: 1 << 32 | 140_000, freeBlocks: 2 << 32 | 135_000))
        #expect(Ext4Superblock(Array(bytes.prefix(100))) == nil, "too short")
    }

    @Test("the pool keeps the default size, and other sizes once asked for, the most recent few")
    func policy() {
        var policy = TmpDiskPoolPolicy(defaultSizeMB: 512, defaultTarget: 4, otherTarget: 2, otherSizes: 2)
        #expect(policy.target(for: 512) == 4)
        #expect(policy.target(for: 2048) == 0)
        #expect(policy.nextKey(ready: [:]) == 512)
        #expect(policy.nextKey(ready: [512: 4]) == nil)
        policy.asked(for: 512)
        #expect(policy.sizes == [512])
        policy.asked(for: 2048)
        #expect(policy.target(for: 2048) == 2)
        #expect(policy.nextKey(ready: [512: 4]) == 2048)
        policy.asked(for: 1024)
        policy.asked(for: 2048)
        #expect(policy.sizes == [512, 2048, 1024], "most recent first, after the default")
        policy.asked(for: 4096)
        #expect(policy.sizes == [512, 4096, 2048])
        #expect(policy.target(for: 1024) == 0, "the least recently asked size is dropped")
        #expect(policy.nextKey(ready: [512: 4, 4096: 2, 2048: 1]) == 2048)
    }

    @Test("names carry the size, the owning Lamb's pid and a serial")
    func names() {
        let name = TmpDiskNames.name(sizeMB: 512, owner: 4242, serial: 7)
        #expect(name == "512m-4242-7")
        #expect(TmpDiskNames.image(name) == "512m-4242-7.img")
    }

    @Test("the sweep finds the mounts under its directory in mountinfo, escaped paths too")
    func mountPoints() {
        let mountinfo = """
            22 1 253:1 / / rw,relatime shared:1 - ext4 /dev/vda rw
            80 22 7:3 / /data/tmp-disks/512m-1-1 rw,nosuid,nodev - ext4 /dev/loop3 rw
            81 22 7:4 / /data/tmp-disks/with\\040space rw - ext4 /dev/loop4 rw
            82 22 7:5 / /data/tmp-disks-other/x rw - ext4 /dev/loop5 rw
            83 22 0:50 / /data/tmp-disks rw - tmpfs tmpfs rw
            """
        #expect(
            TmpDiskSweep.mountPoints(under: "/data/tmp-disks", mountinfo: mountinfo) == [
                "/data/tmp-disks/512m-1-1", "/data/tmp-disks/with space",
            ])
    }

    @Test("a disk's mount point names the Lamb that made it; other mount points name none")
    func owners() {
        #expect(TmpDiskNames.owner(ofMountPoint: "/srv/lamb/tmp-disks/512m-4205-3") == 4205)
        #expect(TmpDiskNames.owner(ofMountPoint: "/tmp/tmpx/tmp-disks/10240m-17-1") == 17)
        #expect(TmpDiskNames.owner(ofMountPoint: "/srv/lamb/tmp-disks") == nil)
        #expect(TmpDiskNames.owner(ofMountPoint: "/srv/other/512m-4205-3") == nil)
        #expect(TmpDiskNames.owner(ofMountPoint: "/srv/lamb/tmp-disks/notes-1-2") == nil)
    }
}
