/* Concurrency through libSmtpNative.so: 32 threads, each with its own handle, sending at the same time
 * to aiosmtpd (every message must arrive, each exactly once); SmtpInitialize/SmtpUninitialize from many
 * threads at once; and the last SmtpUninitialize while other threads are inside calls on their handles
 * (they must fail with an error code, never crash or hang). */
#define _DEFAULT_SOURCE
#include "testutil.h"
#include <pthread.h>

#define THREADS 32
#define MESSAGES 10

static volatile int g_stop;
static int g_sent[THREADS];
static int g_thread_failures;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

static void thread_fail(const char *what, int thread)
{
    pthread_mutex_lock(&g_lock);
    g_thread_failures++;
    fprintf(stderr, "thread %d: %s (error 0x%08X)\n", thread, what, SmtpGetLastError());
    pthread_mutex_unlock(&g_lock);
}

static void *sender(void *arg)
{
    int id = (int)(size_t)arg, i;
    char to[64], body[128];
    HCLIENT h = SmtpConnect("127.0.0.1", (UINT)capture_port(), 20, SMTP_OPTION_NONE, "threads.test", NULL);
    if (h == INVALID_CLIENT) { thread_fail("connect", id); return NULL; }
    for (i = 0; i < MESSAGES; i++) {
        snprintf(to, sizeof to, "t%d-m%d@x.test", id, i);
        snprintf(body, sizeof body, "Subject: thread %d message %d\r\n\r\nbody %d/%d\r\n", id, i, id, i);
        if (SmtpSendMessage(h, "threads@x.test", to, body, 0, SMTP_MESSAGE_MEMORY) != 0) thread_fail("send", id);
        else g_sent[id]++;
    }
    if (SmtpDisconnect(h) != 0) thread_fail("disconnect", id);
    return NULL;
}

static void *init_churn(void *arg)
{
    int id = (int)(size_t)arg, i;
    for (i = 0; i < 2000; i++) {
        if (!SmtpInitialize(NULL, NULL)) { thread_fail("initialize", id); return NULL; }
        if (SmtpGetResultCode(INVALID_CLIENT) != SMTP_ERROR || SmtpGetLastError() != ST_ERROR_INVALID_HANDLE) thread_fail("handle check while initialized", id);
        SmtpUninitialize();
    }
    return NULL;
}

/* Sends until told to stop or until the library is torn down under it; every failure must be one of the
 * codes that mean "the handle or library went away". */
static void *doomed_sender(void *arg)
{
    int id = (int)(size_t)arg;
    HCLIENT h = SmtpConnect("127.0.0.1", (UINT)capture_port(), 20, SMTP_OPTION_NONE, "doomed.test", NULL);
    if (h == INVALID_CLIENT) { thread_fail("connect (doomed)", id); return NULL; }
    while (!g_stop) {
        if (SmtpSendMessage(h, "d@x.test", "d@x.test", "Subject: doomed\r\n\r\nx\r\n", 0, SMTP_MESSAGE_MEMORY) != 0) {
            DWORD e = SmtpGetLastError();
            if (e != ST_ERROR_NOT_INITIALIZED && e != ST_ERROR_INVALID_HANDLE && e != ST_ERROR_OPERATION_CANCELED
                && e != ST_ERROR_NOT_CONNECTED && e != ST_ERROR_CONNECTION_CLOSED)
                thread_fail("unexpected error after uninitialize", id);
            break;
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    int i, total = 0, expected = THREADS * MESSAGES;

    CHECK(SmtpInitialize(NULL, NULL));

    /* 32 handles on 32 threads, all sending at once */
    for (i = 0; i < THREADS; i++) CHECK(pthread_create(&t[i], NULL, sender, (void *)(size_t)i) == 0);
    for (i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    for (i = 0; i < THREADS; i++) total += g_sent[i];
    CHECK(total == expected);
    CHECK(capture_count() == expected);
    {
        /* every message arrived once, to the right recipient */
        char *env, want[64];
        int n, tid, mid, seen[THREADS][MESSAGES] = { { 0 } };
        for (n = 1; n <= expected; n++) {
            env = capture_file(n, "env");
            if (env && sscanf(strstr(env, "RCPT ") ? strstr(env, "RCPT ") : "", "RCPT t%d-m%d@", &tid, &mid) == 2
                && tid >= 0 && tid < THREADS && mid >= 0 && mid < MESSAGES) {
                seen[tid][mid]++;
            }
            free(env);
        }
        for (tid = 0; tid < THREADS; tid++)
            for (mid = 0; mid < MESSAGES; mid++)
                if (seen[tid][mid] != 1) { snprintf(want, sizeof want, "t%d-m%d seen %d times", tid, mid, seen[tid][mid]); CHECK(!want[0]); }
    }

    /* initialize/uninitialize races: 16 threads churn the reference count while we hold one */
    for (i = 0; i < 16; i++) CHECK(pthread_create(&t[i], NULL, init_churn, (void *)(size_t)i) == 0);
    for (i = 0; i < 16; i++) pthread_join(t[i], NULL);
    CHECK(SmtpGetResultCode(INVALID_CLIENT) == SMTP_ERROR && SmtpGetLastError() == ST_ERROR_INVALID_HANDLE);  /* still initialized */

    /* the last uninitialize while 8 threads are sending on their handles */
    g_stop = 0;
    for (i = 0; i < 8; i++) CHECK(pthread_create(&t[i], NULL, doomed_sender, (void *)(size_t)i) == 0);
    usleep(300000);
    SmtpUninitialize();
    g_stop = 1;
    for (i = 0; i < 8; i++) pthread_join(t[i], NULL);
    CHECK(SmtpGetResultCode(INVALID_CLIENT) == SMTP_ERROR && SmtpGetLastError() == ST_ERROR_NOT_INITIALIZED);

    /* and the library comes back */
    CHECK(SmtpInitialize(NULL, NULL));
    {
        HCLIENT h = SmtpConnect("127.0.0.1", (UINT)capture_port(), 10, SMTP_OPTION_NONE, "again.test", NULL);
        CHECK(h != INVALID_CLIENT);
        CHECK(SmtpDisconnect(h) == 0);
    }
    SmtpUninitialize();

    CHECK(g_thread_failures == 0);
    printf("%d messages from %d threads arrived, each once\n", total, THREADS);
    return finish("test_threads");
}
