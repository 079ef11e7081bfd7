/* Events, transfer status, status, the trace file and trace callback (pipelining in one write,
 * AUTH redacted), and DSN parameters, through the built library against Postfix's smtp-sink
 * (a real server offering PIPELINING and DSN). */
#include "testutil.h"
#include "serverutil.h"

static int g_counts[9];
static int g_connects, g_busy_ok, g_status_ok, g_progress_ok;
static DWORD g_last_copied;
static HCLIENT g_client;
static int g_trace_lines, g_trace_secret_leaked, g_trace_auth_seen;

static void CALLBACK on_event(HCLIENT hClient, UINT nEventId, DWORD dwError, DWORD_PTR dwParam)
{
    SMTPTRANSFERSTATUS status;
    (void)dwError;
    if (hClient != g_client || dwParam != 42 || nEventId > 8) return;
    g_counts[nEventId]++;
    if (nEventId == SMTP_EVENT_CONNECT) g_connects++;
    if (nEventId == SMTP_EVENT_PROGRESS) {
        /* allowed from a callback: reading functions on the same handle */
        if (SmtpGetTransferStatus(hClient, &status) == 0 && status.dwBytesCopied >= g_last_copied) g_progress_ok++;
        g_last_copied = status.dwBytesCopied;
        if (SmtpGetStatus(hClient) == (INT)SMTP_STATUS_SENDING && SmtpIsBlocking(hClient)) g_status_ok++;
        /* not allowed: another network call on the same handle */
        if (SmtpCommand(hClient, "NOOP", NULL) == SMTP_ERROR && SmtpGetLastError() == ST_ERROR_HANDLE_BUSY) g_busy_ok++;
    }
}

static void CALLBACK on_trace(HCLIENT hClient, LPCSTR lpszLine, DWORD_PTR dwParam)
{
    (void)hClient;
    if (dwParam != 7) return;
    g_trace_lines++;
    if (strstr(lpszLine, "AHVzZXIAc2VjcmV0")) g_trace_secret_leaked++;
    if (strcmp(lpszLine, "C: AUTH PLAIN ****") == 0) g_trace_auth_seen++;
}

int main(void)
{
    TestServer sink;
    SMTPTRANSFERSTATUS status;
    char trace_path[] = "/tmp/smtpnative-trace-XXXXXX";
    char line[1024], *dumps, *body, *p;
    int fd, in_write = -1, pipelined = 0, seen_auth = 0, leaked = 0, content_line = 0, i;
    size_t size = 200 * 1024;
    FILE *f;

    (void)capture_port; (void)capture_count;   /* this test starts its own server */
    if (!start_sink(&sink)) return 1;
    fd = mkstemp(trace_path);
    close(fd);
    CHECK(SmtpInitialize(NULL, NULL));
    CHECK(SmtpEnableTrace(trace_path, SMTP_TRACE_WRITES | SMTP_TRACE_TIMESTAMP));
    CHECK(SmtpSetTraceCallback(on_trace, 7));
    g_client = SmtpConnect("127.0.0.1", (UINT)sink.port, 10, SMTP_OPTION_NONE, "c-test.local", NULL);
    CHECK(g_client != INVALID_CLIENT);
    CHECK(SmtpGetStatus(g_client) == (INT)SMTP_STATUS_IDLE);
    CHECK(!SmtpIsBlocking(g_client));
    CHECK(SmtpIsWritable(g_client));
    CHECK(!SmtpIsReadable(g_client));

    for (i = SMTP_EVENT_CONNECT; i <= (int)SMTP_EVENT_PROGRESS; i++)
        CHECK(SmtpRegisterEvent(g_client, (UINT)i, on_event, 42) == 0);
    CHECK(g_connects == 1);   /* CONNECT is delivered at registration on a connected handle */
    CHECK_ERR(SmtpRegisterEvent(g_client, 99, on_event, 42), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpEnableEvents(g_client, NULL, 0x400), SMTP_ERROR, ST_ERROR_NOT_SUPPORTED);
    CHECK_ERR(SmtpDisableEvents(g_client), SMTP_ERROR, ST_ERROR_NOT_SUPPORTED);
    CHECK_ERR(SmtpFreezeEvents(g_client, TRUE), SMTP_ERROR, ST_ERROR_NOT_SUPPORTED);

    /* a 200 KiB message: PROGRESS at least every 64 KiB and at the end */
    body = (char *)malloc(size + 1);
    memcpy(body, "Subject: events\r\n\r\n", 19);
    for (i = 19; i < (int)size; i++) body[i] = (i % 100 == 98) ? '\r' : (i % 100 == 99) ? '\n' : 'x';
    body[size] = 0;
    CHECK(SmtpSetDeliveryOptions(g_client, SMTP_NOTIFY_SUCCESS | SMTP_NOTIFY_FAILURE | SMTP_RETURN_MESSAGE) == 0);
    CHECK(SmtpSendMessage(g_client, "from@x.test", "a@x.test, b@x.test", body, (DWORD)size, SMTP_MESSAGE_MEMORY) == 0);
    CHECK(g_counts[SMTP_EVENT_PROGRESS] >= 4);
    CHECK(g_progress_ok == g_counts[SMTP_EVENT_PROGRESS]);
    CHECK(g_status_ok == g_counts[SMTP_EVENT_PROGRESS]);
    CHECK(g_busy_ok == g_counts[SMTP_EVENT_PROGRESS]);
    CHECK(g_counts[SMTP_EVENT_WRITE] >= 2 && g_counts[SMTP_EVENT_READ] >= 1 && g_counts[SMTP_EVENT_COMMAND] >= 4);
    CHECK(SmtpGetTransferStatus(g_client, &status) == 0);
    CHECK(status.dwBytesTotal == size && status.dwBytesCopied == size && status.dwTimeEstimated == 0);
    CHECK_ERR(SmtpGetTransferStatus(g_client, NULL), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK(SmtpGetStatus(g_client) == (INT)SMTP_STATUS_IDLE);

    /* credentials through the raw command path are redacted in the trace */
    SmtpCommand(g_client, "AUTH", "PLAIN AHVzZXIAc2VjcmV0LXBhc3N3b3Jk");
    /* and through SmtpAuthenticate (smtp-sink answers 250, not 235: the call fails, the trace is what counts) */
    SmtpAuthenticate(g_client, SMTP_AUTH_PLAIN, "user", "secret-password");
    CHECK(SmtpIsConnected(g_client));

    /* NULL unregisters: no more COMMAND events */
    i = g_counts[SMTP_EVENT_COMMAND];
    CHECK(SmtpRegisterEvent(g_client, SMTP_EVENT_COMMAND, NULL, 0) == 0);
    CHECK(SmtpCommand(g_client, "NOOP", NULL) == 250);
    CHECK(g_counts[SMTP_EVENT_COMMAND] == i);

    i = g_counts[SMTP_EVENT_DISCONNECT];
    CHECK(SmtpDisconnect(g_client) == 0);
    CHECK(g_counts[SMTP_EVENT_DISCONNECT] == i + 1);
    CHECK(SmtpDisableTrace());
    CHECK(!SmtpDisableTrace());
    CHECK(SmtpSetTraceCallback(NULL, 0));
    CHECK(g_trace_lines > 10 && g_trace_auth_seen == 2 && g_trace_secret_leaked == 0);
    SmtpUninitialize();

    /* the trace file: MAIL, both RCPTs and DATA in ONE write; content only as a count; AUTH redacted */
    f = fopen(trace_path, "r");
    CHECK(f != NULL);
    while (f && fgets(line, sizeof line, f)) {
        p = strstr(line, "] ");
        if (!p) continue;
        p += 2;
        if (strncmp(p, "C: --- one write", 16) == 0) { in_write = 0; continue; }
        if (strncmp(p, "S: ", 3) == 0) { if (in_write == 4) pipelined++; in_write = -1; }
        if (in_write >= 0 && strncmp(p, "C: ", 3) == 0) {
            static const char *const expected[] = {"C: MAIL FROM:<from@x.test> RET=FULL ENVID=", "C: RCPT TO:<a@x.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a@x.test",
                                                   "C: RCPT TO:<b@x.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b@x.test", "C: DATA"};
            if (in_write < 4 && strncmp(p, expected[in_write], strlen(expected[in_write])) == 0) in_write++;
            else in_write = 99;
        }
        if (strstr(p, "C: AUTH PLAIN ****")) seen_auth++;
        if (strstr(line, "AHVzZXIAc2VjcmV0")) leaked++;
        if (strstr(p, "bytes of message content>")) content_line++;
        if (strstr(p, "xxxxxxxx")) leaked++;
    }
    if (f) fclose(f);
    CHECK(pipelined == 1);
    CHECK(seen_auth == 2 && leaked == 0 && content_line >= 3);
    if (g_failures) { snprintf(line, sizeof line, "cat %s", trace_path); if (system(line)) {} }
    remove(trace_path);

    /* what smtp-sink received: the DSN parameters */
    dumps = server_files(&sink);
    CHECK(strstr(dumps, "X-Rcpt-Args: <a@x.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a@x.test\n") != NULL);
    CHECK(strstr(dumps, "X-Mail-Args: <from@x.test> RET=FULL ENVID=") != NULL);
    if (g_failures) fprintf(stderr, "%s\n", dumps);
    free(dumps);
    free(body);
    stop_server(&sink);
    return finish("test_events");
}
