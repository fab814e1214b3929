#define _GNU_SOURCE
#include "lamb_sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

int lamb_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd, int out_fd,
               pid_t *pid_out) {
    return lamb_spawn_passing(path, argv, envp, cwd, out_fd, -1, pid_out);
}

int lamb_spawn_passing(const char *path, char *const argv[], char *const envp[], const char *cwd, int out_fd,
                       int pass_fd, pid_t *pid_out) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    int rc = posix_spawn_file_actions_init(&actions);
    if (rc != 0) return rc;
    rc = posix_spawnattr_init(&attr);
    if (rc != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return rc;
    }

    // The server ignores SIGPIPE and may block signals on its threads; a runtime must start with defaults.
    sigset_t empty, all;
    sigemptyset(&empty);
    sigfillset(&all);
    short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
#ifdef POSIX_SPAWN_SETSID
    flags |= POSIX_SPAWN_SETSID;
#else
    flags |= POSIX_SPAWN_SETPGROUP;
    posix_spawnattr_setpgroup(&attr, 0);
#endif
    posix_spawnattr_setflags(&attr, flags);
    posix_spawnattr_setsigmask(&attr, &empty);
    posix_spawnattr_setsigdefault(&attr, &all);

    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
    posix_spawn_file_actions_adddup2(&actions, out_fd, 2);
    // A copy above 3 first: dup2 onto itself would keep close-on-exec, and out_fd may be 3.
    int passed = -1;
    if (pass_fd >= 0) {
        passed = fcntl(pass_fd, F_DUPFD_CLOEXEC, 10);
        if (passed < 0) {
            rc = errno;
            posix_spawn_file_actions_destroy(&actions);
            posix_spawnattr_destroy(&attr);
            return rc;
        }
        posix_spawn_file_actions_adddup2(&actions, passed, 3);
    }
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    posix_spawn_file_actions_addclosefrom_np(&actions, pass_fd >= 0 ? 4 : 3);
#endif
    if (cwd != NULL) {
        posix_spawn_file_actions_addchdir_np(&actions, cwd);
    }

    rc = posix_spawn(pid_out, path, &actions, &attr, argv, envp);
    if (passed >= 0) close(passed);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    return rc;
}
