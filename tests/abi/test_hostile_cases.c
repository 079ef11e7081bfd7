/* Plays every case file of tests/hostile/cases through libSmtpNative.so: starts the scripted server
 * (tests/hostile/hostile_server.py) for the case, performs the case's "client" lines with the C API,
 * checks each outcome and that each call ended within its timeout + 3 s, then reads the server's
 * verdict (what the client sent that it should not have). The xunit suite plays the same files
 * against the managed engine (tests/SmtpNative.Tests/Hostile). */
#define _DEFAULT_SOURCE
#include "testutil.h"
#include "errornames.h"
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#define MAX_ARGS 8
#define MAX_STEPS 512
#define SLACK_SECONDS 3.0

typedef struct { char *data; size_t length; } arg_t;
typedef struct { char verb[32]; arg_t args[MAX_ARGS]; int count; char outcome[64]; } step_t;



/* The escapes of the case format: \r \n \t \0 \s \\ \xHH, and \*N (the byte before, N more times). */
static arg_t unescape(const char *token)
{
    arg_t a;
    size_t n = strlen(token), i, o = 0;
    a.data = malloc(n + 1);
    for (i = 0; i < n; i++) {
        char c = token[i];
        if (c == '\\' && i + 1 < n) {
            char e = token[++i];
            if (e == '*' && o > 0) {   /* \*N: the byte before, N more times */
                size_t more = (size_t)strtoul(token + i + 1, NULL, 10);
                a.data = realloc(a.data, n + more + 1);
                memset(a.data + o, a.data[o - 1], more);
                o += more;
                while (i + 1 < n && token[i + 1] >= '0' && token[i + 1] <= '9') i++;
                continue;
            }
            if (e == 'x') { char hex[3] = { token[i + 1], token[i + 2], 0 }; c = (char)strtol(hex, NULL, 16); i += 2; }
            else c = e == 'r' ? '\r' : e == 'n' ? '\n' : e == 't' ? '\t' : e == '0' ? '\0' : e == 's' ? ' ' : e;
        }
        a.data[o++] = c;
    }
    a.data[o] = 0;
    a.length = o;
    return a;
}

static int parse_step(char *line, step_t *s)
{
    char *arrow = strstr(line, " => "), *tok;
    memset(s, 0, sizeof *s);
    if (arrow) { snprintf(s->outcome, sizeof s->outcome, "%s", arrow + 4); *arrow = 0; }
    else strcpy(s->outcome, "ok");
    tok = strtok(line, " ");
    if (!tok) return 0;
    snprintf(s->verb, sizeof s->verb, "%s", tok);
    while ((tok = strtok(NULL, " ")) != NULL && s->count < MAX_ARGS)
        s->args[s->count++] = unescape(tok);
    return 1;
}

static int read_steps(const char *path, step_t *steps, int max)
{
    char line[8192];
    int n = 0;
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    while (fgets(line, sizeof line, f) && n < max) {
        line[strcspn(line, "\r\n")] = 0;
        if (strncmp(line, "client ", 7) == 0 && parse_step(line + 7, &steps[n])) n++;
    }
    fclose(f);
    return n;
}

static int valid_printable_utf8(const unsigned char *s)
{
    while (*s) {
        int extra = *s < 0x80 ? 0 : (*s & 0xE0) == 0xC0 ? 1 : (*s & 0xF0) == 0xE0 ? 2 : (*s & 0xF8) == 0xF0 ? 3 : -1;
        if (extra < 0 || (extra == 0 && (*s < 0x20 || *s == 0x7F) && *s != '\n')) return 0;
        for (s++; extra > 0; extra--, s++)
            if ((*s & 0xC0) != 0x80) return 0;
    }
    return 1;
}

/* The option names of the case format ("explicit+trusted"), as in ManagedClient.ParseOptions. */
static DWORD parse_options(const char *text)
{
    DWORD options = 0;
    if (strstr(text, "explicit")) options |= SMTP_OPTION_SECURE_EXPLICIT;
    if (strstr(text, "implicit")) options |= SMTP_OPTION_SECURE_IMPLICIT;
    if (strstr(text, "fallback")) options |= SMTP_OPTION_SECURE_FALLBACK;
    if (strstr(text, "trusted")) options |= SMTP_OPTION_TRUSTEDSITE;
    if (strstr(text, "nopipelining")) options |= SMTP_OPTION_NOPIPELINING;
    return options;
}

static UINT auth_type(const char *name)
{
    static const struct { const char *name; UINT type; } k_types[] = {
        { "login", SMTP_AUTH_LOGIN }, { "plain", SMTP_AUTH_PLAIN }, { "xoauth2", SMTP_AUTH_XOAUTH2 }, { "bearer", SMTP_AUTH_BEARER },
        { "crammd5", SMTP_AUTH_CRAMMD5 }, { "scramsha256", SMTP_AUTH_SCRAMSHA256 }, { "default", SMTP_AUTH_DEFAULT } };
    size_t i;
    for (i = 0; i < sizeof k_types / sizeof k_types[0]; i++)
        if (strcmp(k_types[i].name, name) == 0) return k_types[i].type;
    return 0xFFFF;
}

/* SmtpCancel from another thread, ms milliseconds after the call it races starts. */
typedef struct { HCLIENT h; int ms; pthread_t thread; } canceler_t;
static void *cancel_later(void *arg)
{
    canceler_t *c = (canceler_t *)arg;
    usleep((useconds_t)c->ms * 1000);
    SmtpCancel(c->h);
    return NULL;
}

static int case_failures;
#define CASE_FAIL(...) do { case_failures++; fprintf(stderr, "  " __VA_ARGS__); fputc('\n', stderr); } while (0)

/* "cancel-after MS" before a call: SmtpCancel from another thread MS ms after it starts; the call
 * must then return within a second of the cancel. ms 0 = no cancel. */
static void cancel_start(canceler_t *c, HCLIENT h, int ms)
{
    c->h = h;
    c->ms = ms;
    if (ms > 0 && pthread_create(&c->thread, NULL, cancel_later, c) != 0) CASE_FAIL("cannot start the cancel thread");
}

static void cancel_finish(canceler_t *c, const step_t *s, double start)
{
    if (c->ms <= 0) return;
    if (now() - start > c->ms / 1000.0 + 1.0) CASE_FAIL("%s took %.1f s, canceled after %d ms", s->verb, now() - start, c->ms);
    pthread_join(c->thread, NULL);
}

static void expect_outcome(const step_t *s, int ok, double seconds, int timeout)
{
    const char *got = ok ? "ok" : error_name(SmtpGetLastError());
    if (strcmp(got, s->outcome) != 0) CASE_FAIL("%s: expected %s, got %s", s->verb, s->outcome, got);
    if (seconds > timeout + SLACK_SECONDS) CASE_FAIL("%s took %.1f s with a %d s timeout", s->verb, seconds, timeout);
}

static void run_case(const char *root, const char *name)
{
    char path[4096], server[4096], dir[] = "/tmp/smtpnative-hostile-c-XXXXXX", ready[4200], result[4200], done[4300], line[70000], text[8192];
    static step_t steps[MAX_STEPS];
    int n, i, port = 0, timeout = 20, messages = 0, status, cancel_ms = 0;
    HCLIENT h = INVALID_CLIENT;
    pid_t pid;
    FILE *f;
    double start;

    case_failures = 0;
    snprintf(path, sizeof path, "%s/tests/hostile/cases/%s", root, name);
    snprintf(server, sizeof server, "%s/tests/hostile/hostile_server.py", root);
    n = read_steps(path, steps, MAX_STEPS);
    if (!mkdtemp(dir) || n < 0) { CASE_FAIL("cannot set up"); goto report; }
    snprintf(ready, sizeof ready, "%s/ready", dir);
    snprintf(result, sizeof result, "%s/result", dir);
    snprintf(done, sizeof done, "%s/result.done", dir);
    pid = fork();
    if (pid == 0) {
        execl("/usr/bin/python3", "python3", server, "--case", path, "--ready-file", ready, "--result", result, (char *)NULL);
        _exit(127);
    }
    for (i = 0; i < 6000 && port == 0; i++) {
        if ((f = fopen(ready, "r")) != NULL) { if (fscanf(f, "%d", &port) != 1) port = 0; fclose(f); }
        if (port == 0) usleep(5000);
    }
    if (port == 0) { CASE_FAIL("hostile_server.py did not start"); kill(pid, SIGKILL); waitpid(pid, NULL, 0); goto report; }

    for (i = 0; i < n; i++) {
        step_t *s = &steps[i];
        if (strcmp(s->verb, "connect") == 0) {
            const char *ehlo = "client.test";
            DWORD options = SMTP_OPTION_NONE;
            int a;
            if (h != INVALID_CLIENT) SmtpDisconnect(h);   /* a case with several connections */
            timeout = atoi(s->args[0].data);
            for (a = 1; a < s->count; a++) {
                if (strncmp(s->args[a].data, "opt=", 4) == 0) options = parse_options(s->args[a].data + 4);
                else ehlo = s->args[a].data;
            }
            start = now();
            h = SmtpConnect("127.0.0.1", (UINT)port, (UINT)timeout, options, ehlo, NULL);
            expect_outcome(s, h != INVALID_CLIENT, now() - start, timeout);
        } else if (strcmp(s->verb, "auth") == 0) {
            canceler_t c;
            cancel_start(&c, h, cancel_ms);
            start = now();
            expect_outcome(s, SmtpAuthenticate(h, auth_type(s->args[0].data), s->args[1].data, s->args[2].data) == 0, now() - start, timeout);
            cancel_finish(&c, s, start);
            cancel_ms = 0;
        } else if (strcmp(s->verb, "secure") == 0) {
            SECURITYINFOA info;
            memset(&info, 0, sizeof info);
            info.dwSize = sizeof info;
            if (SmtpGetSecurityInformation(h, &info) != 0) info.dwProtocol = 0;
            if ((info.dwProtocol != 0) != (strcmp(s->args[0].data, "yes") == 0)) CASE_FAIL("secure: expected %s", s->args[0].data);
        } else if (strcmp(s->verb, "no-leak") == 0) {
            text[0] = 0;
            SmtpGetResultString(h, text, (INT)sizeof text);
            if (strstr(text, s->args[0].data)) CASE_FAIL("secret '%s' appears in the result string '%s'", s->args[0].data, text);
        } else if (strcmp(s->verb, "cancel-after") == 0) {
            cancel_ms = atoi(s->args[0].data);
        } else if (strcmp(s->verb, "send") == 0) {
            canceler_t c;
            cancel_start(&c, h, cancel_ms);
            start = now();
            expect_outcome(s, SmtpSendMessage(h, s->args[0].data, s->args[1].data, s->args[2].data,
                                              (DWORD)s->args[2].length, SMTP_MESSAGE_MEMORY) == 0, now() - start, timeout);
            cancel_finish(&c, s, start);
            cancel_ms = 0;
        } else if (strcmp(s->verb, "connected") == 0) {
            if ((SmtpIsConnected(h) != 0) != (strcmp(s->args[0].data, "yes") == 0)) CASE_FAIL("connected: expected %s", s->args[0].data);
        } else if (strcmp(s->verb, "code") == 0) {
            if (SmtpGetResultCode(h) != atoi(s->args[0].data)) CASE_FAIL("code: expected %s, got %d", s->args[0].data, SmtpGetResultCode(h));
        } else if (strcmp(s->verb, "text-is") == 0) {
            text[0] = 0;
            SmtpGetResultString(h, text, (INT)sizeof text);
            if (strcmp(text, s->count ? s->args[0].data : "") != 0) CASE_FAIL("text: expected '%s', got '%s'", s->count ? s->args[0].data : "", text);
        } else if (strcmp(s->verb, "text-valid-utf8") == 0) {
            text[0] = 0;
            SmtpGetResultString(h, text, (INT)sizeof text);
            if (!valid_printable_utf8((const unsigned char *)text)) CASE_FAIL("result string is not printable UTF-8");
        } else if (strcmp(s->verb, "messages") != 0) {
            CASE_FAIL("unknown client verb %s", s->verb);
        }
    }
    if (h != INVALID_CLIENT) SmtpDisconnect(h);

    fclose(fopen(done, "w"));
    for (i = 0; i < 3000 && waitpid(pid, &status, WNOHANG) == 0; i++) usleep(10000);
    if (i == 3000) { CASE_FAIL("hostile_server.py did not finish"); kill(pid, SIGKILL); waitpid(pid, NULL, 0); }
    if ((f = fopen(result, "r")) == NULL) { CASE_FAIL("no verdict from hostile_server.py"); goto report; }
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "failure ", 8) == 0) CASE_FAIL("server: %.300s", line + 8);
        else if (strncmp(line, "message ", 8) == 0) messages++;
    }
    fclose(f);
    for (i = 0; i < n; i++)
        if (strcmp(steps[i].verb, "messages") == 0 && messages != atoi(steps[i].args[0].data))
            CASE_FAIL("server received %d message(s), expected %s", messages, steps[i].args[0].data);
report:
    if (case_failures) { g_failures++; fprintf(stderr, "FAIL %s\n", name); }
    for (i = 0; i < n; i++) { int a; for (a = 0; a < steps[i].count; a++) free(steps[i].args[a].data); }
    snprintf(line, sizeof line, "rm -rf '%s'", dir);
    if (system(line) != 0) fprintf(stderr, "could not remove %s\n", dir);
}

static int by_name(const struct dirent **a, const struct dirent **b) { return strcmp((*a)->d_name, (*b)->d_name); }
static int is_case(const struct dirent *e) { size_t n = strlen(e->d_name); return n > 5 && strcmp(e->d_name + n - 5, ".case") == 0; }

int main(void)
{
    const char *root = getenv("SMTPNATIVE_ROOT");
    char dir[4096];
    struct dirent **names;
    int n, i;
    (void)capture_port; (void)capture_count;   /* testutil.h helpers this test does not need */
    if (!root) { fprintf(stderr, "SMTPNATIVE_ROOT not set (run through tests/abi/run.sh)\n"); return 2; }
    snprintf(dir, sizeof dir, "%s/tests/hostile/cases", root);
    n = scandir(dir, &names, is_case, by_name);
    CHECK(n > 0);
    CHECK(SmtpInitialize(NULL, NULL));
    for (i = 0; i < n; i++) {
        run_case(root, names[i]->d_name);
        free(names[i]);
    }
    free(names);
    SmtpUninitialize();
    printf("%d hostile cases played through libSmtpNative.so, %d failed\n", n, g_failures);
    return finish("test_hostile_cases");
}
