#define _GNU_SOURCE
#include "lamb_sandbox.h"

#include <stddef.h>
#include <sys/epoll.h>

int lamb_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int lamb_epoll_watch(int epfd, int fd) {
    struct epoll_event event = {.events = EPOLLIN, .data.fd = fd};
    return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event);
}

int lamb_epoll_unwatch(int epfd, int fd) { return epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL); }

int lamb_epoll_wait(int epfd, int *fds, int capacity) {
    struct epoll_event events[64];
    if (capacity > 64) capacity = 64;
    int n = epoll_wait(epfd, events, capacity, -1);
    for (int i = 0; i < n; i++) fds[i] = events[i].data.fd;
    return n;
}
