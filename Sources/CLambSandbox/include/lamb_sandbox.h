#ifndef LAMB_SANDBOX_H
#define LAMB_SANDBOX_H

#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

/// Starts `path` with `argv`/`envp` in `cwd` as the leader of a new session (so the whole process tree can be
/// signalled as one group), with stdin from /dev/null and stdout+stderr on `out_fd`. Every other descriptor is
/// closed in the child. Signal mask and dispositions are reset to defaults.
/// Returns 0 and stores the pid, or an errno value.
int lamb_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd, int out_fd,
               pid_t *pid_out);

/// `lamb_spawn`, and the child also gets `pass_fd` (when it is not -1) as its descriptor 3, without close-on-exec
/// (the jail's `--netns-fd 3`).
int lamb_spawn_passing(const char *path, char *const argv[], char *const envp[], const char *cwd, int out_fd,
                       int pass_fd, pid_t *pid_out);

/// A pidfd for `pid` (close-on-exec): it becomes readable when the process ends, whether or not it is the caller's
/// child. Returns the descriptor, or -1 with errno set (ENOSYS on kernels before 5.3).
int lamb_pidfd_open(pid_t pid);

/// An epoll instance (close-on-exec), and descriptors watched for reading in it; `lamb_epoll_wait` blocks until
/// some are readable and writes up to `capacity` (at most 64) of them to `fds`, returning how many (or -1).
int lamb_epoll_create(void);
int lamb_epoll_watch(int epfd, int fd);
int lamb_epoll_unwatch(int epfd, int fd);
int lamb_epoll_wait(int epfd, int *fds, int capacity);

/// Reconfigures the file system mounted at `mount_point` with exactly these boolean options set (`fspick` +
/// `fsconfig`): options not listed are cleared, so pass the ones it has. Returns 0 or an errno value.
int lamb_reconfigure_flags(const char *mount_point, const char *const flags[], int count);

/// Attaches `backing_fd` (an image file, opened read-write) to a free loop device, configured in one step with
/// autoclear (the device frees itself when its last user, e.g. the mount, goes) and, when `direct_io` is set and the
/// backing file system allows it, direct I/O (no second copy of the data in the page cache). Stores the open device
/// (close-on-exec: mount it, then close it), its index, and whether direct I/O is on. Returns 0 or an errno value.
int lamb_loop_attach(int backing_fd, int direct_io, int *loop_fd_out, int *index_out, int *direct_io_out);

/// Who owns the other end of a TCP connection accepted on this host: the socket connected from `peer` to `local`
/// (both the accepted socket's addresses, IPv4 or IPv6), looked up through sock_diag. Stores its owner's uid and its
/// inode. Returns 0, ENOENT when no socket on this host matches (the peer is on another host, or already gone), or
/// another errno value.
int lamb_tcp_peer_owner(const struct sockaddr *local, const struct sockaddr *peer, uint32_t *uid_out,
                        uint64_t *inode_out);

/// `lamb_tcp_peer_owner` through `diag_fd`, a NETLINK_SOCK_DIAG socket: it sees the sockets of the network namespace
/// it was created in, so a connection accepted on a listener inside an environment's namespace is looked up through
/// a socket made in that namespace. The caller serialises uses of one `diag_fd`.
int lamb_tcp_peer_owner_via(int diag_fd, const struct sockaddr *local, const struct sockaddr *peer, uint32_t *uid_out,
                            uint64_t *inode_out);

/// A network namespace made for one environment, and what lives in it.
struct lamb_netns {
    /// The namespace (an nsfs descriptor: `setns` joins it; it lives as long as this or anything in it does).
    int namespace_fd;
    /// A TCP socket listening on 127.0.0.1:`port` inside.
    int listen_fd;
    uint16_t port;
    /// A NETLINK_SOCK_DIAG socket inside (see `lamb_tcp_peer_owner_via`).
    int diag_fd;
};

/// Makes a new network namespace with its loopback up, a socket listening on 127.0.0.1:`port` in it (0: any free
/// port) and a sock_diag socket in it, all close-on-exec; the calling thread is back in its own namespace on return.
/// Needs CAP_SYS_ADMIN. Returns 0, or an errno value (then nothing is left open).
int lamb_netns_create(uint16_t port, struct lamb_netns *out);

/// A new socket listening on 127.0.0.1:`port` (0: any free port) inside the namespace `namespace_fd`; stores it
/// (close-on-exec, non-blocking) and the port it got. Returns 0 or an errno value.
int lamb_netns_listen(int namespace_fd, uint16_t port, int *listen_out, uint16_t *port_out);

#endif
