// lamb-jail: puts one execution environment's runtime into its sandbox, then execs it.
//
// Lamb starts this small single-threaded program with posix_spawn (the server never forks), and it does what a
// multithreaded Swift process must not do between fork and exec: join the environment's cgroups (and, with
// `--network isolated`, the network namespace Lamb made for it), enter new mount, pid, uts and ipc namespaces, build
// the environment's root file system, drop privileges and set rlimits.
//
// Process structure (pids as the host sees them):
//
//   lamb serve
//     └─ lamb-jail (the monitor: stays in the host pid namespace, outside the environment's cgroup)
//          └─ init (pid 1 of the new pid namespace, outside the cgroup too: reaps orphans, forwards SIGTERM)
//               └─ runtime (exec'd: python, node, bootstrap ...)
//
// The monitor exits the way the runtime did (same exit code, or killed by the same signal), so Lamb's reaper sees
// the runtime's own exit status. When init dies, the kernel kills everything left in the namespace; when the
// monitor dies, init gets SIGKILL (PR_SET_PDEATHSIG), so no process of an environment outlives its monitor.
//
// Usage: lamb-jail [options] -- EXECUTABLE [ARGS...]   (the environment comes from envp unchanged)
//   --root DIR            an empty directory to build the new root in (host path)
//   --ro PATH             bind PATH read-only at the same path inside (repeatable)
//   --bind HOST:INSIDE    bind HOST read-only at INSIDE (repeatable)
//   --bind-rw HOST:INSIDE bind HOST read-write at INSIDE (a file system the function mounts; repeatable)
//   --image-root DIR      the new root is DIR (a container image's unpacked root file system), bound read-only,
//                         instead of a tmpfs holding the host's system directories; /proc, /dev, /tmp and the
//                         --bind targets are mounted over it (their mount points must exist in DIR: Lamb makes them
//                         when it unpacks the image). --ro is not used with it.
//   --extension PATH      an external extension (inside path) init starts before the runtime, under the same limits,
//                         identity and filter (repeatable; a container image's /opt/extensions, which has no shell
//                         to run Lamb's launcher script)
//   --extension-token T   when an extension exits, init writes "T NAME STATUS" on stderr (Lamb's marker, kept out of
//                         the function's log)
//   --tmp-mb N            /tmp is a tmpfs of N MiB
//   --tmp-dir HOST        /tmp is HOST, bound read-write (the environment's /tmp disk, mounted by Lamb); wins over
//                         --tmp-mb
//   --cgroup FILE         the runtime joins this cgroup (a cgroup.procs file) before its exec (repeatable)
//   --uid N --gid N       the unprivileged identity the runtime runs as
//   --hostname NAME
//   --chdir DIR           working directory inside (default /)
//   --nproc N --nofile N  RLIMIT_NPROC and RLIMIT_NOFILE of the runtime
//   --plain               no namespaces, no new root, no monitor: drop to --uid/--gid, set the limits and the
//                         syscall filter, and exec in place (the plain-process driver, when Lamb runs as root)
//   --allow-namespaces    leave namespace and mount calls to the runtime (a SnapStart template's restores make
//                         their own namespaces and mounts)
//   --userns              rootless: make a user namespace first, in which the caller's own uid and gid appear as
//                         --uid and --gid (the only ids mapped), and do everything else inside it (`lamb serve` as
//                         a normal user). Device nodes are bound from the host instead of made (mknod needs real
//                         root), and read-only remounts keep the flags the kernel locks on the host's mounts.
//   --netns-fd N          join the network namespace open on descriptor N (Lamb made it, with the environment's
//                         Runtime API listening inside: `lamb serve --network isolated`) before anything else; with
//                         --plain too. The descriptor is closed once joined.
//
// The runtime and everything it starts run under a seccomp filter that refuses (EPERM) what a function has no
// business doing and what widens the kernel's attack surface: new namespaces (unshare, setns, clone with namespace
// flags), mounts, keyrings, bpf, perf events, kernel modules, kexec, swap, reboot, the clock, the kernel log,
// open_by_handle_at and userfaultfd; clone3 answers ENOSYS (its flags cannot be inspected), so threads and forks
// fall back to clone, whose flags can.
//
// Errors before the exec are printed to stderr as one line starting with "lamb-jail:" and the process exits 126
// (set-up failed) or 127 (the executable could not be run).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// SwiftPM links every executable with the Swift driver, which adds a start-up object that registers the image with
// the Swift runtime and so makes libswiftCore (and with it libstdc++, libm, libgcc_s) a dependency. This program has
// no Swift code: these two no-op definitions satisfy that object, and `--as-needed` (Package.swift) then drops the
// libraries. Loading them cost ~1.1 ms of CPU on every environment start.
void swift_addNewDSOImage(const void *sections) { (void)sections; }
int _swift_backtrace_isThunkFunction(const char *name) { (void)name; return 0; }

#define MAX_LIST 64

struct jail_config {
    const char *root;
    const char *image_root;
    const char *ro[MAX_LIST];
    int ro_count;
    const char *bind_host[MAX_LIST];
    const char *bind_inside[MAX_LIST];
    int bind_writable[MAX_LIST];
    int bind_count;
    const char *cgroups[MAX_LIST];
    int cgroup_count;
    const char *extensions[MAX_LIST];
    int extension_count;
    const char *extension_token;
    long tmp_mb;
    const char *tmp_dir;
    uid_t uid;
    gid_t gid;
    const char *hostname;
    const char *chdir;
    int plain;
    int allow_namespaces;
    int netns_fd;
    int userns;
    long nproc;
    long nofile;
    char **argv;
};

static void die(int code, const char *fmt, ...) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    dprintf(2, "lamb-jail: %s\n", buf);
    _exit(code);
}

#define CHECK(expr, what, ...)                                                                 \
    do {                                                                                       \
        if ((expr) < 0) die(126, what ": %s", ##__VA_ARGS__, strerror(errno));                 \
    } while (0)

static void parse(int argc, char **argv, struct jail_config *c) {
    memset(c, 0, sizeof *c);
    c->chdir = "/";
    c->hostname = "localhost";
    c->nproc = 1024;
    c->nofile = 1024;
    c->uid = 993;
    c->gid = 990;
    c->netns_fd = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            c->argv = &argv[i + 1];
            break;
        }
        if (strcmp(a, "--plain") == 0) {
            c->plain = 1;
            continue;
        }
        if (strcmp(a, "--allow-namespaces") == 0) {
            c->allow_namespaces = 1;
            continue;
        }
        if (strcmp(a, "--userns") == 0) {
            c->userns = 1;
            continue;
        }
        if (i + 1 >= argc) die(126, "option %s needs a value", a);
        const char *v = argv[++i];
        if (strcmp(a, "--root") == 0) c->root = v;
        else if (strcmp(a, "--image-root") == 0) c->image_root = v;
        else if (strcmp(a, "--ro") == 0 && c->ro_count < MAX_LIST) c->ro[c->ro_count++] = v;
        else if ((strcmp(a, "--bind") == 0 || strcmp(a, "--bind-rw") == 0) && c->bind_count < MAX_LIST) {
            char *colon = strchr(v, ':');
            if (colon == NULL) die(126, "%s expects HOST:INSIDE, got %s", a, v);
            *colon = '\0';
            c->bind_host[c->bind_count] = v;
            c->bind_writable[c->bind_count] = strcmp(a, "--bind-rw") == 0;
            c->bind_inside[c->bind_count++] = colon + 1;
        } else if (strcmp(a, "--cgroup") == 0 && c->cgroup_count < MAX_LIST) c->cgroups[c->cgroup_count++] = v;
        else if (strcmp(a, "--extension") == 0 && c->extension_count < MAX_LIST) c->extensions[c->extension_count++] = v;
        else if (strcmp(a, "--extension-token") == 0) c->extension_token = v;
        else if (strcmp(a, "--tmp-mb") == 0) c->tmp_mb = atol(v);
        else if (strcmp(a, "--tmp-dir") == 0) c->tmp_dir = v;
        else if (strcmp(a, "--uid") == 0) c->uid = (uid_t)atol(v);
        else if (strcmp(a, "--gid") == 0) c->gid = (gid_t)atol(v);
        else if (strcmp(a, "--hostname") == 0) c->hostname = v;
        else if (strcmp(a, "--chdir") == 0) c->chdir = v;
        else if (strcmp(a, "--nproc") == 0) c->nproc = atol(v);
        else if (strcmp(a, "--nofile") == 0) c->nofile = atol(v);
        else if (strcmp(a, "--netns-fd") == 0) c->netns_fd = atoi(v);
        else die(126, "unknown option %s", a);
    }
    if (c->argv == NULL || c->argv[0] == NULL) die(126, "no executable given (expected -- EXECUTABLE ...)");
    if (c->root == NULL && !c->plain) die(126, "--root is required");
}

// ----- file system -------------------------------------------------------------------------------------------

/// mkdir -p of `path` (absolute) below `root`.
static void make_dirs(const char *root, const char *path, mode_t mode) {
    char buf[4096];
    int n = snprintf(buf, sizeof buf, "%s%s", root, path);
    if (n <= 0 || (size_t)n >= sizeof buf) die(126, "path too long: %s", path);
    for (char *p = buf + strlen(root) + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(buf, mode) < 0 && errno != EEXIST) die(126, "mkdir %s: %s", buf, strerror(errno));
        *p = '/';
    }
    if (mkdir(buf, mode) < 0 && errno != EEXIST) die(126, "mkdir %s: %s", buf, strerror(errno));
}

static void make_file(const char *root, const char *path) {
    char buf[4096];
    snprintf(buf, sizeof buf, "%s%s", root, path);
    // A file that exists already (under a read-only bind, e.g. /etc/hosts) is a mount point as it is.
    if (access(buf, F_OK) == 0) return;
    int fd = open(buf, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
    if (fd < 0) die(126, "create %s: %s", buf, strerror(errno));
    close(fd);
}

/// The flags of the mount at `path` that a remount must repeat. In a user namespace the kernel locks a host mount's
/// noexec and atime flags (a remount that drops them fails with EPERM); as root, repeating them changes nothing.
static unsigned long locked_flags(const char *path) {
    struct statvfs st;
    if (statvfs(path, &st) < 0) return 0;
    unsigned long flags = 0;
    if (st.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
    if (st.f_flag & ST_NOATIME) flags |= MS_NOATIME;
    if (st.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
    if (st.f_flag & ST_RELATIME) flags |= MS_RELATIME;
    return flags;
}

/// Binds host `source` at `inside` (below `root`), read-only, no setuid, no devices. A missing source is skipped:
/// hosts differ (no /lib64, no /sbin), and a runtime that needs the path fails with its own clear error.
static void bind_path(const char *root, const char *source, const char *inside, int writable) {
    struct stat st;
    if (stat(source, &st) < 0) return;
    char target[4096];
    snprintf(target, sizeof target, "%s%s", root, inside);
    if (S_ISDIR(st.st_mode)) {
        make_dirs(root, inside, 0755);
    } else {
        char parent[4096];
        snprintf(parent, sizeof parent, "%s", inside);
        char *slash = strrchr(parent, '/');
        if (slash != NULL && slash != parent) {
            *slash = '\0';
            make_dirs(root, parent, 0755);
        }
        make_file(root, inside);
    }
    CHECK(mount(source, target, NULL, MS_BIND | MS_REC, NULL), "bind %s", source);
    unsigned long flags = MS_BIND | MS_REMOUNT | (writable ? 0 : MS_RDONLY) | MS_NOSUID | MS_NODEV | locked_flags(target);
    CHECK(mount(NULL, target, NULL, flags, NULL), "remount %s", target);
}

static void bind_readonly(const char *root, const char *source, const char *inside) {
    bind_path(root, source, inside, 0);
}

/// A top-level system path: a symlink on the host (Debian's /bin -> usr/bin) stays a symlink, a directory is
/// bound read-only.
static void system_path(const char *root, const char *path) {
    char link[4096];
    ssize_t n = readlink(path, link, sizeof link - 1);
    if (n > 0) {
        link[n] = '\0';
        char target[4096];
        snprintf(target, sizeof target, "%s%s", root, path);
        CHECK(symlink(link, target), "symlink %s", target);
        return;
    }
    bind_readonly(root, path, path);
}

static void mount_tmpfs(const char *root, const char *inside, const char *options, unsigned long flags) {
    make_dirs(root, inside, 0755);
    char target[4096];
    snprintf(target, sizeof target, "%s%s", root, inside);
    CHECK(mount("tmpfs", target, "tmpfs", flags, options), "mount tmpfs on %s", inside);
}

/// The host's character device `path` made again (same device number and permissions) at the same path below
/// `root`. A node of its own instead of a bind mount of the host's: two mount calls fewer per device, and six
/// mounts fewer for every environment's namespace to copy and tear down. A missing host device is skipped.
static void make_device(const char *root, const char *path, int userns) {
    struct stat st;
    if (stat(path, &st) < 0 || !S_ISCHR(st.st_mode)) return;
    char target[4096];
    snprintf(target, sizeof target, "%s%s", root, path);
    if (userns) {
        // Only real root may make device nodes; in a user namespace the host's node is bound onto an empty file.
        make_file(root, path);
        CHECK(mount(path, target, NULL, MS_BIND, NULL), "bind %s", path);
        return;
    }
    CHECK(mknod(target, S_IFCHR | (st.st_mode & 07777), st.st_rdev), "mknod %s", target);
}

/// /dev with only the harmless character devices Lambda's environments have, plus the usual links. The tmpfs is
/// root's and 0755: the runtime can use the devices but not add any (nor could it: it has no CAP_MKNOD).
static void build_dev(const char *root, int userns) {
    mount_tmpfs(root, "/dev", "mode=755,size=64k", MS_NOSUID | MS_NOEXEC);
    const char *devices[] = {"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty"};
    // The nodes get the host's permissions exactly (0666), whatever umask Lamb was started with.
    mode_t saved_umask = umask(0);
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++) make_device(root, devices[i], userns);
    umask(saved_umask);
    const char *links[][2] = {
        {"/proc/self/fd", "/dev/fd"}, {"/proc/self/fd/0", "/dev/stdin"},
        {"/proc/self/fd/1", "/dev/stdout"}, {"/proc/self/fd/2", "/dev/stderr"},
    };
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        char target[4096];
        snprintf(target, sizeof target, "%s%s", root, links[i][1]);
        CHECK(symlink(links[i][0], target), "symlink %s", target);
    }
}

/// /tmp from the environment's disk, which Lamb mounted nosuid,nodev on `host`: a bind mount keeps those flags, so
/// no remount is needed.
static void bind_tmp_dir(const char *root, const char *host) {
    make_dirs(root, "/tmp", 0755);
    char target[4096];
    snprintf(target, sizeof target, "%s/tmp", root);
    CHECK(mount(host, target, NULL, MS_BIND, NULL), "bind %s on /tmp", host);
}

/// /tmp: the environment's disk, or a tmpfs of --tmp-mb.
static void mount_tmp(const struct jail_config *c, const char *root) {
    if (c->tmp_dir != NULL) {
        bind_tmp_dir(root, c->tmp_dir);
    } else {
        char tmp_options[128];
        snprintf(tmp_options, sizeof tmp_options, "mode=1777,size=%ldm", c->tmp_mb > 0 ? c->tmp_mb : 512);
        mount_tmpfs(root, "/tmp", tmp_options, MS_NOSUID | MS_NODEV);
    }
}

static void mount_proc(const char *root) {
    make_dirs(root, "/proc", 0555);
    char proc[4096];
    snprintf(proc, sizeof proc, "%s/proc", root);
    CHECK(mount("proc", proc, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL), "mount /proc");
}

/// A container image's root file system as the environment's root: bound read-only (no setuid, no devices), with
/// the environment's own /tmp, /dev, /proc and bound files (/etc/hosts, ...) over it. The image is shared by every
/// environment that runs it, so nothing may write to it. pivot_root(".", ".") stacks the old root under the new
/// one, where it is detached at once: a read-only image needs no directory to put it in.
static void build_image_root(const struct jail_config *c) {
    const char *root = c->root;
    CHECK(mount(c->image_root, root, NULL, MS_BIND | MS_REC, NULL), "bind the image root %s", c->image_root);
    unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | locked_flags(root);
    CHECK(mount(NULL, root, NULL, flags, NULL), "remount the image root read-only");
    for (int i = 0; i < c->bind_count; i++) bind_path(root, c->bind_host[i], c->bind_inside[i], c->bind_writable[i]);
    mount_tmp(c, root);
    build_dev(root, c->userns);
    mount_proc(root);
    CHECK(chdir(root), "chdir %s", root);
    CHECK((int)syscall(SYS_pivot_root, ".", "."), "pivot_root");
    CHECK(umount2(".", MNT_DETACH), "detach the host's root");
    CHECK(chdir("/"), "chdir /");
}

static void build_root(const struct jail_config *c) {
    const char *root = c->root;
    // Nothing we mount may propagate back to the host's namespace.
    CHECK(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), "make / private");
    if (c->image_root != NULL) {
        build_image_root(c);
        return;
    }
    CHECK(mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=755,size=1m"), "mount root tmpfs");

    const char *system_paths[] = {"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc"};
    for (size_t i = 0; i < sizeof system_paths / sizeof system_paths[0]; i++) system_path(root, system_paths[i]);
    for (int i = 0; i < c->ro_count; i++) bind_readonly(root, c->ro[i], c->ro[i]);
    for (int i = 0; i < c->bind_count; i++) bind_path(root, c->bind_host[i], c->bind_inside[i], c->bind_writable[i]);

    mount_tmp(c, root);
    make_dirs(root, "/opt", 0755);
    make_dirs(root, "/var/task", 0755);
    build_dev(root, c->userns);
    mount_proc(root);

    make_dirs(root, "/.old-root", 0700);
    char old_root[4096];
    snprintf(old_root, sizeof old_root, "%s/.old-root", root);
    CHECK((int)syscall(SYS_pivot_root, root, old_root), "pivot_root");
    CHECK(chdir("/"), "chdir /");
    CHECK(umount2("/.old-root", MNT_DETACH), "detach the host's root");
    CHECK(rmdir("/.old-root"), "rmdir /.old-root");
    // Like Lambda's, the root file system is read-only; /tmp is the writable place.
    CHECK(mount(NULL, "/", NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL), "remount / read-only");
}

// ----- processes -------------------------------------------------------------------------------------------

static int cgroup_fds[MAX_LIST];

/// Opened by init while the host's /sys/fs/cgroup is still visible; the runtime joins through them after the fork.
static void open_cgroups(const struct jail_config *c) {
    for (int i = 0; i < c->cgroup_count; i++) {
        cgroup_fds[i] = open(c->cgroups[i], O_WRONLY | O_CLOEXEC);
        if (cgroup_fds[i] < 0) die(126, "open %s: %s", c->cgroups[i], strerror(errno));
    }
}

/// Only the runtime (and what it starts) is in the environment's cgroups; init stays outside. Freezing wakes every
/// task of the cgroup once to park it and once more to thaw it, and init, asleep in waitpid, has nothing to do
/// between invocations: outside, it costs no wake-ups on the warm path.
static void join_cgroups(const struct jail_config *c) {
    for (int i = 0; i < c->cgroup_count; i++) {
        // "0" means the writing process, whatever its pid is in this namespace.
        if (write(cgroup_fds[i], "0", 1) != 1) die(126, "join %s: %s", c->cgroups[i], strerror(errno));
        close(cgroup_fds[i]);
    }
}

// ----- syscall filter --------------------------------------------------------------------------------------

#if defined(__x86_64__)
#define FILTER_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define FILTER_ARCH AUDIT_ARCH_AARCH64
#endif

#define NAMESPACE_FLAGS                                                                                       \
    (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP)

static const long always_refused[] = {
    SYS_keyctl, SYS_add_key, SYS_request_key, SYS_bpf, SYS_perf_event_open, SYS_kexec_load,
#ifdef SYS_kexec_file_load
    SYS_kexec_file_load,
#endif
    SYS_init_module, SYS_finit_module, SYS_delete_module, SYS_open_by_handle_at, SYS_userfaultfd, SYS_swapon,
    SYS_swapoff, SYS_reboot, SYS_syslog, SYS_acct, SYS_quotactl, SYS_settimeofday, SYS_clock_settime,
    SYS_clock_adjtime, SYS_adjtimex, SYS_lookup_dcookie,
#ifdef SYS_iopl
    SYS_iopl, SYS_ioperm,
#endif
};

static const long namespace_calls[] = {
    SYS_setns, SYS_mount, SYS_umount2, SYS_pivot_root,
#ifdef SYS_fsopen
    SYS_fsopen, SYS_fsconfig, SYS_fsmount, SYS_fspick, SYS_move_mount, SYS_open_tree,
#endif
#ifdef SYS_mount_setattr
    SYS_mount_setattr,
#endif
};

#define ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define REFUSE(code) BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (code))

/// `nr` refused outright.
static int refuse_call(struct sock_filter *f, int n, long nr, int code) {
    f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 1);
    f[n++] = (struct sock_filter)REFUSE(code);
    return n;
}

/// `nr` refused when its first argument has any of `flags` (the accumulator holds the call number on entry; the
/// block returns either way when it matches).
static int refuse_flags(struct sock_filter *f, int n, long nr, unsigned flags) {
    f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 4);
    f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]));
    f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, flags, 0, 1);
    f[n++] = (struct sock_filter)REFUSE(EPERM);
    f[n++] = (struct sock_filter)ALLOW;
    return n;
}

static void install_syscall_filter(int allow_namespaces) {
#ifdef FILTER_ARCH
    struct sock_filter f[128];
    int n = 0;
    // Another architecture's calls (32-bit x86 on x86_64) have other numbers: none of them are allowed.
    f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
    f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, FILTER_ARCH, 1, 0);
    f[n++] = (struct sock_filter)REFUSE(ENOSYS);
    f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
#if defined(__x86_64__)
    f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1); // the x32 ABI
    f[n++] = (struct sock_filter)REFUSE(ENOSYS);
#endif
    for (size_t i = 0; i < sizeof always_refused / sizeof always_refused[0]; i++)
        n = refuse_call(f, n, always_refused[i], EPERM);
#ifdef SYS_clone3
    n = refuse_call(f, n, SYS_clone3, ENOSYS);
#endif
    if (!allow_namespaces) {
        for (size_t i = 0; i < sizeof namespace_calls / sizeof namespace_calls[0]; i++)
            n = refuse_call(f, n, namespace_calls[i], EPERM);
        n = refuse_flags(f, n, SYS_unshare, NAMESPACE_FLAGS | CLONE_NEWTIME);
        // clone's low byte is the exit signal, so CLONE_NEWTIME (0x80) cannot be told apart there.
        n = refuse_flags(f, n, SYS_clone, NAMESPACE_FLAGS);
    }
    f[n++] = (struct sock_filter)ALLOW;
    struct sock_fprog program = {.len = (unsigned short)n, .filter = f};
    CHECK(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0), "seccomp");
#else
    (void)allow_namespaces;
#endif
}

/// Drops to the runtime's identity and limits, installs the filter and execs `argv` (the runtime, or an extension).
static void exec_program(const struct jail_config *c, char **argv, char **envp) {
    struct rlimit nproc = {(rlim_t)c->nproc, (rlim_t)c->nproc};
    struct rlimit nofile = {(rlim_t)c->nofile, (rlim_t)c->nofile};
    CHECK(setrlimit(RLIMIT_NPROC, &nproc), "setrlimit NPROC");
    CHECK(setrlimit(RLIMIT_NOFILE, &nofile), "setrlimit NOFILE");
    // In a user namespace setgroups is denied (it had to be, for the gid map) and no other group is mapped anyway.
    if (!c->userns) CHECK(setgroups(0, NULL), "setgroups");
    CHECK(setresgid(c->gid, c->gid, c->gid), "setgid %u", (unsigned)c->gid);
    CHECK(setresuid(c->uid, c->uid, c->uid), "setuid %u", (unsigned)c->uid);
    CHECK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs");
    if (chdir(c->chdir) < 0) die(126, "chdir %s: %s", c->chdir, strerror(errno));
    install_syscall_filter(c->allow_namespaces);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(argv[0], argv, envp);
    die(127, "exec %s: %s", argv[0], strerror(errno));
}

static void exec_runtime(const struct jail_config *c, char **envp) { exec_program(c, c->argv, envp); }

static pid_t extension_pids[MAX_LIST];

/// Starts the extensions, each in the environment's cgroups like the runtime (frozen and limited with it).
static void start_extensions(const struct jail_config *c, char **envp, int status_fd) {
    for (int i = 0; i < c->extension_count; i++) {
        pid_t pid = fork();
        if (pid < 0) die(126, "fork extension: %s", strerror(errno));
        if (pid == 0) {
            close(status_fd);
            signal(SIGTERM, SIG_DFL);
            join_cgroups(c);
            char *argv[] = {(char *)c->extensions[i], NULL};
            exec_program(c, argv, envp);
        }
        extension_pids[i] = pid;
    }
}

/// "TOKEN NAME STATUS" for an extension that ended (STATUS as a shell's $? says it), so Lamb knows it crashed.
static void report_extension_exit(const struct jail_config *c, pid_t pid, int status) {
    for (int i = 0; i < c->extension_count; i++) {
        if (extension_pids[i] != pid || c->extension_token == NULL) continue;
        const char *name = strrchr(c->extensions[i], '/');
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        dprintf(2, "%s %s %d\n", c->extension_token, name ? name + 1 : c->extensions[i], code);
    }
}

static volatile sig_atomic_t forward_to = 0;

static void forward_signal(int sig) {
    if (forward_to > 0) kill(forward_to, sig);
}

/// pid 1 of the environment: starts the runtime, reaps every orphan, forwards SIGTERM, and reports the runtime's
/// wait status to the monitor through `status_fd` when it exits.
static void run_init(const struct jail_config *c, char **envp, int status_fd) {
    // Extensions first, as Lambda starts them before the runtime.
    start_extensions(c, envp, status_fd);
    pid_t runtime = fork();
    if (runtime < 0) die(126, "fork runtime: %s", strerror(errno));
    if (runtime == 0) {
        close(status_fd);
        signal(SIGTERM, SIG_DFL);
        join_cgroups(c);
        exec_runtime(c, envp);
    }
    for (int i = 0; i < c->cgroup_count; i++) close(cgroup_fds[i]);
    forward_to = runtime;
    for (;;) {
        int status = 0;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR) continue;
            _exit(126);
        }
        if (pid == runtime) {
            if (write(status_fd, &status, sizeof status) != sizeof status) _exit(126);
            // Leaving takes every other process of the namespace down with init.
            _exit(0);
        }
        report_extension_exit(c, pid, status);
    }
}

static void write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) die(126, "open %s: %s", path, strerror(errno));
    ssize_t n = write(fd, text, strlen(text));
    if (n != (ssize_t)strlen(text)) die(126, "write %s: %s", path, strerror(errno));
    close(fd);
}

/// Rootless: a new user namespace together with the others, in one call (the others are then owned by it, which is
/// what lets an unprivileged process mount and pivot_root in them). The caller's own uid and gid are the only ids
/// mapped, as --uid and --gid: that needs no privilege and no newuidmap. This process keeps every capability inside
/// the namespace until the runtime's exec, which drops them (the runtime's uid is not 0 there).
static void enter_user_namespace(const struct jail_config *c) {
    uid_t outer_uid = geteuid();
    gid_t outer_gid = getegid();
    CHECK(unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC), "unshare namespaces");
    char map[64];
    snprintf(map, sizeof map, "%u %u 1\n", (unsigned)c->uid, (unsigned)outer_uid);
    write_file("/proc/self/uid_map", map);
    write_file("/proc/self/setgroups", "deny");
    snprintf(map, sizeof map, "%u %u 1\n", (unsigned)c->gid, (unsigned)outer_gid);
    write_file("/proc/self/gid_map", map);
}

/// Exits the way `status` says a process ended.
static void mirror(int status) {
    if (WIFEXITED(status)) _exit(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        signal(sig, SIG_DFL);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, sig);
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        kill(getpid(), sig);
    }
    _exit(125);
}

/// The jail's own command line names host paths; inside, pid 1's is world-readable (/proc/1/cmdline). Blanked in
/// init, it reads "lamb-init".
static void hide_command_line(int argc, char **argv) {
    char *start = argv[0];
    char *end = argv[argc - 1] + strlen(argv[argc - 1]);
    memset(start, 0, (size_t)(end - start));
    strncpy(start, "lamb-init", (size_t)(end - start));
}

int main(int argc, char **argv, char **envp) {
    // The configuration points into a copy of the arguments: init blanks the originals (hide_command_line).
    char **arguments = calloc((size_t)argc + 1, sizeof *arguments);
    if (arguments == NULL) die(126, "out of memory");
    for (int i = 0; i < argc; i++) {
        arguments[i] = strdup(argv[i]);
        if (arguments[i] == NULL) die(126, "out of memory");
    }
    struct jail_config config;
    parse(argc, arguments, &config);
    if (config.netns_fd >= 0) {
        // Everything that follows (init, the runtime, what it starts) lives in the environment's own network: only
        // its loopback, with its Runtime API on it. The runtime cannot leave it (no privileges, no setns).
        CHECK(setns(config.netns_fd, CLONE_NEWNET), "join the network namespace");
        close(config.netns_fd);
    }
    if (config.plain) exec_runtime(&config, envp);

    int pipe_fds[2];
    CHECK(pipe2(pipe_fds, O_CLOEXEC), "pipe");
    if (config.userns) {
        enter_user_namespace(&config);
    } else {
        CHECK(unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC), "unshare namespaces");
    }

    pid_t init = fork();
    if (init < 0) die(126, "fork init: %s", strerror(errno));
    if (init == 0) {
        close(pipe_fds[0]);
        // (getppid() is 0 across the pid namespace boundary, so a monitor that died before this line cannot be
        // detected here; Lamb kills the whole process group anyway, which reaches init too.)
        CHECK(prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0), "pdeathsig");
        hide_command_line(argc, argv);
        // pid 1 ignores signals it has no handler for; SIGTERM from Lamb must reach the runtime.
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = forward_signal;
        sa.sa_flags = SA_RESTART;
        sigaction(SIGTERM, &sa, NULL);
        open_cgroups(&config);
        build_root(&config);
        if (sethostname(config.hostname, strlen(config.hostname)) < 0) die(126, "sethostname: %s", strerror(errno));
        run_init(&config, envp, pipe_fds[1]);
    }
    close(pipe_fds[1]);

    // The monitor: SIGTERM for the environment goes to init, which hands it to the runtime.
    forward_to = init;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = forward_signal;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    int init_status = 0;
    while (waitpid(init, &init_status, 0) < 0) {
        if (errno != EINTR) die(126, "waitpid init: %s", strerror(errno));
    }
    int runtime_status = 0;
    ssize_t n;
    do {
        n = read(pipe_fds[0], &runtime_status, sizeof runtime_status);
    } while (n < 0 && errno == EINTR);
    if (n == sizeof runtime_status) mirror(runtime_status);
    // Init died without a word: it failed during set-up (its message is on stderr already) or was killed.
    mirror(init_status);
    return 125;
}
