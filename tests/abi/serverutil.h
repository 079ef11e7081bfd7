/* Starting more servers from a C test: Postfix's smtp-sink (a real server with PIPELINING and DSN)
 * and tests/servers/scripted_server.py (scripted: drops or hangs, for what no real server does).
 * Each gets a free loopback port; stop_server() ends it. Include after testutil.h. */
#ifndef SMTPNATIVE_SERVERUTIL_H
#define SMTPNATIVE_SERVERUTIL_H
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>

typedef struct { pid_t pid; int port; char dir[256]; } TestServer;

static inline int free_port(void)
{
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    int s = socket(AF_INET, SOCK_STREAM, 0), port;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(s, (struct sockaddr *)&a, sizeof a);
    getsockname(s, (struct sockaddr *)&a, &len);
    port = ntohs(a.sin_port);
    close(s);
    return port;
}

static inline int port_open(int port)
{
    struct sockaddr_in a;
    int s = socket(AF_INET, SOCK_STREAM, 0), ok;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((unsigned short)port);
    ok = connect(s, (struct sockaddr *)&a, sizeof a) == 0;
    close(s);
    return ok;
}

static inline int wait_port(TestServer *t)
{
    int i;
    struct timespec pause = {0, 20 * 1000 * 1000};
    for (i = 0; i < 1000; i++) {
        if (port_open(t->port)) return 1;
        nanosleep(&pause, NULL);
    }
    fprintf(stderr, "server on port %d did not start\n", t->port);
    return 0;
}

static inline void make_dir(TestServer *t)
{
    snprintf(t->dir, sizeof t->dir, "/tmp/smtpnative-c-XXXXXX");
    if (!mkdtemp(t->dir)) { perror("mkdtemp"); exit(2); }
}

/* smtp-sink -d DIR/%H%M%S. 127.0.0.1:PORT: dumps each transaction (X-Mail-Args/X-Rcpt-Args + message). */
static inline int start_sink(TestServer *t)
{
    char listen[64], dump[320];
    make_dir(t);
    t->port = free_port();
    snprintf(listen, sizeof listen, "127.0.0.1:%d", t->port);
    snprintf(dump, sizeof dump, "%s/%%H%%M%%S.", t->dir);
    t->pid = fork();
    if (t->pid == 0) {
        if (getuid() == 0) execl("/usr/sbin/smtp-sink", "smtp-sink", "-u", "root", "-d", dump, listen, "16", (char *)NULL);
        else execl("/usr/sbin/smtp-sink", "smtp-sink", "-d", dump, listen, "16", (char *)NULL);
        _exit(127);
    }
    return wait_port(t);
}

/* tests/servers/scripted_server.py --stage STAGE [EXTRA] (found next to this file's directory). */
static inline int start_scripted(TestServer *t, const char *stage, const char *extra)
{
    char script[1024], port[16], ready[300];
    const char *slash = strrchr(__FILE__, '/');
    struct timespec pause = {0, 20 * 1000 * 1000};
    int i;
    make_dir(t);
    t->port = free_port();
    snprintf(port, sizeof port, "%d", t->port);
    snprintf(script, sizeof script, "%.*s/../servers/scripted_server.py", slash ? (int)(slash - __FILE__) : 1, slash ? __FILE__ : ".");
    snprintf(ready, sizeof ready, "%s/.ready", t->dir);
    t->pid = fork();
    if (t->pid == 0) {
        execl("/usr/bin/python3", "python3", script, "--port", port, "--stage", stage, "--dir", t->dir, "--ready-file", ready, extra, (char *)NULL);
        _exit(127);
    }
    /* a ready file, not a probe connection: the probe would be the connection that gets dropped */
    for (i = 0; i < 1000 && access(ready, F_OK) != 0; i++) nanosleep(&pause, NULL);
    if (i < 1000) return 1;
    fprintf(stderr, "scripted_server.py did not start\n");
    return 0;
}

static inline int start_drop(TestServer *t, const char *stage) { return start_scripted(t, stage, NULL); }

static inline void stop_server(TestServer *t)
{
    char cmd[300];
    if (t->pid > 0) { kill(t->pid, SIGTERM); waitpid(t->pid, NULL, 0); t->pid = 0; }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", t->dir);
}

/* The concatenation of every file in the server's directory (malloc'ed; "" when none). */
static inline char *server_files(TestServer *t)
{
    char cmd[300];
    FILE *p;
    size_t n = 0, cap = 65536;
    char *all = (char *)malloc(cap);
    snprintf(cmd, sizeof cmd, "cat '%s'/* 2>/dev/null", t->dir);
    p = popen(cmd, "r");
    while (p && (n += fread(all + n, 1, cap - n - 1, p)) == cap - 1) all = (char *)realloc(all, cap *= 2);
    if (p) pclose(p);
    all[n] = 0;
    return all;
}

static inline double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}
#endif
