// The floor of a warm invocation on this machine: the least a platform can do between a client and a runtime.
//
// One thread, one epoll loop, no allocation per invocation. It accepts Invoke requests from the load generator on
// one port and serves the Lambda Runtime API to N runtimes, one port each (as Lamb gives each environment its
// own). An invocation is handed to a runtime parked on /next; its result goes back to the caller. With cgroup
// directories given, each runtime's cgroup is frozen while it waits and thawed after its event is written, the
// same two writes Lamb makes. It makes the same socket reads and writes as Lamb's warm path and nothing else: no
// logs, no timeouts, no bookkeeping. The benchmark runs the same Python runtime behind it and behind Lamb; the
// difference is what Lamb's own work costs.
//
// usage: floor INVOKE_PORT RUNTIME_PORT_BASE N [CGROUP_DIR ...]
// Not a Lambda: it knows one function, ignores every header but Content-Length, and assumes well-formed HTTP.

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define MAX_FDS 4096
#define MAX_ENVS 256
#define BUF 65536

enum kind { LISTEN_INVOKE, LISTEN_RUNTIME, INVOKE, RUNTIME };

struct conn {
    enum kind kind;
    int fd;
    int env;  // runtime connections and runtime listeners: the environment
    char in[BUF];
    size_t in_len;
    char out[BUF];
    size_t out_len;
};

struct env {
    int runtime_fd;  // the connection parked on /next, or -1
    int caller_fd;   // the Invoke connection waiting for this environment's result, or -1
    int freeze_fd;   // cgroup.freeze, or -1
    int frozen;
};

static struct conn *conns[MAX_FDS];
static struct env envs[MAX_ENVS];
static int env_count;
static int epfd;
// Invoke connections whose request waits for a parked runtime (FIFO ring).
static int waiting[MAX_FDS];
static size_t waiting_head, waiting_tail;
static unsigned long long request_counter;

static void die(const char *what) {
    perror(what);
    exit(1);
}

static int listen_on(int port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(0x7f000001)};
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 1024) < 0) die("listen");
    return fd;
}

static struct conn *add(int fd, enum kind kind, int env) {
    struct conn *c = calloc(1, sizeof *c);
    c->kind = kind;
    c->fd = fd;
    c->env = env;
    conns[fd] = c;
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl");
    return c;
}

static void drop(struct conn *c) {
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    conns[c->fd] = NULL;
    free(c);
}

static void append(struct conn *c, const char *bytes, size_t n) {
    if (c->out_len + n > BUF) n = BUF - c->out_len;  // cannot happen with the benchmark's small payloads
    memcpy(c->out + c->out_len, bytes, n);
    c->out_len += n;
}

static void flush(struct conn *c) {
    size_t sent = 0;
    while (sent < c->out_len) {
        ssize_t n = write(c->fd, c->out + sent, c->out_len - sent);
        if (n <= 0) break;  // a loopback socket with a small reply does not fill up
        sent += (size_t)n;
    }
    c->out_len = 0;
}

static void set_frozen(struct env *e, int frozen) {
    if (e->freeze_fd < 0 || e->frozen == frozen) return;
    if (pwrite(e->freeze_fd, frozen ? "1" : "0", 1, 0) < 0) die("cgroup.freeze");
    e->frozen = frozen;
}

// One HTTP request at the start of c->in: its head length, body offset and length; 0 when incomplete.
static int parse(struct conn *c, size_t *head, size_t *body_len) {
    char *end = memmem(c->in, c->in_len, "\r\n\r\n", 4);
    if (!end) return 0;
    *head = (size_t)(end - c->in) + 4;
    *body_len = 0;
    for (char *line = memchr(c->in, '\n', *head); line && line < end; line = memchr(line + 1, '\n', end - line)) {
        if (strncasecmp(line + 1, "content-length:", 15) == 0) *body_len = strtoul(line + 16, NULL, 10);
    }
    return c->in_len >= *head + *body_len;
}

static void consume(struct conn *c, size_t n) {
    memmove(c->in, c->in + n, c->in_len - n);
    c->in_len -= n;
}

// Hands the Invoke request at the start of caller->in to environment i, whose runtime is parked.
static void deliver(struct conn *caller, size_t head, size_t body_len, int i) {
    struct env *e = &envs[i];
    struct conn *runtime = conns[e->runtime_fd];
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    long long deadline = (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000 + 3000;
    char header[512];
    int n = snprintf(header, sizeof header,
                     "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     "Lambda-Runtime-Aws-Request-Id: 00000000-0000-4000-8000-%012llx\r\n"
                     "Lambda-Runtime-Deadline-Ms: %lld\r\n"
                     "Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:000000000000:function:noop\r\n"
                     "Lambda-Runtime-Trace-Id: Root=1-00000000-000000000000000000000000;Sampled=0\r\n"
                     "Content-Length: %zu\r\n\r\n",
                     ++request_counter, deadline, body_len);
    append(runtime, header, (size_t)n);
    append(runtime, caller->in + head, body_len);
    consume(caller, head + body_len);
    flush(runtime);
    e->runtime_fd = -1;
    e->caller_fd = caller->fd;
    set_frozen(e, 0);
}

static int parked_env(void) {
    for (int i = 0; i < env_count; i++)
        if (envs[i].runtime_fd >= 0 && envs[i].caller_fd < 0) return i;
    return -1;
}

static void on_invoke(struct conn *c) {
    size_t head, body_len;
    if (!parse(c, &head, &body_len)) return;
    int i = parked_env();
    if (i >= 0)
        deliver(c, head, body_len, i);
    else
        waiting[waiting_tail++ % MAX_FDS] = c->fd;
}

static void on_runtime(struct conn *c) {
    struct env *e = &envs[c->env];
    size_t head, body_len;
    while (parse(c, &head, &body_len)) {
        if (c->in[0] == 'G') {  // GET .../invocation/next
            consume(c, head);
            e->runtime_fd = c->fd;
            while (waiting_head < waiting_tail) {
                struct conn *caller = conns[waiting[waiting_head++ % MAX_FDS]];
                size_t h, b;
                if (caller && parse(caller, &h, &b)) {
                    deliver(caller, h, b, c->env);
                    return;
                }
            }
            // Nothing waits: the 202 of the result just posted goes out with the next event, as in Lamb.
            set_frozen(e, 1);
            return;
        }
        // POST .../invocation/ID/response (or /error): the result goes to the caller.
        struct conn *caller = e->caller_fd >= 0 ? conns[e->caller_fd] : NULL;
        if (caller) {
            char header[160];
            int n = snprintf(header, sizeof header,
                             "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Amz-Executed-Version: $LATEST\r\n"
                             "Content-Length: %zu\r\n\r\n",
                             body_len);
            append(caller, header, (size_t)n);
            append(caller, c->in + head, body_len);
            flush(caller);
        }
        e->caller_fd = -1;
        static const char accepted[] =
            "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{\"status\":\"OK\"}\n";
        append(c, accepted, sizeof accepted - 1);
        consume(c, head + body_len);
    }
    flush(c);
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: floor INVOKE_PORT RUNTIME_PORT_BASE N [CGROUP_DIR ...]\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    epfd = epoll_create1(EPOLL_CLOEXEC);
    add(listen_on(atoi(argv[1])), LISTEN_INVOKE, -1);
    env_count = atoi(argv[3]);
    if (env_count > MAX_ENVS) env_count = MAX_ENVS;
    for (int i = 0; i < env_count; i++) {
        envs[i] = (struct env){.runtime_fd = -1, .caller_fd = -1, .freeze_fd = -1};
        if (4 + i < argc) {
            char path[512];
            snprintf(path, sizeof path, "%s/cgroup.freeze", argv[4 + i]);
            envs[i].freeze_fd = open(path, O_WRONLY | O_CLOEXEC);
            if (envs[i].freeze_fd < 0) die(path);
        }
        add(listen_on(atoi(argv[2]) + i), LISTEN_RUNTIME, i);
    }
    printf("ready\n");
    fflush(stdout);
    struct epoll_event events[64];
    for (;;) {
        int n = epoll_wait(epfd, events, 64, -1);
        for (int k = 0; k < n; k++) {
            struct conn *c = conns[events[k].data.fd];
            if (!c) continue;
            if (c->kind == LISTEN_INVOKE || c->kind == LISTEN_RUNTIME) {
                int fd = accept4(c->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
                if (fd < 0) continue;
                int one = 1;
                setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                add(fd, c->kind == LISTEN_INVOKE ? INVOKE : RUNTIME, c->env);
                continue;
            }
            ssize_t got = read(c->fd, c->in + c->in_len, BUF - c->in_len);
            if (got <= 0) {
                if (got < 0 && errno == EAGAIN) continue;
                if (c->kind == RUNTIME && envs[c->env].runtime_fd == c->fd) envs[c->env].runtime_fd = -1;
                drop(c);
                continue;
            }
            c->in_len += (size_t)got;
            if (c->kind == INVOKE)
                on_invoke(c);
            else
                on_runtime(c);
        }
    }
}
