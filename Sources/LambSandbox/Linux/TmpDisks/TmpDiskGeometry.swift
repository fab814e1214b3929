/// The numbers of one environment's /tmp disk: an ext4 file system in a sparse image file, sized so that the
/// function (never root) gets exactly `sizeMB` MiB of data blocks before `ENOSPC`, as on Lambda.
///
/// ext4 keeps part of its blocks for itself (inode tables are 256 bytes per 16 KiB, ~1.6%, plus bitmaps and group
/// descriptors), so the image is made a little larger than `sizeMB` and the surplus is reserved for root
/// (`tune2fs -r`): reserved blocks are exactly the knob ext4 has for "this many blocks, not more, for other users".
/// The image is sparse: only what the function writes (and a few MiB of metadata) takes space on the host.
struct TmpDiskGeometry: Sendable, Equatable {
    static let blockSize = 4096
    static let mebibyte = 1 << 20

    /// The /tmp size the function sees (`EphemeralStorage`, MiB).
    let sizeMB: Int

    /// The image's length: `sizeMB` plus 2% and 16 MiB for ext4's own metadata, which is more than it takes at every
    /// size from 512 MiB to 10,240 MiB (measured: 18 MiB at 512, 48 at 2048, 177 at 10,240).
    var imageBytes: Int { (sizeMB + sizeMB / 50 + 16) * Self.mebibyte }

    /// The data blocks the function may use.
    var userBlocks: UInt64 { UInt64(sizeMB) * UInt64(Self.mebibyte / Self.blockSize) }

    /// Blocks to reserve for root once the file system is made with `freeBlocks` free: everything beyond
    /// ``userBlocks``.
    func reservedBlocks(freeBlocks: UInt64) -> UInt64 {
        freeBlocks > userBlocks ? freeBlocks - userBlocks : 0
    }
}

/// The few fields of an ext4 superblock Lamb reads (the 1024 bytes at offset 1024 of the image).
struct Ext4Superblock: Equatable {
    static let offset = 1024
    static let length = 1024

    let freeBlocks: UInt64

    /// `nil` when `bytes` is not an ext4 superblock (no magic number, too short).
    init?(_ bytes: [UInt8]) {
        guard bytes.count >= Self.length else { return nil }
        func u16(_ at: Int) -> UInt64 { UInt64(bytes[at]) | UInt64(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt64 { u16(at) | u16(at + 2) << 16 }
        guard u16(0x38) == 0xEF53 else { return nil }
        // The high 32 bits count only on 64-bit file systems (INCOMPAT_64BIT).
        let is64Bit = u32(0x60) & 0x80 != 0
        freeBlocks = u32(0x0C) | (is64Bit ? u32(0x158) << 32 : 0)
    }
}
