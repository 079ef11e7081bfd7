/* Small helpers shared by the C ABI tests: checks that report file:line, and access to what the
 * aiosmtpd capture server (tests/servers/capture_server.py) stored. */
#ifndef SMTPNATIVE_TESTUTIL_H
#define SMTPNATIVE_TESTUTIL_H
#ifndef _GNU_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "smtpnative.h"

/* Not every test uses every helper. */
#define TESTUTIL_FN static __attribute__((unused))

static int g_failures;

#define CHECK(cond) do { if (!(cond)) { g_failures++; \
    fprintf(stderr, "%s:%d: CHECK(%s) failed (last error 0x%08X)\n", __FILE__, __LINE__, #cond, SmtpGetLastError()); } } while (0)
#define CHECK_ERR(expr, failvalue, code) do { SmtpSetLastError(0); if ((expr) != (failvalue)) { g_failures++; \
    fprintf(stderr, "%s:%d: %s did not fail\n", __FILE__, __LINE__, #expr); } \
    else if (SmtpGetLastError() != (code)) { g_failures++; \
    fprintf(stderr, "%s:%d: %s: error 0x%08X, expected %s (0x%08X)\n", __FILE__, __LINE__, #expr, SmtpGetLastError(), #code, (unsigned)(code)); } } while (0)

TESTUTIL_FN int capture_port(void)
{
    const char *p = getenv("CAPTURE_PORT");
    if (!p) { fprintf(stderr, "CAPTURE_PORT not set (run through tests/abi/run.sh)\n"); exit(2); }
    return atoi(p);
}

/* Reads a file into a malloc'ed NUL-terminated buffer; NULL when missing. */
TESTUTIL_FN char *read_file(const char *path)
{
    FILE *f;
    long size;
    char *data;
    f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    data = (char *)malloc((size_t)size + 1);
    if (fread(data, 1, (size_t)size, f) != (size_t)size) size = 0;
    data[size] = 0;
    fclose(f);
    return data;
}

/* Reads <CAPTURE_DIR>/<name> (a file the capture server writes, e.g. auth.log); NULL when missing. */
TESTUTIL_FN char *capture_file_named(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", getenv("CAPTURE_DIR"), name);
    return read_file(path);
}

/* Reads <CAPTURE_DIR>/<n>.<ext> into a malloc'ed NUL-terminated buffer; NULL when missing. */
TESTUTIL_FN char *capture_file(int n, const char *ext)
{
    char name[64];
    snprintf(name, sizeof name, "%d.%s", n, ext);
    return capture_file_named(name);
}

/* A variable set by tests/servers/delivery_lab.py (tests that mention DELIVERY_LAB run inside it). */
TESTUTIL_FN const char *lab_env(const char *name)
{
    const char *p = getenv(name);
    if (!p) { fprintf(stderr, "%s not set (run through tests/servers/delivery_lab.py)\n", name); exit(2); }
    return p;
}

/* Reads $LAB_DIR/<server>/<file> (server: mx, domain, tempfail); NULL when missing. */
TESTUTIL_FN char *lab_file(const char *server, const char *file)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s/%s", lab_env("LAB_DIR"), server, file);
    return read_file(path);
}

TESTUTIL_FN int capture_count(void)
{
    int n = 0;
    char *f;
    while ((f = capture_file(n + 1, "eml")) != NULL) { free(f); n++; }
    return n;
}

static int finish(const char *name)
{
    if (g_failures) fprintf(stderr, "%s: %d check(s) failed\n", name, g_failures);
    return g_failures ? 1 : 0;
}
#endif
