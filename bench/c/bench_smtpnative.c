/* SmtpNative benchmark client: the built libSmtpNative.so called from C, the way a user would.
 *   bench_smtpnative send    PORT FILE COUNT           one SmtpSendMessage per message (memory)
 *   bench_smtpnative batch   PORT FILE COUNT           SmtpSendMessageBatch, all COUNT in one call
 *   bench_smtpnative file    PORT FILE COUNT           SmtpSendMessage with SMTP_MESSAGE_FILE (streamed)
 *   bench_smtpnative cold    PORT FILE 1               initialize, connect, send one, quit (timed from outside)
 *   bench_smtpnative threads PORT FILE COUNT THREADS   THREADS threads, one connection each, COUNT in total
 *   bench_smtpnative rss     PORT FILE COUNT           prints the RSS after COUNT/10 and after COUNT messages */
#include "benchutil.h"
#include <pthread.h>
#include "smtpnative.h"

static const char *g_from = "bench@sender.test";
static const char *g_to = "sink@receiver.test";
static UINT g_port;
static const char *g_path;
static char *g_data;
static size_t g_size;

static HCLIENT connect_or_die(void)
{
    HCLIENT c = SmtpConnect("127.0.0.1", g_port, 60, SMTP_OPTION_NONE, "bench.local", NULL);
    if (c == INVALID_CLIENT) { fprintf(stderr, "connect failed: 0x%08X\n", SmtpGetLastError()); exit(1); }
    return c;
}

static void send_one(HCLIENT c, int file)
{
    int rc = file ? SmtpSendMessage(c, g_from, g_to, (LPVOID)g_path, 0, SMTP_MESSAGE_FILE)
                  : SmtpSendMessage(c, g_from, g_to, g_data, (DWORD)g_size, SMTP_MESSAGE_MEMORY);
    if (rc != 0) { fprintf(stderr, "send failed: 0x%08X\n", SmtpGetLastError()); exit(1); }
}

static void *thread_main(void *arg)
{
    long i, count = (long)(size_t)arg;
    HCLIENT c = connect_or_die();
    for (i = 0; i < count; i++) send_one(c, 0);
    SmtpDisconnect(c);
    return NULL;
}

int main(int argc, char **argv)
{
    const char *mode;
    long i, count;
    double start;
    HCLIENT c;
    if (argc < 5) { fprintf(stderr, "usage: %s MODE PORT FILE COUNT [THREADS]\n", argv[0]); return 2; }
    mode = argv[1];
    g_port = (UINT)atoi(argv[2]);
    g_path = argv[3];
    count = atol(argv[4]);
    if (strcmp(mode, "file") != 0) g_data = read_file(g_path, &g_size);
    else { FILE *f = fopen(g_path, "rb"); fseek(f, 0, SEEK_END); g_size = (size_t)ftell(f); fclose(f); }
    if (!SmtpInitialize(NULL, NULL)) { fprintf(stderr, "initialize failed\n"); return 1; }

    if (strcmp(mode, "threads") == 0) {
        int t, threads = argc > 5 ? atoi(argv[5]) : 8;
        pthread_t *ids = (pthread_t *)calloc((size_t)threads, sizeof *ids);
        start = now_seconds();
        for (t = 0; t < threads; t++) pthread_create(&ids[t], NULL, thread_main, (void *)(size_t)(count / threads));
        for (t = 0; t < threads; t++) pthread_join(ids[t], NULL);
        report(now_seconds() - start, count / threads * threads, (double)g_size * (double)(count / threads * threads));
        SmtpUninitialize();
        return 0;
    }

    c = connect_or_die();
    start = now_seconds();
    if (strcmp(mode, "batch") == 0) {
        SMTPBATCHMESSAGE *batch = (SMTPBATCHMESSAGE *)calloc((size_t)count, sizeof *batch);
        INT sent;
        for (i = 0; i < count; i++) {
            batch[i].lpszFrom = g_from;
            batch[i].lpszRecipient = g_to;
            batch[i].lpvMessage = g_data;
            batch[i].dwMessageSize = (DWORD)g_size;
            batch[i].dwOptions = SMTP_MESSAGE_MEMORY;
        }
        start = now_seconds();
        sent = SmtpSendMessageBatch(c, batch, (INT)count);
        if (sent != count) { fprintf(stderr, "batch sent %d of %ld: 0x%08X\n", sent, count, SmtpGetLastError()); return 1; }
    } else if (strcmp(mode, "rss") == 0) {
        long first = count / 10;
        for (i = 0; i < first; i++) send_one(c, 0);
        printf("rss_first_kib=%ld\n", rss_kib());
        for (; i < count; i++) send_one(c, 0);
        printf("rss_last_kib=%ld\n", rss_kib());
    } else {
        int file = strcmp(mode, "file") == 0;
        for (i = 0; i < count; i++) send_one(c, file);
    }
    report(now_seconds() - start, count, (double)g_size * (double)count);
    SmtpDisconnect(c);
    SmtpUninitialize();
    return 0;
}
