/* Every export misused the ways a C caller can: before initialization, with NULL / forged / stale
 * handles, NULL pointers, short buffers (guard bytes prove nothing is written past nMaxLength),
 * negative sizes, and from a thread that does not own the handle. Nothing may crash; each call fails
 * with the documented value and error. (Basic cases of the same kind: test_misuse.c.) */
#define _DEFAULT_SOURCE
#include "testutil.h"
#include <pthread.h>

#define GUARD 0xCC
#define GUARD_BYTES 64

static const HCLIENT k_forged[] = { (HCLIENT)(size_t)1, (HCLIENT)(size_t)0x7FFFFFFF, (HCLIENT)(size_t)0x00110001,
                                    (HCLIENT)(size_t)-1, (HCLIENT)(size_t)0xDEADBEEF };

/* Every export that takes an HCLIENT, called with h; each must fail with `code`. */
static void all_handle_exports_fail(HCLIENT h, DWORD code)
{
    char a[64];
    SMTPWCHAR w[64];
    int n;
    DWORD options = 0;
    (void)options;
    CHECK_ERR(SmtpDisconnect(h), SMTP_ERROR, code);
    CHECK_ERR(SmtpIsConnected(h), FALSE, code);
    CHECK_ERR(SmtpGetTimeout(h), SMTP_ERROR, code);
    CHECK_ERR(SmtpSetTimeout(h, 5), SMTP_ERROR, code);
    CHECK_ERR(SmtpGetResultCode(h), SMTP_ERROR, code);
    CHECK_ERR(SmtpGetResultStringA(h, a, (INT)sizeof a), SMTP_ERROR, code);
    CHECK_ERR(SmtpGetResultStringW(h, w, 64), SMTP_ERROR, code);
    CHECK_ERR(SmtpGetEnhancedStatusA(h, a, (INT)sizeof a), SMTP_ERROR, code);
    CHECK_ERR(SmtpGetEnhancedStatusW(h, w, 64), SMTP_ERROR, code);
    CHECK_ERR(SmtpSendMessageA(h, "a@x.test", "b@x.test", (LPVOID)"x", 1, SMTP_MESSAGE_MEMORY), SMTP_ERROR, code);
    CHECK_ERR(SmtpSendMessageW(h, NULL, NULL, NULL, 0, SMTP_MESSAGE_MEMORY), SMTP_ERROR, code);
    CHECK_ERR(SmtpGetRecipientStatusA(h, 0, a, (INT)sizeof a, &n), SMTP_ERROR, code);
    CHECK_ERR(SmtpGetRecipientStatusW(h, -1, NULL, 0, NULL), SMTP_ERROR, code);
}

/* Calls an output-buffer export with every size from 1 to the full length + 1 and checks the rule of
 * spec §2 and the guard bytes after nMaxLength. `call` writes into buf with nMaxLength = size. */
typedef INT (*text_call)(void *ctx, void *buf, INT size);

static void check_buffer_rule(const char *what, text_call call, void *ctx, size_t unit)
{
    unsigned char buf[4096 + GUARD_BYTES];
    INT needed, size, r;
    size_t i;
    SmtpSetLastError(0);
    needed = call(ctx, NULL, 0);
    if (needed < 0 || needed > 4000) { g_failures++; fprintf(stderr, "%s: length query gave %d\n", what, needed); return; }
    CHECK_ERR(call(ctx, buf, -1), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    for (size = 1; size <= needed + 1; size++) {
        memset(buf, GUARD, sizeof buf);
        SmtpSetLastError(0);
        r = call(ctx, buf, size);
        for (i = (size_t)size * unit; i < (size_t)size * unit + GUARD_BYTES; i++)
            if (buf[i] != GUARD) { g_failures++; fprintf(stderr, "%s: nMaxLength %d wrote byte %zu\n", what, size, i); break; }
        if (size <= needed) {
            if (r != SMTP_ERROR || SmtpGetLastError() != ST_ERROR_BUFFER_TOO_SMALL) {
                g_failures++; fprintf(stderr, "%s: nMaxLength %d of %d gave %d, error 0x%08X\n", what, size, needed, r, SmtpGetLastError());
            }
        } else if (r != needed) {
            g_failures++; fprintf(stderr, "%s: full buffer gave %d, expected %d\n", what, r, needed);
        }
        /* always terminated inside the buffer */
        for (i = 0; i < (size_t)size; i++) {
            int zero = unit == 1 ? buf[i] == 0 : (buf[2 * i] == 0 && buf[2 * i + 1] == 0);
            if (zero) break;
        }
        if (i == (size_t)size) { g_failures++; fprintf(stderr, "%s: nMaxLength %d left no terminator\n", what, size); }
    }
}

static INT error_a(void *c, void *b, INT n) { (void)c; return SmtpGetErrorStringA(ST_ERROR_INVALID_ADDRESS, (LPSTR)b, n); }
static INT error_w(void *c, void *b, INT n) { (void)c; return SmtpGetErrorStringW(ST_ERROR_INVALID_ADDRESS, (LPWSTR)b, n); }
static INT result_a(void *c, void *b, INT n) { return SmtpGetResultStringA(*(HCLIENT *)c, (LPSTR)b, n); }
static INT result_w(void *c, void *b, INT n) { return SmtpGetResultStringW(*(HCLIENT *)c, (LPWSTR)b, n); }
static INT enhanced_a(void *c, void *b, INT n) { return SmtpGetEnhancedStatusA(*(HCLIENT *)c, (LPSTR)b, n); }
static INT enhanced_w(void *c, void *b, INT n) { return SmtpGetEnhancedStatusW(*(HCLIENT *)c, (LPWSTR)b, n); }
static INT rcpt_a(void *c, void *b, INT n) { int code; return SmtpGetRecipientStatusA(*(HCLIENT *)c, 0, (LPSTR)b, n, &code); }
static INT rcpt_w(void *c, void *b, INT n) { return SmtpGetRecipientStatusW(*(HCLIENT *)c, 0, (LPWSTR)b, n, NULL); }

static void *other_thread(void *arg)
{
    HCLIENT h = *(HCLIENT *)arg;
    all_handle_exports_fail(h, ST_ERROR_NOT_HANDLE_OWNER);
    /* SmtpAttachThread works from any thread: take the handle, use it, give it back */
    {
        DWORD previous = SmtpAttachThread(h, 0);
        CHECK(previous != 0);
        CHECK(SmtpGetResultCode(h) == 250);
        CHECK(SmtpAttachThread(h, previous) != 0);
        CHECK_ERR(SmtpGetResultCode(h), SMTP_ERROR, ST_ERROR_NOT_HANDLE_OWNER);
    }
    return NULL;
}

int main(void)
{
    HCLIENT h, stale;
    pthread_t t;
    size_t i;
    char a[8];
    int code;

    /* before SmtpInitialize */
    all_handle_exports_fail(INVALID_CLIENT, ST_ERROR_NOT_INITIALIZED);
    CHECK_ERR(SmtpConnect("127.0.0.1", (UINT)capture_port(), 5, 0, "c.test", NULL), INVALID_CLIENT, ST_ERROR_NOT_INITIALIZED);
    CHECK_ERR(SmtpAttachThread(INVALID_CLIENT, 0), 0, ST_ERROR_NOT_INITIALIZED);
    SmtpUninitialize();   /* more uninitializes than initializes: harmless */
    CHECK(SmtpGetErrorStringA(ST_ERROR_TIMEOUT, a, (INT)sizeof a) == SMTP_ERROR);   /* works without init */

    CHECK(SmtpInitialize(NULL, NULL));
    CHECK(SmtpInitializeW(NULL, NULL));
    CHECK_ERR(SmtpInitializeA((LPCSTR)"\xff\xfe", NULL), FALSE, ST_ERROR_INVALID_PARAMETER);

    /* NULL, forged and wrong-kind handles */
    all_handle_exports_fail(INVALID_CLIENT, ST_ERROR_INVALID_HANDLE);
    for (i = 0; i < sizeof k_forged / sizeof k_forged[0]; i++)
        all_handle_exports_fail(k_forged[i], ST_ERROR_INVALID_HANDLE);

    /* NULL and invalid arguments to SmtpConnect */
    CHECK_ERR(SmtpConnectA(NULL, 25, 5, 0, NULL, NULL), INVALID_CLIENT, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpConnectW(NULL, 25, 5, 0, NULL, NULL), INVALID_CLIENT, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpConnect("", 25, 5, 0, NULL, NULL), INVALID_CLIENT, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpConnect("127.0.0.1", 70000, 5, 0, NULL, NULL), INVALID_CLIENT, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpConnect("127.0.0.1", (UINT)capture_port(), 5, 0, (LPCSTR)"\xc3\x28", NULL), INVALID_CLIENT, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpConnect("127.0.0.1\r\nMAIL", (UINT)capture_port(), 5, 0, NULL, NULL), INVALID_CLIENT, ST_ERROR_INVALID_PARAMETER);

    h = SmtpConnect("127.0.0.1", (UINT)capture_port(), 5, 0, "c.test", NULL);
    CHECK(h != INVALID_CLIENT);

    /* NULL pointers where text or data is required */
    CHECK_ERR(SmtpSendMessage(h, "a@x.test", NULL, (LPVOID)"x", 1, SMTP_MESSAGE_MEMORY), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpSendMessage(h, "a@x.test", "b@x.test", NULL, 1, SMTP_MESSAGE_MEMORY), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpSendMessageW(h, NULL, NULL, NULL, 0, SMTP_MESSAGE_FILE), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpSendMessage(h, "a@x.test", "b@x.test", (LPVOID)"x", 1, 99), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpSendMessage(h, "a@x.test", "b@x.test", (LPVOID)"/nonexistent/x.eml", 0, SMTP_MESSAGE_FILE), SMTP_ERROR, ST_ERROR_FILE_NOT_FOUND);
    CHECK_ERR(SmtpSendMessage(h, (LPCSTR)"\xff@x.test", "b@x.test", (LPVOID)"x", 1, SMTP_MESSAGE_MEMORY), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpGetRecipientStatus(h, 0, NULL, 0, NULL), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);   /* no transaction yet */
    CHECK(SmtpIsConnected(h));

    /* a transaction, so every output has text; then the buffer rule with guard bytes for each output */
    CHECK(SmtpSendMessage(h, "a@x.test", "recipient-with-a-long-name@x.test", (LPVOID)"Subject: m\r\n\r\nx\r\n", 0, SMTP_MESSAGE_MEMORY) == 0);
    check_buffer_rule("SmtpGetErrorStringA", error_a, NULL, 1);
    check_buffer_rule("SmtpGetErrorStringW", error_w, NULL, 2);
    check_buffer_rule("SmtpGetResultStringA", result_a, &h, 1);
    check_buffer_rule("SmtpGetResultStringW", result_w, &h, 2);
    check_buffer_rule("SmtpGetEnhancedStatusA", enhanced_a, &h, 1);
    check_buffer_rule("SmtpGetEnhancedStatusW", enhanced_w, &h, 2);
    check_buffer_rule("SmtpGetRecipientStatusA", rcpt_a, &h, 1);
    check_buffer_rule("SmtpGetRecipientStatusW", rcpt_w, &h, 2);
    CHECK_ERR(SmtpGetRecipientStatus(h, 1, NULL, 0, &code), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpGetRecipientStatus(h, 0x7FFFFFFF, NULL, 0, &code), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);

    /* wrong thread */
    CHECK(pthread_create(&t, NULL, other_thread, &h) == 0);
    pthread_join(t, NULL);
    CHECK(SmtpGetResultCode(h) == 250);   /* the owner still can */

    /* stale handle: closed, then its slot reused by a new handle */
    stale = h;
    CHECK(SmtpDisconnect(h) == 0);
    all_handle_exports_fail(stale, ST_ERROR_INVALID_HANDLE);
    h = SmtpConnect("127.0.0.1", (UINT)capture_port(), 5, 0, "c.test", NULL);
    CHECK(h != INVALID_CLIENT && h != stale);
    all_handle_exports_fail(stale, ST_ERROR_INVALID_HANDLE);
    CHECK(SmtpIsConnected(h));

    /* SmtpUninitialize with a handle still open frees it: the handle is dead afterwards */
    SmtpUninitialize();
    SmtpUninitialize();
    all_handle_exports_fail(h, ST_ERROR_NOT_INITIALIZED);
    CHECK(SmtpInitialize(NULL, NULL));
    all_handle_exports_fail(h, ST_ERROR_INVALID_HANDLE);
    SmtpUninitialize();
    (void)capture_count; (void)capture_file;
    return finish("test_misuse_all");
}
