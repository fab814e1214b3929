/* A FROM-scratch image's runtime for test_images.py: a static Runtime API client over a plain socket.
 *
 * Each invocation answers a JSON object describing what the runtime sees: how many invocations this process has
 * served, its pid, argv, working directory, _HANDLER, whether the host path named by PROBE_PATH is visible, whether
 * the file /tmp/$MARKER existed before this invocation (then it creates it), its uid, and whether an extension has
 * seen an invocation (/tmp/extension-saw-invoke).
 *
 * Installed as /opt/extensions/NAME, the same program is an external extension instead: it registers for INVOKE and
 * SHUTDOWN, creates /tmp/extension-saw-invoke on each INVOKE and exits on SHUTDOWN. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <fcntl.h>

static char host[64];
static int port;

static int connect_api(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    inet_pton(AF_INET, host, &addr.sin_addr);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("connect"); exit(1); }
    return fd;
}

/* Sends `request`, reads the whole answer (the request asks the server to close). */
static int exchange(const char *request, size_t length, char *answer, size_t size) {
    int fd = connect_api();
    size_t sent = 0;
    while (sent < length) {
        ssize_t n = write(fd, request + sent, length - sent);
        if (n <= 0) { perror("write"); exit(1); }
        sent += (size_t)n;
    }
    size_t got = 0;
    for (;;) {
        ssize_t n = read(fd, answer + got, size - 1 - got);
        if (n <= 0) break;
        got += (size_t)n;
        if (got == size - 1) break;
    }
    answer[got] = 0;
    close(fd);
    return (int)got;
}

static void header(const char *answer, const char *name, char *out, size_t size) {
    out[0] = 0;
    const char *p = strcasestr(answer, name);
    if (!p) return;
    p += strlen(name);
    while (*p == ':' || *p == ' ') p++;
    size_t i = 0;
    while (p[i] && p[i] != '\r' && p[i] != '\n' && i < size - 1) { out[i] = p[i]; i++; }
    out[i] = 0;
}

static char answer[1 << 20], body[8192], request[16384];

static int extension(const char *api, const char *name) {
    const char *events = "{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}";
    int n = snprintf(request, sizeof request,
                     "POST /2020-01-01/extension/register HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n"
                     "Lambda-Extension-Name: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
                     api, name, (int)strlen(events), events);
    exchange(request, (size_t)n, answer, sizeof answer);
    char id[256];
    header(answer, "Lambda-Extension-Identifier", id, sizeof id);
    if (!id[0]) { fprintf(stderr, "extension: no identifier: %s\n", answer); return 1; }
    for (;;) {
        n = snprintf(request, sizeof request,
                     "GET /2020-01-01/extension/event/next HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n"
                     "Lambda-Extension-Identifier: %s\r\n\r\n", api, id);
        exchange(request, (size_t)n, answer, sizeof answer);
        if (strstr(answer, "SHUTDOWN")) return 0;
        if (strstr(answer, "INVOKE")) {
            int fd = open("/tmp/extension-saw-invoke", O_CREAT | O_WRONLY, 0600);
            if (fd >= 0) close(fd);
        }
    }
}

int main(int argc, char **argv) {
    const char *api = getenv("AWS_LAMBDA_RUNTIME_API");
    if (!api) { fprintf(stderr, "no AWS_LAMBDA_RUNTIME_API\n"); return 1; }
    const char *colon = strchr(api, ':');
    snprintf(host, sizeof host, "%.*s", (int)(colon - api), api);
    port = atoi(colon + 1);
    if (strstr(argv[0], "/extensions/")) return extension(api, strrchr(argv[0], '/') + 1);
    printf("bootstrap starting with %d arguments\n", argc);
    fflush(stdout);
    for (int count = 1;; count++) {
        int n = snprintf(request, sizeof request,
                         "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", api);
        exchange(request, (size_t)n, answer, sizeof answer);
        char id[128];
        header(answer, "Lambda-Runtime-Aws-Request-Id", id, sizeof id);
        char cwd[512] = "";
        if (!getcwd(cwd, sizeof cwd)) strcpy(cwd, "?");
        const char *probe = getenv("PROBE_PATH");
        const char *marker = getenv("MARKER");
        char marker_path[256];
        snprintf(marker_path, sizeof marker_path, "/tmp/%s", marker ? marker : "marker");
        int marker_before = access(marker_path, F_OK) == 0;
        int fd = open(marker_path, O_CREAT | O_WRONLY, 0600);
        if (fd >= 0) close(fd);
        const char *handler = getenv("_HANDLER");
        int len = snprintf(body, sizeof body,
                           "{\"count\":%d,\"pid\":%d,\"argc\":%d,\"arg1\":\"%s\",\"cwd\":\"%s\",\"handler\":\"%s\","
                           "\"probe_visible\":%s,\"marker_before\":%s,\"uid\":%d,\"task_root\":\"%s\","
                           "\"extension_saw_invoke\":%s}",
                           count, (int)getpid(), argc, argc > 1 ? argv[1] : "", cwd, handler ? handler : "",
                           probe && access(probe, F_OK) == 0 ? "true" : "false", marker_before ? "true" : "false",
                           (int)getuid(), getenv("LAMBDA_TASK_ROOT") ? getenv("LAMBDA_TASK_ROOT") : "",
                           access("/tmp/extension-saw-invoke", F_OK) == 0 ? "true" : "false");
        n = snprintf(request, sizeof request,
                     "POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n"
                     "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
                     id, api, len, body);
        exchange(request, (size_t)n, answer, sizeof answer);
    }
}
