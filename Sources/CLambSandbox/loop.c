// Loop devices for environments' /tmp disks (see TmpDisk.swift): a free device from the kernel, configured in one
// ioctl (LOOP_CONFIGURE, Linux 5.8+) with the image already formatted.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "lamb_sandbox.h"

#ifndef LOOP_CONFIGURE
#define LOOP_CONFIGURE 0x4C0A
struct loop_config {
    __u32 fd;
    __u32 block_size;
    struct loop_info64 info;
    __u64 __reserved[8];
};
#endif

/// Opens /dev/loop<index>, making the node when /dev has none (a static /dev without devtmpfs).
static int open_loop(int index) {
    char path[64];
    snprintf(path, sizeof path, "/dev/loop%d", index);
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        if (mknod(path, S_IFBLK | 0660, makedev(7, (unsigned)index)) < 0 && errno != EEXIST) return -1;
        fd = open(path, O_RDWR | O_CLOEXEC);
    }
    return fd;
}

static int configure(int loop_fd, int backing_fd, int direct_io) {
    struct loop_config config;
    memset(&config, 0, sizeof config);
    config.fd = (__u32)backing_fd;
    // The file system's block size: direct I/O needs the loop's blocks to be a multiple of the backing file
    // system's, and 4096 is at least that on the file systems a data directory lives on.
    config.block_size = direct_io ? 4096 : 0;
    // Autoclear: the device frees itself when its last user goes (the mount, or this process if it dies first), so
    // nothing has to detach it and a killed Lamb leaves no attached device behind.
    config.info.lo_flags = LO_FLAGS_AUTOCLEAR | (direct_io ? LO_FLAGS_DIRECT_IO : 0);
    return ioctl(loop_fd, LOOP_CONFIGURE, &config);
}

int lamb_loop_attach(int backing_fd, int direct_io, int *loop_fd_out, int *index_out, int *direct_io_out) {
    int control = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
    if (control < 0) return errno;
    int result = EBUSY;
    // Another process (another Lamb, losetup) may take the device the kernel named free before we configure it.
    for (int attempt = 0; attempt < 32; attempt++) {
        int index = ioctl(control, LOOP_CTL_GET_FREE);
        if (index < 0) {
            result = errno;
            break;
        }
        int fd = open_loop(index);
        if (fd < 0) {
            result = errno;
            break;
        }
        int direct = direct_io;
        int rc = configure(fd, backing_fd, direct);
        if (rc < 0 && errno == EINVAL && direct) {
            // The backing file system cannot do direct I/O (tmpfs, some overlays): buffered it is.
            direct = 0;
            rc = configure(fd, backing_fd, 0);
        }
        if (rc == 0) {
            *loop_fd_out = fd;
            *index_out = index;
            *direct_io_out = direct;
            close(control);
            return 0;
        }
        result = errno;
        close(fd);
        if (result != EBUSY) break;
    }
    close(control);
    return result;
}
