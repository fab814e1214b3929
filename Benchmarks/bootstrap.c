// A minimal `provided` runtime for the benchmarks: speaks the Runtime API over one keep-alive connection and answers
// every event with `{}`. It stands for a compiled custom runtime (Go, Rust, Swift) with no start-up work of its own,
// so its cold start shows Lamb's own cost; the benchmark's baseline for it is spawning /bin/true.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static int connect_api(void) {
    const char *api = getenv("AWS_LAMBDA_RUNTIME_API");
    if (api == NULL) exit(2);
    char host[64];
    const char *colon = strrchr(api, ':');
    if (colon == NULL || (size_t)(colon - api) >= sizeof host) exit(2);
    memcpy(host, api, colon - api);
    host[colon - api] = '\0';
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(atoi(colon + 1))};
    inet_pton(AF_INET, host, &addr.sin_addr);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) exit(3);
    return fd;
}

// Reads one HTTP response; returns the request id header (if any) in `id`.
static void read_response(int fd, char *id, size_t id_size) {
    static char buf[1 << 16];
    size_t used = 0;
    char *end = NULL;
    while (end == NULL) {
        ssize_t n = read(fd, buf + used, sizeof buf - 1 - used);
        if (n <= 0) exit(0);
        used += (size_t)n;
        buf[used] = '\0';
        end = strstr(buf, "\r\n\r\n");
    }
    long length = 0;
    for (char *line = buf; line < end; line = strstr(line, "\r\n") + 2) {
        if (strncasecmp(line, "Content-Length:", 15) == 0) length = atol(line + 15);
        if (id != NULL && strncasecmp(line, "Lambda-Runtime-Aws-Request-Id:", 30) == 0) {
            char *value = line + 30;
            while (*value == ' ') value++;
            size_t len = strcspn(value, "\r");
            if (len >= id_size) len = id_size - 1;
            memcpy(id, value, len);
            id[len] = '\0';
        }
    }
    size_t have = used - (size_t)(end + 4 - buf);
    while ((long)have < length) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) exit(0);
        have += (size_t)n;
    }
}

int main(void) {
    int fd = connect_api();
    char id[128];
    char request[512];
    for (;;) {
        const char *next = "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: runtime\r\n\r\n";
        if (write(fd, next, strlen(next)) < 0) return 1;
        id[0] = '\0';
        read_response(fd, id, sizeof id);
        int n = snprintf(request, sizeof request,
                         "POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: runtime\r\n"
                         "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
                         id);
        if (write(fd, request, (size_t)n) < 0) return 1;
        read_response(fd, NULL, 0);
    }
}
