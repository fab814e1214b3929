#define _GNU_SOURCE
#include "lamb_sandbox.h"

#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

int lamb_pidfd_open(pid_t pid) {
    // pidfds are close-on-exec by default.
    return (int)syscall(SYS_pidfd_open, pid, 0);
}
