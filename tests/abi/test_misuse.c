/* Misuse of the C boundary: every mistake a C caller can make gives its documented error, none
 * crashes, nothing is written past a buffer. Runs against aiosmtpd (CAPTURE_PORT) and a tiny
 * silent server of its own (to hold a call inside a handle while another thread knocks). */
#define _GNU_SOURCE
#include "testutil.h"
#include <pthread.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/syscall.h>

static HCLIENT connect_capture(DWORD options)
{
    return SmtpConnect("127.0.0.1", (UINT)capture_port(), 10, options, "misuse.test", NULL);
}

/* ---- another thread calling into a handle it does not own ---- */
struct knock { HCLIENT client; int result; DWORD error; DWORD tid; };

static void *knock_thread(void *arg)
{
    struct knock *k = (struct knock *)arg;
    k->tid = (DWORD)syscall(SYS_gettid);
    k->result = SmtpGetResultCode(k->client);
    k->error = SmtpGetLastError();
    return NULL;
}

static void knock_from_other_thread(struct knock *k)
{
    pthread_t t;
    pthread_create(&t, NULL, knock_thread, k);
    pthread_join(t, NULL);
}

/* ---- a server that greets, accepts EHLO, then says nothing: the client blocks inside a call ---- */
struct silent { int listener, conn, port; };

static void silent_start(struct silent *s)
{
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    s->listener = socket(AF_INET, SOCK_STREAM, 0);
    bind(s->listener, (struct sockaddr *)&a, sizeof a);
    listen(s->listener, 1);
    getsockname(s->listener, (struct sockaddr *)&a, &len);
    s->port = ntohs(a.sin_port);
}

static void *silent_serve(void *arg)
{
    struct silent *s = (struct silent *)arg;
    char buf[512];
    s->conn = accept(s->listener, NULL, NULL);
    if (write(s->conn, "220 silent\r\n", 12) < 0) return NULL;
    if (read(s->conn, buf, sizeof buf) <= 0) return NULL;   /* EHLO */
    if (write(s->conn, "250 ok\r\n", 8) < 0) return NULL;
    return NULL;
}

struct sender { HCLIENT client; int result; DWORD error; };

static void *send_thread(void *arg)
{
    struct sender *s = (struct sender *)arg;
    s->result = SmtpSendMessage(s->client, "a@x.test", "b@x.test", (LPVOID)"Subject: x\r\n\r\nx\r\n", 0, SMTP_MESSAGE_MEMORY);
    s->error = SmtpGetLastError();
    return NULL;
}

static void two_threads_in_one_handle(void)
{
    struct silent s;
    struct sender snd;
    pthread_t server, sender;
    char buf[512];
    ssize_t n;
    HCLIENT client;

    silent_start(&s);
    pthread_create(&server, NULL, silent_serve, &s);
    client = SmtpConnect("127.0.0.1", (UINT)s.port, 10, SMTP_OPTION_FREETHREAD, "misuse.test", NULL);
    pthread_join(server, NULL);
    CHECK(client != INVALID_CLIENT);

    snd.client = client;
    pthread_create(&sender, NULL, send_thread, &snd);
    /* Once MAIL FROM arrives the sender is inside SmtpSendMessage, waiting for our reply. */
    n = read(s.conn, buf, sizeof buf);
    CHECK(n > 0 && strncmp(buf, "MAIL FROM:<a@x.test>", 20) == 0);
    CHECK_ERR(SmtpGetResultCode(client), SMTP_ERROR, ST_ERROR_HANDLE_BUSY);
    CHECK_ERR(SmtpDisconnect(client), SMTP_ERROR, ST_ERROR_HANDLE_BUSY);
    /* The server goes away: the blocked call ends with a clean error, the handle stays valid. */
    close(s.conn);
    pthread_join(sender, NULL);
    CHECK(snd.result == SMTP_ERROR);
    CHECK(snd.error == ST_ERROR_CONNECTION_CLOSED);
    CHECK(SmtpIsConnected(client) == FALSE && SmtpGetLastError() == 0);
    CHECK(SmtpDisconnect(client) == 0);
    close(s.listener);
}

static void guarded_buffers(HCLIENT client)
{
    /* 8 guard bytes on each side of a 6-character window */
    char raw[8 + 6 + 8];
    SMTPWCHAR wraw[8 + 6 + 8];
    char *buf = raw + 8;
    SMTPWCHAR *wbuf = wraw + 8;
    int i, needed;

    memset(raw, 'G', sizeof raw);
    needed = SmtpGetResultString(client, NULL, 0);
    CHECK(needed > 6);
    CHECK(SmtpGetResultString(client, buf, 0) == needed);      /* nMaxLength 0: a length query, nothing written */
    CHECK(buf[0] == 'G');
    CHECK_ERR(SmtpGetResultString(client, buf, 6), SMTP_ERROR, ST_ERROR_BUFFER_TOO_SMALL);
    CHECK(strlen(buf) == 5);                                     /* what fits, terminated */
    for (i = 0; i < 8; i++) CHECK(raw[i] == 'G' && raw[8 + 6 + i] == 'G');
    CHECK_ERR(SmtpGetResultString(client, buf, -1), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);

    for (i = 0; i < 22; i++) wraw[i] = 0x4747;
    CHECK(SmtpGetResultStringW(client, NULL, 0) == needed);
    CHECK_ERR(SmtpGetResultStringW(client, wbuf, 6), SMTP_ERROR, ST_ERROR_BUFFER_TOO_SMALL);
    CHECK(wbuf[5] == 0 && wbuf[4] != 0);
    for (i = 0; i < 8; i++) CHECK(wraw[i] == 0x4747 && wraw[8 + 6 + i] == 0x4747);

    memset(raw, 'G', sizeof raw);
    needed = SmtpGetErrorString(ST_ERROR_TIMEOUT, NULL, 0);
    CHECK(needed > 10);
    CHECK_ERR(SmtpGetErrorString(ST_ERROR_TIMEOUT, buf, 1), SMTP_ERROR, ST_ERROR_BUFFER_TOO_SMALL);
    CHECK(buf[0] == 0 && buf[1] == 'G' && raw[7] == 'G');
}

static void utf8_truncation(HCLIENT client)
{
    /* "jö@x.test": 'ö' is two bytes; a 3-byte buffer must hold "j", never half of 'ö'. */
    char raw[4 + 3 + 4];
    char *buf = raw + 4;
    int code = 0;
    CHECK(SmtpSendMessage(client, "a@x.test", "j\xc3\xb6@x.test", (LPVOID)"Subject: u\r\n\r\nu\r\n", 0, SMTP_MESSAGE_MEMORY) == 0);
    CHECK(SmtpGetRecipientStatus(client, 0, NULL, 0, NULL) == 10);
    memset(raw, 'G', sizeof raw);
    CHECK_ERR(SmtpGetRecipientStatus(client, 0, buf, 3, &code), SMTP_ERROR, ST_ERROR_BUFFER_TOO_SMALL);
    CHECK(strcmp(buf, "j") == 0 && code == 250);
    CHECK(raw[3] == 'G' && raw[4 + 3] == 'G');
    CHECK_ERR(SmtpGetRecipientStatus(client, 1, buf, 3, &code), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
}

int main(void)
{
    static const DWORD every_error[] = {
#include "errors.inc"
    };
    char text[512];
    HCLIENT client, stale;
    struct knock k;
    size_t i;
    int before;

    /* before initialize: no crash, NOT_INITIALIZED; the error API works without it */
    CHECK(SmtpGetVersion() == SMTPNATIVE_VERSION_NUM);
    CHECK_ERR(SmtpConnect("127.0.0.1", (UINT)capture_port(), 5, 0, NULL, NULL), INVALID_CLIENT, ST_ERROR_NOT_INITIALIZED);
    CHECK_ERR(SmtpGetResultCode((HCLIENT)(size_t)0x100001), SMTP_ERROR, ST_ERROR_NOT_INITIALIZED);
    SmtpSetLastError(ST_ERROR_TIMEOUT);
    CHECK(SmtpGetLastError() == ST_ERROR_TIMEOUT);
    SmtpUninitialize();                         /* more uninitializes than initializes: harmless */

    /* every published error code has its own text */
    for (i = 0; i < sizeof every_error / sizeof every_error[0]; i++) {
        CHECK(SmtpGetErrorString(every_error[i], text, (INT)sizeof text) > 0);
        CHECK(strcmp(text, "Unknown error code") != 0);
    }
    CHECK(SmtpGetErrorString(0x80049999u, text, (INT)sizeof text) > 0 && strcmp(text, "Unknown error code") == 0);

    CHECK(SmtpInitialize("any license key", NULL));
    CHECK(SmtpGetLastError() == 0);

    /* NULL, forged and wrong-kind handles */
    CHECK_ERR(SmtpGetResultCode(INVALID_CLIENT), SMTP_ERROR, ST_ERROR_INVALID_HANDLE);
    CHECK_ERR(SmtpGetResultCode((HCLIENT)(size_t)0x12345), SMTP_ERROR, ST_ERROR_INVALID_HANDLE);
    CHECK_ERR(SmtpGetResultCode((HCLIENT)(size_t)-1), SMTP_ERROR, ST_ERROR_INVALID_HANDLE);
    CHECK_ERR(SmtpDisconnect(INVALID_CLIENT), SMTP_ERROR, ST_ERROR_INVALID_HANDLE);
    CHECK_ERR(SmtpIsConnected((HCLIENT)(size_t)0x7fffffff), FALSE, ST_ERROR_INVALID_HANDLE);

    /* NULL and invalid parameters */
    CHECK_ERR(SmtpConnect(NULL, 25, 5, 0, NULL, NULL), INVALID_CLIENT, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpConnect("127.0.0.1", 70000, 5, 0, NULL, NULL), INVALID_CLIENT, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpConnect("\xff\xfe bad utf-8", 25, 5, 0, NULL, NULL), INVALID_CLIENT, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpConnect("127.0.0.1", (UINT)capture_port(), 5, 0, "bad\r\nname", NULL), INVALID_CLIENT, ST_ERROR_INVALID_PARAMETER);

    client = connect_capture(SMTP_OPTION_NONE);
    CHECK(client != INVALID_CLIENT);
    CHECK_ERR(SmtpSendMessage(client, "a@x.test", NULL, (LPVOID)"x", 0, 0), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpSendMessage(client, "a@x.test", "b@x.test", NULL, 0, 0), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpSendMessage(client, "a@x.test", "b@x.test", (LPVOID)"x", 0, 77), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpSendMessage(client, "a@x.test", "b@x.test", (LPVOID)"x", 0, SMTP_MESSAGE_HGLOBAL), SMTP_ERROR, ST_ERROR_NOT_SUPPORTED);
    CHECK_ERR(SmtpSendMessage(client, "a@x.test", "b@x.test", (LPVOID)"/no/such/file", 0, SMTP_MESSAGE_FILE), SMTP_ERROR, ST_ERROR_FILE_NOT_FOUND);
    /* injection: refused locally, the server sees nothing */
    CHECK_ERR(SmtpSendMessage(client, "a@x.test", "b@x.test\r\nRCPT TO:<evil@x.test>", (LPVOID)"x", 0, 0), SMTP_ERROR, ST_ERROR_INVALID_ADDRESS);
    CHECK_ERR(SmtpSendMessage(client, "a@x.test> SIZE=1", "b@x.test", (LPVOID)"x", 0, 0), SMTP_ERROR, ST_ERROR_INVALID_ADDRESS);
    CHECK_ERR(SmtpSendMessage(client, "a@x.test", "b@x.test", (LPVOID)"a\r\nline with \0 NUL", 20, 0), SMTP_ERROR, ST_ERROR_INVALID_MESSAGE);
    CHECK(SmtpIsConnected(client));
    CHECK(capture_count() == 0);

    guarded_buffers(client);
    utf8_truncation(client);

    /* a thread that does not own the handle */
    k.client = client;
    knock_from_other_thread(&k);
    CHECK(k.result == SMTP_ERROR && k.error == ST_ERROR_NOT_HANDLE_OWNER);
    /* ...until the owner hands it over; the previous owner comes back for restoring */
    before = SmtpAttachThread(client, k.tid);
    CHECK(before == (int)syscall(SYS_gettid));
    CHECK_ERR(SmtpGetResultCode(client), SMTP_ERROR, ST_ERROR_NOT_HANDLE_OWNER);
    CHECK(SmtpAttachThread(client, 0) == k.tid);              /* 0 = the calling thread */
    CHECK(SmtpGetResultCode(client) == 250);

    /* stale handle after disconnect, and a double disconnect */
    stale = client;
    CHECK(SmtpDisconnect(client) == 0);
    CHECK_ERR(SmtpDisconnect(stale), SMTP_ERROR, ST_ERROR_INVALID_HANDLE);
    CHECK_ERR(SmtpGetResultCode(stale), SMTP_ERROR, ST_ERROR_INVALID_HANDLE);
    /* the slot is reused by the next handle, but the old value stays dead */
    client = connect_capture(SMTP_OPTION_FREETHREAD);
    CHECK(client != INVALID_CLIENT && client != stale);
    CHECK_ERR(SmtpGetResultCode(stale), SMTP_ERROR, ST_ERROR_INVALID_HANDLE);
    k.client = client;
    knock_from_other_thread(&k);                                /* FREETHREAD: any thread may call */
    CHECK(k.result == 250 && k.error == 0);

    two_threads_in_one_handle();

    /* the last SmtpUninitialize closes what is left; the handles are dead after re-initialize */
    SmtpUninitialize();
    CHECK_ERR(SmtpGetResultCode(client), SMTP_ERROR, ST_ERROR_NOT_INITIALIZED);
    CHECK(SmtpInitialize(NULL, NULL));
    CHECK_ERR(SmtpGetResultCode(client), SMTP_ERROR, ST_ERROR_INVALID_HANDLE);
    SmtpUninitialize();
    return finish("test_misuse");
}
