/* Hostile DNS answers through the built library: tests/hostile/dns_responder.py plays every
 * tests/hostile/dns_cases/<case>.dnscase for questions about <case>.hostile.test; this program runs
 * each case's "client" lines (DnsEnumMailExchanges, DnsGetMailExchange, SmtpDeliverMessage) and
 * checks the outcome and that the call ends within the bound (DnsSetTimeout 1 s). */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "errornames.h"
#include <dirent.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* DNS timeout 1 s, one retry, UDP then TCP: a few seconds at worst; a hang or loop exceeds it. */
#define BOUND_SECONDS 8.0



/* Checks one "client CALL => OUTCOME" line against the case's domain; 0 when it holds. */
static int run_line(const char *casename, const char *call, const char *outcome)
{
    static char list[1 << 17];
    char domain[128], rcpt[160], host[256];
    DWORD size = sizeof list;
    INT pref = -1, r;
    double t0, took;
    int expect_error = !(outcome[0] >= '0' && outcome[0] <= '9') && strcmp(outcome, "ok") != 0;

    snprintf(domain, sizeof domain, "%s.hostile.test", casename);
    SmtpSetLastError(0);
    t0 = now();
    if (strcmp(call, "enum") == 0)
        r = DnsEnumMailExchanges(domain, list, &size);
    else if (strcmp(call, "get") == 0)
        r = DnsGetMailExchange(domain, &pref, host, (INT)sizeof host);
    else if (strcmp(call, "deliver") == 0) {
        snprintf(rcpt, sizeof rcpt, "rcpt@%s", domain);
        /* port 9 on 127.0.0.1: nothing listens, so any exchanger that resolves is refused */
        r = SmtpDeliverMessage("s@client.test", rcpt, (LPVOID)"Subject: t\r\n\r\nx\r\n", 0,
                               SMTP_MESSAGE_MEMORY, NULL, 9, 2, 0, "client.test");
    } else {
        fprintf(stderr, "%s: unknown client call %s\n", casename, call);
        return 1;
    }
    took = now() - t0;
    if (took > BOUND_SECONDS) {
        fprintf(stderr, "%s: %s took %.1f s (bound %.0f s)\n", casename, call, took, BOUND_SECONDS);
        return 1;
    }
    if (expect_error) {
        DWORD want = error_code(outcome), got = SmtpGetLastError();
        if (r != SMTP_ERROR || got != want) {
            fprintf(stderr, "%s: %s returned %d, error 0x%08lx, expected %s (0x%08lx)\n",
                    casename, call, r, (unsigned long)got, outcome, (unsigned long)want);
            return 1;
        }
    } else if (strcmp(outcome, "ok") == 0 ? r <= 0 : r != atoi(outcome)) {
        fprintf(stderr, "%s: %s returned %d (error 0x%08lx), expected %s\n",
                casename, call, r, (unsigned long)SmtpGetLastError(), outcome);
        return 1;
    }
    printf("  %-16s %-8s => %-24s %.2f s\n", casename, call, outcome, took);
    return 0;
}

static int run_case(const char *dir, const char *file)
{
    char path[4096], casename[128], line[512], call[32], outcome[64];
    FILE *f;
    int failed = 0, lines = 0;
    size_t n = strlen(file) - strlen(".dnscase");

    snprintf(casename, sizeof casename, "%.*s", (int)n, file);
    snprintf(path, sizeof path, "%s/%s", dir, file);
    f = fopen(path, "r");
    if (!f) return 1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "client %31s => %63s", call, outcome) == 2) {
            failed |= run_line(casename, call, outcome);
            lines++;
        }
    fclose(f);
    if (lines == 0) { fprintf(stderr, "%s: no client line\n", casename); return 1; }
    return failed;
}

int main(void)
{
    char dir[4096], ready[64] = "/tmp/hostile-dns-XXXXXX", servers[64], *port;
    DIR *d;
    struct dirent *e;
    pid_t responder;
    int cases = 0, failed = 0, fd, i;

    snprintf(dir, sizeof dir, "%s/tests/hostile/dns_cases", lab_env("SMTPNATIVE_ROOT"));
    fd = mkstemp(ready);
    CHECK(fd >= 0);
    close(fd);
    unlink(ready);
    responder = fork();
    if (responder == 0) {
        char script[4096];
        snprintf(script, sizeof script, "%s/tests/hostile/dns_responder.py", lab_env("SMTPNATIVE_ROOT"));
        execlp("python3", "python3", script, "--cases", dir, "--ready-file", ready, (char *)NULL);
        _exit(127);
    }
    for (i = 0; i < 200 && (port = read_file(ready)) == NULL; i++) {
        struct timespec pause = { 0, 50 * 1000 * 1000 };  /* polling for the ready file, no timing assert */
        nanosleep(&pause, NULL);
    }
    if (!port) { fprintf(stderr, "the DNS responder did not start\n"); kill(responder, SIGTERM); return 1; }
    snprintf(servers, sizeof servers, "127.0.0.1:%d", atoi(port));
    free(port);
    unlink(ready);

    CHECK(SmtpInitialize(NULL, NULL));
    CHECK(DnsInitialize(NULL, NULL));
    CHECK(DnsSetNameServers(servers) == 1);
    DnsSetTimeout(1);

    d = opendir(dir);
    CHECK(d != NULL);
    while (d && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= 8 || strcmp(e->d_name + len - 8, ".dnscase") != 0) continue;
        cases++;
        if (run_case(dir, e->d_name)) { failed++; printf("FAIL dns case %s\n", e->d_name); }
    }
    if (d) closedir(d);
    printf("hostile dns: %d cases, %d failed\n", cases, failed);
    CHECK(cases > 0 && failed == 0);

    DnsUninitialize();
    SmtpUninitialize();
    kill(responder, SIGTERM);
    waitpid(responder, NULL, 0);
    return finish("test_hostile_dns");
}
