#define _GNU_SOURCE
#include "lamb_sandbox.h"

#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

// The peer of an accepted loopback connection is a socket on this host: sock_diag can look it up by its 4-tuple
// (seen from its side: its source is our peer address, its destination our local address) and tells who owns it.
// One request, one answer, no dump of the socket table.
int lamb_tcp_peer_owner(const struct sockaddr *local, const struct sockaddr *peer, uint32_t *uid_out,
                        uint64_t *inode_out) {
    int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (fd < 0) return errno;
    int rc = lamb_tcp_peer_owner_via(fd, local, peer, uid_out, inode_out);
    close(fd);
    return rc;
}

int lamb_tcp_peer_owner_via(int fd, const struct sockaddr *local, const struct sockaddr *peer, uint32_t *uid_out,
                            uint64_t *inode_out) {
    if (local->sa_family != peer->sa_family) return EAFNOSUPPORT;
    struct {
        struct nlmsghdr header;
        struct inet_diag_req_v2 request;
    } message;
    memset(&message, 0, sizeof message);
    message.header.nlmsg_len = sizeof message;
    message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    message.header.nlmsg_flags = NLM_F_REQUEST;
    // A socket kept for many lookups (an environment's namespace) could hold an answer a failed lookup never read:
    // each request has a number of its own, and only the answer that carries it counts.
    static _Atomic uint32_t sequence = 0;
    message.header.nlmsg_seq = ++sequence;
    message.request.sdiag_family = (uint8_t)peer->sa_family;
    message.request.sdiag_protocol = IPPROTO_TCP;
    message.request.idiag_states = ~0U;
    message.request.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
    message.request.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
    if (peer->sa_family == AF_INET) {
        const struct sockaddr_in *l = (const struct sockaddr_in *)local, *p = (const struct sockaddr_in *)peer;
        message.request.id.idiag_sport = p->sin_port;
        message.request.id.idiag_dport = l->sin_port;
        memcpy(message.request.id.idiag_src, &p->sin_addr, 4);
        memcpy(message.request.id.idiag_dst, &l->sin_addr, 4);
    } else if (peer->sa_family == AF_INET6) {
        const struct sockaddr_in6 *l = (const struct sockaddr_in6 *)local, *p = (const struct sockaddr_in6 *)peer;
        message.request.id.idiag_sport = p->sin6_port;
        message.request.id.idiag_dport = l->sin6_port;
        if (IN6_IS_ADDR_V4MAPPED(&p->sin6_addr) && IN6_IS_ADDR_V4MAPPED(&l->sin6_addr)) {
            // An IPv4 client of a dual-stack listener: its own socket is an IPv4 one.
            message.request.sdiag_family = AF_INET;
            memcpy(message.request.id.idiag_src, &p->sin6_addr.s6_addr[12], 4);
            memcpy(message.request.id.idiag_dst, &l->sin6_addr.s6_addr[12], 4);
        } else {
            memcpy(message.request.id.idiag_src, &p->sin6_addr, 16);
            memcpy(message.request.id.idiag_dst, &l->sin6_addr, 16);
        }
    } else {
        return EAFNOSUPPORT;
    }

    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    if (sendto(fd, &message, sizeof message, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0) return errno;
    union {
        struct nlmsghdr header;
        char bytes[1024];
    } answer;
    ssize_t n;
    for (int stale = 0;; stale++) {
        n = recv(fd, &answer, sizeof answer, 0);
        if (n < 0) return errno;
        if (n < (ssize_t)sizeof(struct nlmsghdr) || answer.header.nlmsg_seq == message.header.nlmsg_seq) break;
        if (stale == 8) return EPROTO;
    }
    if (n < (ssize_t)sizeof(struct nlmsghdr) || !NLMSG_OK(&answer.header, (size_t)n)) return EPROTO;
    if (answer.header.nlmsg_type == NLMSG_ERROR) {
        const struct nlmsgerr *error = NLMSG_DATA(&answer.header);
        return error->error < 0 ? -error->error : ENOENT;
    }
    if (answer.header.nlmsg_type != SOCK_DIAG_BY_FAMILY ||
        answer.header.nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg)))
        return EPROTO;
    const struct inet_diag_msg *found = NLMSG_DATA(&answer.header);
    *uid_out = found->idiag_uid;
    *inode_out = found->idiag_inode;
    return 0;
}
