/* Shared by the C benchmark clients: a clock, the message file, resident memory, one result line.
 * Every client prints one line "elapsed=SECONDS messages=N bytes=B rss_kib=K" that bench/bench.py parses;
 * the time covers sending only (connect and process start excluded), except in the "cold" scenario
 * where bench.py times the whole process from outside. */
#ifndef SMTPNATIVE_BENCHUTIL_H
#define SMTPNATIVE_BENCHUTIL_H
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads a whole file into a malloc'ed buffer (the "memory" scenarios hand the bytes to the client). */
static char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    char *data;
    long n;
    if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    data = (char *)malloc((size_t)n + 1);
    if (fread(data, 1, (size_t)n, f) != (size_t)n) { perror(path); exit(2); }
    data[n] = 0;
    fclose(f);
    *size = (size_t)n;
    return data;
}

/* Current resident set size in KiB (VmRSS), for "RSS after N messages". */
static long rss_kib(void)
{
    char line[256];
    long kib = -1;
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0) { kib = atol(line + 6); break; }
    fclose(f);
    return kib;
}

static void report(double elapsed, long messages, double bytes)
{
    printf("elapsed=%.6f messages=%ld bytes=%.0f rss_kib=%ld\n", elapsed, messages, bytes, rss_kib());
    fflush(stdout);
}
#endif
