/* Error codes by name, for the tests that read expected outcomes from case files. The table is
 * generated from the header by run.sh (error_names.inc), so a new ST_ERROR_* code is known here
 * without touching any test. */
#ifndef SMTPNATIVE_ERRORNAMES_H
#define SMTPNATIVE_ERRORNAMES_H
#include <time.h>
#include "testutil.h"

static const struct { const char *name; DWORD code; } k_errors[] = {
#include "error_names.inc"
};

/* The code of "TIMEOUT" (without the ST_ERROR_ prefix); an unknown name stops the test. */
TESTUTIL_FN DWORD error_code(const char *name)
{
    size_t i;
    for (i = 0; i < sizeof k_errors / sizeof k_errors[0]; i++)
        if (strcmp(k_errors[i].name, name) == 0) return k_errors[i].code;
    fprintf(stderr, "unknown error name %s\n", name);
    exit(2);
}

/* The name of a code (without the prefix), or its hex value. */
TESTUTIL_FN const char *error_name(DWORD code)
{
    static char unknown[32];
    size_t i;
    for (i = 0; i < sizeof k_errors / sizeof k_errors[0]; i++)
        if (k_errors[i].code == code) return k_errors[i].name;
    snprintf(unknown, sizeof unknown, "0x%08X", (unsigned)code);
    return unknown;
}

TESTUTIL_FN double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}
#endif
