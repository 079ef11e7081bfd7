/* Soak: sends many messages through libSmtpNative.so to smtp-sink (Postfix), reconnecting every
 * PER_CONNECTION messages (default 10,000), and reports the resident set size at intervals. Fails when RSS in the
 * second half of the run grows past the level measured after warm-up (a leak per message or per
 * connection shows up as steady growth). Usage: soak PORT COUNT [PER_CONNECTION] */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "smtpnative.h"

#define REPORTS 20

static long rss_kib(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) { if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0; fclose(f); }
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    static const char message[] =
        "From: soak@example.test\r\nTo: sink@example.test\r\nSubject: soak\r\n\r\n"
        "A line of body text that is long enough to look like mail.\r\n.a dot line\r\nlast line\r\n";
    long count, per_connection, sent = 0, interval, baseline = 0, peak_late = 0, rss;
    double start = now();
    HCLIENT h = INVALID_CLIENT;
    UINT port;
    if (argc < 3) { fprintf(stderr, "usage: soak PORT COUNT\n"); return 2; }
    port = (UINT)atoi(argv[1]);
    count = atol(argv[2]);
    per_connection = argc > 3 ? atol(argv[3]) : 10000;
    interval = count / REPORTS > 0 ? count / REPORTS : 1;
    if (!SmtpInitialize(NULL, NULL)) return 1;
    while (sent < count) {
        if (sent % per_connection == 0) {
            if (h != INVALID_CLIENT) SmtpDisconnect(h);
            h = SmtpConnect("127.0.0.1", port, 10, SMTP_OPTION_NONE, "soak.test", NULL);
            if (h == INVALID_CLIENT) { fprintf(stderr, "connect failed after %ld messages: 0x%08X\n", sent, SmtpGetLastError()); return 1; }
        }
        if (SmtpSendMessage(h, "soak@example.test", "sink@example.test", (LPVOID)message, (DWORD)(sizeof message - 1), SMTP_MESSAGE_MEMORY) != 0) {
            fprintf(stderr, "send failed after %ld messages: 0x%08X\n", sent, SmtpGetLastError());
            return 1;
        }
        sent++;
        if (sent % interval == 0) {
            rss = rss_kib();
            printf("%9ld messages  %8.1f s  RSS %6ld KiB  %7.0f msg/s\n", sent, now() - start, rss, sent / (now() - start));
            fflush(stdout);
            if (sent == 2 * interval) baseline = rss;                       /* after warm-up */
            if (sent > count / 2 && rss > peak_late) peak_late = rss;
        }
    }
    SmtpDisconnect(h);
    SmtpUninitialize();
    /* Allowed: 25 % or 16 MiB over the warm-up level, whichever is more (GC heap sizing is not a leak). */
    {
        long allowed = baseline + (baseline / 4 > 16384 ? baseline / 4 : 16384);
        printf("RSS after warm-up %ld KiB, peak in the second half %ld KiB, allowed %ld KiB\n", baseline, peak_late, allowed);
        if (peak_late > allowed) { printf("FAIL: memory grows\n"); return 1; }
    }
    printf("PASS: %ld messages, no memory growth\n", sent);
    return 0;
}
