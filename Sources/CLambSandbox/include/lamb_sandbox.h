#ifndef LAMB_SANDBOX_H
#define LAMB_SANDBOX_H

#include <sys/types.h>

/// Starts `path` with `argv`/`envp` in `cwd` as the leader of a new session (so the whole process tree can be
/// signalled as one group), with stdin from /dev/null and stdout+stderr on `out_fd`. Every other descriptor is
/// closed in the child. Signal mask and dispositions are reset to defaults.
/// Returns 0 and stores the pid, or an errno value.
int lamb_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd, int out_fd,
               pid_t *pid_out);

/// A pidfd for `pid` (close-on-exec): it becomes readable when the process ends, whether or not it is the caller's
/// child. Returns the descriptor, or -1 with errno set (ENOSYS on kernels before 5.3).
int lamb_pidfd_open(pid_t pid);

/// Reconfigures the file system mounted at `mount_point` with exactly these boolean options set (`fspick` +
/// `fsconfig`): options not listed are cleared, so pass the ones it has. Returns 0 or an errno value.
int lamb_reconfigure_flags(const char *mount_point, const char *const flags[], int count);

#endif
