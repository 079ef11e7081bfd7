/* Hostile messages and address lists through the built library: every
 * tests/hostile/mime_cases/<case>.mimecase builds a message (or none), and its "client" lines call
 * MimeImportMessage, MimeEnumMessageRecipients and MimeParseAddress; each call must give the
 * expected, deterministic result within a loose bound (no sleeps). Format: tests/hostile/README.md. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "errornames.h"
#include <dirent.h>
#include <time.h>

/* Loose: a hang or quadratic blow-up on 100k recipients exceeds it by far; a slow CI machine does not. */
#define BOUND_SECONDS 10.0

typedef struct { char *data; size_t length, capacity; } buf_t;

static void put(buf_t *b, const char *p, size_t n)
{
    if (b->length + n + 1 > b->capacity) {
        b->capacity = (b->length + n + 1) * 2;
        b->data = realloc(b->data, b->capacity);
        if (!b->data) exit(3);
    }
    memcpy(b->data + b->length, p, n);
    b->length += n;
    b->data[b->length] = 0;
}

/* The hostile case escapes: \r \n \t \s \\ \xHH, and \*N = the byte before, N more times. */
static void unescape(buf_t *out, const char *s)
{
    char c;
    for (; *s; s++) {
        if (*s != '\\' || !s[1]) { put(out, s, 1); continue; }
        s++;
        switch (*s) {
        case 'r': put(out, "\r", 1); break;
        case 'n': put(out, "\n", 1); break;
        case 't': put(out, "\t", 1); break;
        case 's': put(out, " ", 1); break;
        case 'x': { char hex[3] = { s[1], s[2], 0 }; c = (char)strtol(hex, NULL, 16); put(out, &c, 1); s += 2; break; }
        case '*': {
            long n = strtol(s + 1, (char **)&s, 10), i;
            c = out->length ? out->data[out->length - 1] : 0;
            for (i = 0; i < n; i++) put(out, &c, 1);
            s--;
            break;
        }
        default: put(out, s, 1);
        }
    }
}



/* r against OUTCOME: a number, "ok" (r > 0 or a handle) or an ST_ERROR_ name without the prefix. */
static int outcome_holds(const char *name, const char *what, long r, int failed_call, const char *outcome)
{
    if (strcmp(outcome, "ok") == 0 && !failed_call) return 1;
    if (outcome[0] >= '0' && outcome[0] <= '9' && !failed_call && r == atol(outcome)) return 1;
    if (failed_call && !(outcome[0] >= '0' && outcome[0] <= '9') && strcmp(outcome, "ok") != 0
        && SmtpGetLastError() == error_code(outcome)) return 1;
    fprintf(stderr, "%s: %s returned %ld (error 0x%08lx), expected %s\n", name, what, r,
            (unsigned long)SmtpGetLastError(), outcome);
    return 0;
}

static int run_case(const char *path, const char *name)
{
    static char list[1 << 23], pname[4096], paddr[4096];
    char line[8192], verb[32], arg[4096], outcome[128];
    buf_t message = { 0 }, text = { 0 };
    HMESSAGE m = INVALID_MESSAGE;
    FILE *f = fopen(path, "r");
    int ok = 1, calls = 0;
    long r;
    DWORD size;
    double t0;

    if (!f) return 0;
    while (ok && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (strncmp(line, "line ", 5) == 0) {
            unescape(&message, line + 5);
            put(&message, "\r\n", 2);
        } else if (strncmp(line, "list ", 5) == 0) {
            /* list HEADER COUNT ITEM: "HEADER: item0,\r\n item1, ..." with %d = the index */
            char header[64], item[256], one[300];
            long count, i;
            if (sscanf(line + 5, "%63s %ld %255s", header, &count, item) != 3) { ok = 0; break; }
            put(&message, header, strlen(header));
            put(&message, ": ", 2);
            for (i = 0; i < count; i++) {
                int n = snprintf(one, sizeof one, item, (int)i, (int)i);
                if (i) put(&message, ",\r\n ", 4);
                text.length = 0;
                unescape(&text, one);
                put(&message, text.data, text.length);
                (void)n;
            }
            put(&message, "\r\n", 2);
        } else if (sscanf(line, "client %31s => %127s", verb, outcome) == 2
                   || sscanf(line, "client %31s %4095s => %127s", verb, arg, outcome) == 3) {
            int two = sscanf(line, "client %31s %4095s => %127s", verb, arg, outcome) == 3;
            calls++;
            text.length = 0;
            if (two) unescape(&text, arg); else put(&text, "", 0);
            SmtpSetLastError(0);
            t0 = now();
            if (strcmp(verb, "import") == 0) {
                m = MimeImportMessage(MIME_EXPORT_MEMORY, MIME_OPTION_DEFAULT, message.data ? message.data : "", (DWORD)message.length);
                ok = outcome_holds(name, "MimeImportMessage", m != INVALID_MESSAGE, m == INVALID_MESSAGE, outcome);
            } else if (strcmp(verb, "enum") == 0) {
                size = sizeof list;
                r = MimeEnumMessageRecipients(m, two ? text.data : NULL, list, &size);
                ok = outcome_holds(name, "MimeEnumMessageRecipients", r, r == SMTP_ERROR, outcome);
            } else if (strcmp(verb, "parse") == 0) {
                r = MimeParseAddress(text.data, pname, paddr, (INT)sizeof paddr);
                ok = outcome_holds(name, "MimeParseAddress", r, r == SMTP_ERROR, outcome);
            } else {
                fprintf(stderr, "%s: unknown client line %s\n", name, line);
                ok = 0;
            }
            if (now() - t0 > BOUND_SECONDS) {
                fprintf(stderr, "%s: %s took %.1f s (bound %.0f s)\n", name, verb, now() - t0, BOUND_SECONDS);
                ok = 0;
            }
        } else if (strncmp(line, "client first ", 13) == 0 || strncmp(line, "client address-is ", 18) == 0
                   || strncmp(line, "client name-is ", 15) == 0) {
            const char *want = strchr(line + 7, ' ') + 1, *got;
            text.length = 0;
            unescape(&text, want);
            got = line[7] == 'f' ? list : line[7] == 'a' ? paddr : pname;
            if (strcmp(got, text.data ? text.data : "") != 0) {
                fprintf(stderr, "%s: %s got \"%.80s\"\n", name, line, got);
                ok = 0;
            }
        } else if (line[0] && line[0] != '#') {
            fprintf(stderr, "%s: unknown line %s\n", name, line);
            ok = 0;
        }
    }
    fclose(f);
    if (m != INVALID_MESSAGE) CHECK(MimeDeleteMessage(m));
    free(message.data);
    free(text.data);
    if (calls == 0) { fprintf(stderr, "%s: no client line\n", name); ok = 0; }
    return ok;
}

int main(void)
{
    char dir[4096], path[8192];
    DIR *d;
    struct dirent *e;
    int cases = 0, failed = 0;

    snprintf(dir, sizeof dir, "%s/tests/hostile/mime_cases", lab_env("SMTPNATIVE_ROOT"));
    CHECK(MimeInitialize(NULL, NULL));
    d = opendir(dir);
    CHECK(d != NULL);
    while (d && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= 9 || strcmp(e->d_name + len - 9, ".mimecase") != 0) continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        cases++;
        if (!run_case(path, e->d_name)) { failed++; printf("FAIL mime case %s\n", e->d_name); }
        else printf("  pass %s\n", e->d_name);
    }
    if (d) closedir(d);
    printf("hostile mime: %d cases, %d failed\n", cases, failed);
    CHECK(cases > 0 && failed == 0);
    MimeUninitialize();
    return finish("test_hostile_mime");
}
