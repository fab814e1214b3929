/// The numbers of one environment's /tmp disk: an ext4 file system in a sparse image file, sized so that the
/// function (never root) gets exactly `sizeMB` MiB of data blocks before `ENOSPC`, as on Lambda.
///
/// ext4 keeps part of its blocks for itself: its metadata (inode tables are 256 bytes per 16 KiB, ~1.6%, plus bitmaps
/// and group descriptors), and, once mounted, a reserve the kernel holds back for its own metadata updates (2% of the
/// blocks, at most 4096). So the image is made larger than `sizeMB` and whatever is left beyond `sizeMB` after both is
/// reserved for root (`tune2fs -r`): reserved blocks are exactly ext4's knob for "this many blocks, not more, for other
/// users". The image is sparse: only what the function writes (and a few hundred KiB of metadata) takes space on the
/// host.
struct TmpDiskGeometry: Sendable, Equatable {
    static let blockSize = 4096
    static let mebibyte = 1 << 20
    /// The kernel's own reserve caps at 4096 clusters (`ext4_calculate_resv_clusters`).
    static let kernelReserveCap: UInt64 = 4096

    /// The /tmp size the function sees (`EphemeralStorage`, MiB).
    let sizeMB: Int

    /// The image's length: `sizeMB` plus 4% and 32 MiB, more than ext4's metadata and the kernel's reserve take at
    /// every size from 512 MiB to 10,240 MiB (measured metadata: 18 MiB at 512, 48 at 2048, 177 at 10,240; the reserve
    /// is 2%, at most 16 MiB).
    var imageBytes: Int { (sizeMB + sizeMB / 25 + 32) * Self.mebibyte }

    /// The data blocks the function may use.
    var userBlocks: UInt64 { UInt64(sizeMB) * UInt64(Self.mebibyte / Self.blockSize) }

    /// What the kernel holds back once it mounts a file system of `totalBlocks`.
    static func kernelReserve(totalBlocks: UInt64) -> UInt64 { min(totalBlocks / 50, kernelReserveCap) }

    /// Blocks to reserve for root in a new file system (``Ext4Superblock``) so that ``userBlocks`` are left for
    /// everyone else once it is mounted.
    func reservedBlocks(_ superblock: Ext4Superblock) -> UInt64 {
        let kernel = min(superblock.freeBlocks, Self.kernelReserve(totalBlocks: superblock.totalBlocks))
        let available = superblock.freeBlocks - kernel
        return available > userBlocks ? available - userBlocks : 0
    }
}

/// The few fields of an ext4 superblock Lamb reads (the 1024 bytes at offset 1024 of the image).
struct Ext4Superblock: Equatable {
    static let offset = 1024
    static let length = 1024

    let totalBlocks: UInt64
    let freeBlocks: UInt64

    init(totalBlocks: UInt64, freeBlocks: UInt64) {
        self.totalBlocks = totalBlocks
        self.freeBlocks = freeBlocks
    }

    /// `nil` when `bytes` is not an ext4 superblock (no magic number, too short).
    init?(_ bytes: [UInt8]) {
        guard bytes.count >= Self.length else { return nil }
        func u16(_ at: Int) -> UInt64 { UInt64(bytes[at]) | UInt64(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt64 { u16(at) | u16(at + 2) << 16 }
        guard u16(0x38) == 0xEF53 else { return nil }
        // The high 32 bits count only on 64-bit file systems (INCOMPAT_64BIT).
        let is64Bit = u32(0x60) & 0x80 != 0
        totalBlocks = u32(0x04) | (is64Bit ? u32(0x150) << 32 : 0)
        freeBlocks = u32(0x0C) | (is64Bit ? u32(0x158) << 32 : 0)
    }
}
