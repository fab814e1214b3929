#define _GNU_SOURCE
#include "lamb_sandbox.h"

#ifdef __linux__
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

// Network namespaces for environments (`lamb serve --network isolated`).
//
// A network namespace belongs to the thread that made it; a socket belongs, for its whole life, to the namespace of
// the thread that created it, whichever thread uses it later. So the calling thread steps into the namespace, makes
// what must live there (the Runtime API's listening socket, a sock_diag socket to look up connections' owners), and
// steps back into the namespace it came from before anything else runs on it. Everything here is synchronous C: no
// Swift code, no other task, ever runs on the thread while it is elsewhere.

/// Steps the calling thread back into `home` (a namespace descriptor); a thread that cannot return would serve the
/// rest of Lamb from the wrong network, which is not survivable.
static void return_home(int home) {
    if (setns(home, CLONE_NEWNET) != 0) abort();
}

/// A TCP socket listening on 127.0.0.1:`port` (0: any free port) in the calling thread's namespace.
static int listen_loopback(uint16_t port, int *listen_out, uint16_t *port_out) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return errno;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port)};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (bind(fd, (struct sockaddr *)&address, sizeof address) != 0 || listen(fd, 16) != 0 ||
        getsockname(fd, (struct sockaddr *)&address, &length) != 0) {
        int e = errno;
        close(fd);
        return e;
    }
    *listen_out = fd;
    *port_out = ntohs(address.sin_port);
    return 0;
}

/// Brings the calling thread's loopback interface up (a new namespace's starts down, without 127.0.0.1).
static int loopback_up(void) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return errno;
    struct ifreq request;
    memset(&request, 0, sizeof request);
    strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
    int rc = ioctl(fd, SIOCGIFFLAGS, &request);
    if (rc == 0) {
        request.ifr_flags |= IFF_UP | IFF_RUNNING;
        rc = ioctl(fd, SIOCSIFFLAGS, &request);
    }
    int e = errno;
    close(fd);
    return rc == 0 ? 0 : e;
}

int lamb_netns_create(uint16_t port, struct lamb_netns *out) {
    int home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (home < 0) return errno;
    if (unshare(CLONE_NEWNET) != 0) {
        int e = errno;
        close(home);
        return e;
    }
    out->namespace_fd = out->listen_fd = out->diag_fd = -1;
    int rc = loopback_up();
    if (rc == 0) rc = listen_loopback(port, &out->listen_fd, &out->port);
    if (rc == 0) {
        out->diag_fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
        if (out->diag_fd < 0) rc = errno;
    }
    if (rc == 0) {
        out->namespace_fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
        if (out->namespace_fd < 0) rc = errno;
    }
    return_home(home);
    close(home);
    if (rc != 0) {
        if (out->listen_fd >= 0) close(out->listen_fd);
        if (out->diag_fd >= 0) close(out->diag_fd);
        out->namespace_fd = out->listen_fd = out->diag_fd = -1;
    }
    return rc;
}

int lamb_netns_listen(int namespace_fd, uint16_t port, int *listen_out, uint16_t *port_out) {
    int home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (home < 0) return errno;
    if (setns(namespace_fd, CLONE_NEWNET) != 0) {
        int e = errno;
        close(home);
        return e;
    }
    int rc = listen_loopback(port, listen_out, port_out);
    return_home(home);
    close(home);
    return rc;
}

#else

#include <errno.h>

int lamb_netns_create(uint16_t port, struct lamb_netns *out) {
    (void)port;
    (void)out;
    return ENOSYS;
}

int lamb_netns_listen(int namespace_fd, uint16_t port, int *listen_out, uint16_t *port_out) {
    (void)namespace_fd;
    (void)port;
    (void)listen_out;
    (void)port_out;
    return ENOSYS;
}

#endif
