// Scenario 11: what admitting a connection to an environment's Runtime API costs. Lamb looks up the owner of every
// connection it accepts there (`lamb_tcp_peer_owner`, Sources/CLambSandbox/peer.c, compiled in as is) and closes
// those of other uids. This program makes ROUNDS loopback connections and times, for each, connect+accept (the
// baseline: what every connection costs anyway) and the lookup alone; it prints the medians and p99s in µs.
//
// Usage: peer_lookup ROUNDS
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lamb_sandbox.h"

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double percentile(double *values, int n, double p) {
    qsort(values, n, sizeof *values, compare);
    return values[(int)(p * (n - 1))];
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 2000;
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t length = sizeof address;
    if (bind(listener, (struct sockaddr *)&address, sizeof address) || listen(listener, 16) ||
        getsockname(listener, (struct sockaddr *)&address, &length)) {
        perror("listen");
        return 1;
    }
    double *connecting = malloc(sizeof(double) * rounds), *looking = malloc(sizeof(double) * rounds);
    uid_t me = getuid();
    for (int i = 0; i < rounds; i++) {
        double start = now_us();
        int client = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(client, (struct sockaddr *)&address, sizeof address)) { perror("connect"); return 1; }
        struct sockaddr_in local, peer;
        socklen_t local_length = sizeof local, peer_length = sizeof peer;
        int accepted = accept(listener, (struct sockaddr *)&peer, &peer_length);
        getsockname(accepted, (struct sockaddr *)&local, &local_length);
        double accepted_at = now_us();
        uint32_t uid = 0;
        uint64_t inode = 0;
        int rc = lamb_tcp_peer_owner((struct sockaddr *)&local, (struct sockaddr *)&peer, &uid, &inode);
        double looked_up = now_us();
        if (rc != 0 || uid != me) { fprintf(stderr, "lookup failed: rc %d uid %u\n", rc, uid); return 1; }
        connecting[i] = accepted_at - start;
        looking[i] = looked_up - accepted_at;
        close(accepted);
        close(client);
    }
    printf("{\"rounds\": %d, \"connect_accept_p50_us\": %.2f, \"connect_accept_p99_us\": %.2f, "
           "\"lookup_p50_us\": %.2f, \"lookup_p99_us\": %.2f}\n",
           rounds, percentile(connecting, rounds, 0.5), percentile(connecting, rounds, 0.99),
           percentile(looking, rounds, 0.5), percentile(looking, rounds, 0.99));
    return 0;
}
