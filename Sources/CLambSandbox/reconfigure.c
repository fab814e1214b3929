#define _GNU_SOURCE
#include "lamb_sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

// The new mount API (Linux 5.2): reconfigures a superblock without touching the mount's own flags (nosuid, nodev,
// ...), which a mount(2) remount would reset unless they were all passed again.
#ifndef SYS_fspick
#define SYS_fspick 433
#endif
#ifndef SYS_fsconfig
#define SYS_fsconfig 431
#endif
#define LAMB_FSPICK_CLOEXEC 0x1
#define LAMB_FSCONFIG_SET_FLAG 0
#define LAMB_FSCONFIG_CMD_RECONFIGURE 7

int lamb_reconfigure_flags(const char *mount_point, const char *const flags[], int count) {
    int fd = (int)syscall(SYS_fspick, AT_FDCWD, mount_point, LAMB_FSPICK_CLOEXEC);
    if (fd < 0) return errno;
    int result = 0;
    for (int i = 0; i < count && result == 0; i++) {
        if (syscall(SYS_fsconfig, fd, LAMB_FSCONFIG_SET_FLAG, flags[i], NULL, 0) != 0) result = errno;
    }
    if (result == 0 && syscall(SYS_fsconfig, fd, LAMB_FSCONFIG_CMD_RECONFIGURE, NULL, NULL, 0) != 0) result = errno;
    close(fd);
    return result;
}
