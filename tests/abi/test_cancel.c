/* SmtpCancel from another thread ends a blocked call quickly with ST_ERROR_OPERATION_CANCELED;
 * a server that never answers times out with ST_ERROR_TIMEOUT and SMTP_EVENT_TIMEOUT; a server
 * that drops the connection at each stage gives a clean error and a usable next connection.
 * The servers are tests/servers/scripted_server.py (scripted: no real server hangs or drops on purpose). */
#include "testutil.h"
#include "serverutil.h"
#include <pthread.h>

static HCLIENT g_client;
static double g_canceled_at;
static int g_cancel_events, g_timeout_events;

static volatile int g_mail_sent;

static void *canceler(void *arg)
{
    struct timespec pause = {0, 1000 * 1000}, settle = {0, 200 * 1000 * 1000};
    (void)arg;
    /* SmtpIsBlocking, SmtpGetStatus and SmtpCancel work from any thread. Wait until MAIL FROM went out
     * (SMTP_EVENT_WRITE) and give the call time to block in its read of the reply that never comes
     * (this pause only sets the scene: the assertion is on the time from SmtpCancel to the return). */
    while (!SmtpIsBlocking(g_client) || !g_mail_sent) nanosleep(&pause, NULL);
    nanosleep(&settle, NULL);
    if (SmtpGetStatus(g_client) != (INT)SMTP_STATUS_COMMAND) { g_failures++; fprintf(stderr, "status is not COMMAND while blocked\n"); }
    g_canceled_at = now_seconds();
    if (SmtpCancel(g_client) != 0) fprintf(stderr, "SmtpCancel failed: 0x%08X\n", SmtpGetLastError());
    return NULL;
}

static void CALLBACK on_event(HCLIENT hClient, UINT nEventId, DWORD dwError, DWORD_PTR dwParam)
{
    (void)hClient; (void)dwParam;
    if (nEventId == SMTP_EVENT_CANCEL && dwError == ST_ERROR_OPERATION_CANCELED) g_cancel_events++;
    if (nEventId == SMTP_EVENT_WRITE) g_mail_sent = 1;
    if (nEventId == SMTP_EVENT_TIMEOUT && dwError == ST_ERROR_TIMEOUT) g_timeout_events++;
}

static void drop_case(const char *stage, int fails_in_connect)
{
    TestServer server;
    HCLIENT client;
    char *received;
    if (!start_drop(&server, stage)) { g_failures++; return; }
    client = SmtpConnect("127.0.0.1", (UINT)server.port, 10, SMTP_OPTION_NONE, "c-test.local", NULL);
    if (fails_in_connect) {
        CHECK(client == INVALID_CLIENT && SmtpGetLastError() == ST_ERROR_CONNECTION_CLOSED);
    } else {
        CHECK(client != INVALID_CLIENT);
        CHECK_ERR(SmtpSendMessage(client, "a@x.test", "b@x.test", (LPVOID)"Subject: d\r\n\r\nx\r\n", 0, SMTP_MESSAGE_MEMORY), SMTP_ERROR, ST_ERROR_CONNECTION_CLOSED);
        CHECK(!SmtpIsConnected(client));
        CHECK(SmtpGetStatus(client) == (INT)SMTP_STATUS_DISCONNECTED);
        CHECK_ERR(SmtpSendMessage(client, "a@x.test", "b@x.test", (LPVOID)"x", 0, SMTP_MESSAGE_MEMORY), SMTP_ERROR, ST_ERROR_NOT_CONNECTED);
        CHECK(SmtpDisconnect(client) == 0);
    }
    /* the next connection works */
    client = SmtpConnect("127.0.0.1", (UINT)server.port, 10, SMTP_OPTION_NONE, "c-test.local", NULL);
    CHECK(client != INVALID_CLIENT);
    CHECK(SmtpSendMessage(client, "a@x.test", "b@x.test", (LPVOID)"Subject: d\r\n\r\nx\r\n", 0, SMTP_MESSAGE_MEMORY) == 0);
    CHECK(SmtpDisconnect(client) == 0);
    received = server_files(&server);
    if (strcmp(received, "Subject: d\r\n\r\nx\r\n") != 0) { g_failures++; fprintf(stderr, "stage %s: next connection delivered '%s'\n", stage, received); }
    free(received);
    stop_server(&server);
}

int main(void)
{
    TestServer server;
    pthread_t thread;
    double returned_at, started;
    int result;

    (void)capture_port; (void)capture_count;   /* this test starts its own servers */
    CHECK(SmtpInitialize(NULL, NULL));

    /* cancel: the server never answers MAIL FROM; the call would wait 30 s */
    if (!start_drop(&server, "hang")) return 1;
    g_client = SmtpConnect("127.0.0.1", (UINT)server.port, 30, SMTP_OPTION_NONE, "c-test.local", NULL);
    CHECK(g_client != INVALID_CLIENT);
    CHECK(SmtpRegisterEvent(g_client, SMTP_EVENT_CANCEL, on_event, 0) == 0);
    CHECK(SmtpRegisterEvent(g_client, SMTP_EVENT_WRITE, on_event, 0) == 0);
    CHECK(SmtpCancel(INVALID_CLIENT) == SMTP_ERROR && SmtpGetLastError() == ST_ERROR_INVALID_HANDLE);
    pthread_create(&thread, NULL, canceler, NULL);
    started = now_seconds();
    result = SmtpSendMessage(g_client, "a@x.test", "b@x.test", (LPVOID)"x", 0, SMTP_MESSAGE_MEMORY);
    returned_at = now_seconds();
    CHECK(result == SMTP_ERROR && SmtpGetLastError() == ST_ERROR_OPERATION_CANCELED);
    pthread_join(thread, NULL);
    fprintf(stderr, "canceled after %.3f s; the call returned %.3f s after SmtpCancel\n", g_canceled_at - started, returned_at - g_canceled_at);
    CHECK(returned_at - g_canceled_at < 2.0);
    CHECK(g_cancel_events == 1);
    CHECK(!SmtpIsConnected(g_client));
    CHECK(SmtpDisconnect(g_client) == 0);
    stop_server(&server);

    /* timeout: 1 s per network wait */
    if (!start_drop(&server, "hang")) return 1;
    g_client = SmtpConnect("127.0.0.1", (UINT)server.port, 1, SMTP_OPTION_NONE, "c-test.local", NULL);
    CHECK(g_client != INVALID_CLIENT);
    CHECK(SmtpRegisterEvent(g_client, SMTP_EVENT_TIMEOUT, on_event, 0) == 0);
    CHECK_ERR(SmtpSendMessage(g_client, "a@x.test", "b@x.test", (LPVOID)"x", 0, SMTP_MESSAGE_MEMORY), SMTP_ERROR, ST_ERROR_TIMEOUT);
    CHECK(g_timeout_events == 1);
    CHECK(SmtpDisconnect(g_client) == 0);
    stop_server(&server);

    /* a drop at each stage */
    drop_case("greeting", 1);
    drop_case("ehlo", 1);
    drop_case("mail", 0);
    drop_case("rcpt", 0);
    drop_case("data", 0);
    drop_case("dot", 0);

    SmtpUninitialize();
    return finish("test_cancel");
}
