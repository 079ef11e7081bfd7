/* Every W export of the SMTP client, called with UTF-16 text by a C program against aiosmtpd (STARTTLS,
 * a client certificate, AUTH with a non-ASCII user and password): each gives what its A twin gives
 * (same text after conversion, same codes), follows the output-buffer rule in UTF-16 units, and puts
 * UTF-8 on the wire (checked in what the server captured). */
// server-args: --tls-cert $CERTS/server.pem --tls-key $CERTS/server.key --auth jörg:Grüße --client-ca $CERTS/ca.pem
#include "widetext.h"

static char g_path[4096];

static const char *cert(const char *name)
{
    snprintf(g_path, sizeof g_path, "%s/%s", getenv("SMTPNATIVE_TEST_CERTS"), name);
    return g_path;
}

static void current_date(void)
{
    char a1[64], a2[64];
    SMTPWCHAR w[64], small[5];
    int tries;
    /* A, W, A: when both A calls fell in the same second, W must say the same */
    for (tries = 0; tries < 5; tries++) {
        CHECK(SmtpGetCurrentDateA(a1, (INT)sizeof a1) == 31);
        CHECK(SmtpGetCurrentDateW(w, 64) == 31);
        CHECK(SmtpGetCurrentDateA(a2, (INT)sizeof a2) == 31);
        if (strcmp(a1, a2) == 0) break;
    }
    CHECK_SAME_TEXT(w, a1);
    CHECK(SmtpGetCurrentDateW(NULL, 0) == 31);
    CHECK_ERR(SmtpGetCurrentDateW(small, 5), SMTP_ERROR, ST_ERROR_BUFFER_TOO_SMALL);
    CHECK(wlen(small) == 4 && memcmp(small, w, 4 * sizeof(SMTPWCHAR)) == 0);
}

static void security_and_extensions(HCLIENT client)
{
    SECURITYINFOA a;
    SECURITYINFOW w;
    char list[4096], converted[4096];
    SMTPWCHAR wlist[4096], wsmall[8];
    DWORD cch = 0, wcch = 0;
    INT count;

    a.dwSize = sizeof a;
    w.dwSize = sizeof w;
    CHECK(SmtpGetSecurityInformationA(client, &a) == 0);
    CHECK(SmtpGetSecurityInformationW(client, &w) == 0);
    CHECK(w.dwProtocol == a.dwProtocol && w.dwCertStatus == a.dwCertStatus && a.dwProtocol != SECURITY_PROTOCOL_NONE);
    CHECK_SAME_TEXT(w.szCipherSuite, a.szCipherSuite);
    CHECK_SAME_TEXT(w.szCertSubject, a.szCertSubject);
    CHECK_SAME_TEXT(w.szCertIssuer, a.szCertIssuer);
    CHECK_SAME_TEXT(w.szFingerprint, a.szFingerprint);
    CHECK_SAME_TEXT(w.szCertIssued, a.szCertIssued);
    CHECK_SAME_TEXT(w.szCertExpires, a.szCertExpires);
    w.dwSize = sizeof a;   /* the A size is not the W size */
    CHECK_ERR(SmtpGetSecurityInformationW(client, &w), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);

    count = SmtpGetExtensionsA(client, NULL, &cch);
    CHECK(count >= 4);
    CHECK(SmtpGetExtensionsW(client, NULL, &wcch) == count && wcch == cch);
    cch = sizeof list;
    wcch = 4096;
    CHECK(SmtpGetExtensionsA(client, list, &cch) == count);
    CHECK(SmtpGetExtensionsW(client, wlist, &wcch) == count && wcch == cch);
    CHECK(wide_list_to_utf8(wlist, converted, sizeof converted) == cch && memcmp(converted, list, cch) == 0);
    wcch = 8;
    CHECK_ERR(SmtpGetExtensionsW(client, wsmall, &wcch), SMTP_ERROR, ST_ERROR_BUFFER_TOO_SMALL);
    CHECK(wsmall[0] == 0 && wsmall[1] == 0 && wcch == cch);
}

static void authenticate(HCLIENT client)
{
    char *log;
    CHECK_ERR(SmtpAuthenticateW(client, SMTP_AUTH_PLAIN, W("jörg"), W("Grüsse")), SMTP_ERROR, ST_ERROR_AUTHENTICATION_FAILED);
    CHECK(SmtpGetResultCode(client) == 535);
    CHECK_ERR(SmtpAuthenticateA(client, SMTP_AUTH_PLAIN, "j\xC3\xB6rg", "Gr\xC3\xBC" "sse"), SMTP_ERROR, ST_ERROR_AUTHENTICATION_FAILED);
    CHECK(SmtpAuthenticateW(client, SMTP_AUTH_LOGIN, W("jörg"), W("Grüße")) == 0);
    CHECK(SmtpGetResultCode(client) == 235);
    /* the server compared UTF-8 bytes: the user arrived as UTF-8 */
    log = capture_file_named("auth.log");
    CHECK(log && strcmp(log, "PLAIN j\xC3\xB6rg fail\nPLAIN j\xC3\xB6rg fail\nLOGIN j\xC3\xB6rg ok\n") == 0);
    free(log);
}

/* The last reply, the enhanced status and each recipient's status: W equals A. */
static void replies(HCLIENT client)
{
    char a[512];
    SMTPWCHAR w[512], small[6];
    INT n, i, count, code_a = 0, code_w = 0;

    n = SmtpGetResultStringA(client, a, (INT)sizeof a);
    CHECK(n > 0 && SmtpGetResultStringW(client, w, 512) == n && SmtpGetResultStringW(client, NULL, 0) == n);
    CHECK_SAME_TEXT(w, a);
    CHECK_ERR(SmtpGetResultStringW(client, small, 6), SMTP_ERROR, ST_ERROR_BUFFER_TOO_SMALL);
    CHECK(wlen(small) == 5);
    n = SmtpGetEnhancedStatusA(client, a, (INT)sizeof a);
    CHECK(n == 5 && SmtpGetEnhancedStatusW(client, w, 512) == n && SmtpGetEnhancedStatusW(client, NULL, 0) == n);
    CHECK_SAME_TEXT(w, a);
    CHECK_ERR(SmtpGetEnhancedStatusW(client, small, 3), SMTP_ERROR, ST_ERROR_BUFFER_TOO_SMALL);
    CHECK(wlen(small) == 2 && small[0] == a[0] && small[1] == '.');

    count = SmtpGetRecipientStatusW(client, -1, NULL, 0, NULL);
    CHECK(count >= 2 && count == SmtpGetRecipientStatusA(client, -1, NULL, 0, NULL));
    for (i = 0; i < count; i++) {
        n = SmtpGetRecipientStatusA(client, i, a, (INT)sizeof a, &code_a);
        CHECK(SmtpGetRecipientStatusW(client, i, w, 512, &code_w) == (INT)wlen(w) && code_w == code_a);
        CHECK(n > 0 && SmtpGetRecipientStatusW(client, i, NULL, 0, NULL) == (INT)wlen(w));
        CHECK_SAME_TEXT(w, a);
    }
    CHECK_ERR(SmtpGetRecipientStatusW(client, count, w, 512, NULL), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
}

/* SmtpSendMessageW with UTF-16 addresses and UTF-16 text (size 0): UTF-8 on the wire, SMTPUTF8 in MAIL. */
static void send_message(HCLIENT client)
{
    char *env, *eml;
    INT code = 0;
    SMTPWCHAR w[64];
    CHECK(SmtpSendMessageW(client, W("Jörg <jörg@x.test>"), W("grüße@x.test; reject-me@x.test"),
        W("Subject: Grüße 😀\r\n\r\nGrüße, jörg 😀\r\n"), 0, SMTP_MESSAGE_MEMORY) == 0);
    CHECK(SmtpGetRecipientStatusW(client, 0, w, 64, &code) == 12 && code == 250);
    CHECK_SAME_TEXT(w, "gr\xC3\xBC\xC3\x9F" "e@x.test");
    CHECK(SmtpGetRecipientStatusW(client, 1, w, 64, &code) == 16 && code == 550);
    replies(client);
    env = capture_file(1, "env");
    eml = capture_file(1, "eml");
    CHECK(env && strstr(env, "MAIL j\xC3\xB6rg@x.test\n") && strstr(env, "MAILOPT SMTPUTF8\n")
        && strstr(env, "RCPT gr\xC3\xBC\xC3\x9F" "e@x.test\n") && !strstr(env, "reject-me"));
    CHECK(eml && strcmp(eml, "Subject: Gr\xC3\xBC\xC3\x9F" "e \xF0\x9F\x98\x80\r\n\r\nGr\xC3\xBC\xC3\x9F" "e, j\xC3\xB6rg \xF0\x9F\x98\x80\r\n") == 0);
    free(env); free(eml);
    CHECK_ERR(SmtpSendMessageW(client, W("a@x.test"), W("reject-1@x.test"), W("x"), 0, SMTP_MESSAGE_MEMORY), SMTP_ERROR, ST_ERROR_NO_VALID_RECIPIENTS);
    CHECK_ERR(SmtpSendMessageW(client, W("a@x.test\r\nRSET"), W("b@x.test"), W("x"), 0, SMTP_MESSAGE_MEMORY), SMTP_ERROR, ST_ERROR_INVALID_ADDRESS);
    {   /* a lone surrogate in the UTF-16 message text: refused before anything is sent */
        static const SMTPWCHAR lone[] = { 'S', ':', ' ', 'x', '\r', '\n', '\r', '\n', 0xDE00, 0 };
        int before = capture_count();
        CHECK_ERR(SmtpSendMessageW(client, W("a@x.test"), W("b@x.test"), (LPVOID)lone, 0, SMTP_MESSAGE_MEMORY), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
        CHECK(capture_count() == before);
    }
}

/* The staged W functions: a non-ASCII sender, an IDN recipient, content from a file with a non-ASCII
 * path (UTF-16 path) and from UTF-16 text. */
static void staged(HCLIENT client)
{
    char path[256], *env, *eml;
    FILE *f;
    snprintf(path, sizeof path, "/tmp/smtpnative-wide-gr\xC3\xBC\xC3\x9F" "e-%d.eml", (int)getpid());
    f = fopen(path, "wb");
    fputs("Subject: staged\r\n\r\nfrom the file\r\n", f);
    fclose(f);
    CHECK(SmtpCreateMessageW(client, W("jörg@x.test"), 0, 0) == 0);
    CHECK(SmtpAddRecipientW(client, W("user@bücher.test")) == 0);
    CHECK_ERR(SmtpAddRecipientW(client, W("reject-w@x.test")), SMTP_ERROR, ST_ERROR_RECIPIENT_REJECTED);
    CHECK(SmtpGetResultCode(client) == 550);
    CHECK(SmtpAppendMessageW(client, (LPVOID)W(path), 0, SMTP_MESSAGE_FILE) == 0);
    CHECK(SmtpAppendMessageW(client, (LPVOID)W("Grüße 😀\n"), 0, SMTP_MESSAGE_MEMORY) == 0);
    CHECK_ERR(SmtpAppendMessageW(client, (LPVOID)W("/tmp/smtpnative-wide-no-such-file"), 0, SMTP_MESSAGE_FILE), SMTP_ERROR, ST_ERROR_FILE_NOT_FOUND);
    CHECK(SmtpCloseMessage(client) == 0);
    remove(path);
    CHECK_ERR(SmtpCreateMessageW(client, W("a@x.test> SIZE=1"), 0, 0), SMTP_ERROR, ST_ERROR_INVALID_ADDRESS);
    env = capture_file(2, "env");
    eml = capture_file(2, "eml");
    CHECK(env && strstr(env, "MAIL j\xC3\xB6rg@x.test\n") && strstr(env, "RCPT user@xn--bcher-kva.test\n") && !strstr(env, "reject-w"));
    CHECK(eml && strcmp(eml, "Subject: staged\r\n\r\nfrom the file\r\nGr\xC3\xBC\xC3\x9F" "e \xF0\x9F\x98\x80\r\n") == 0);
    free(env); free(eml);
}

static void commands(HCLIENT client)
{
    char a[512];
    SMTPWCHAR w[512], small[6];
    INT n;
    CHECK(SmtpCommandW(client, W("NOOP"), NULL) == 250);
    CHECK(SmtpCommandW(client, W("NOOP"), W("")) == 250);
    CHECK(SmtpCommandW(client, W("FOO"), W("bär")) == SmtpCommandA(client, "FOO", "b\xC3\xA4r"));
    CHECK(SmtpGetResultCode(client) >= 500);
    CHECK_ERR(SmtpCommandW(client, W("NOOP"), W("x\r\nRSET")), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpCommandW(client, W("DATA"), NULL), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);

    n = SmtpVerifyAddressA(client, "j\xC3\xB6rg@x.test", a, (INT)sizeof a);
    CHECK(n > 0 && SmtpGetResultCode(client) == 252);
    CHECK(SmtpVerifyAddressW(client, W("jörg@x.test"), w, 512) == n && SmtpGetResultCode(client) == 252);
    CHECK_SAME_TEXT(w, a);
    CHECK(SmtpVerifyAddressW(client, W("jörg@x.test"), NULL, 0) == n);
    CHECK_ERR(SmtpVerifyAddressW(client, W("jörg@x.test"), small, 6), SMTP_ERROR, ST_ERROR_BUFFER_TOO_SMALL);
    CHECK(wlen(small) == 5 && memcmp(small, w, 5 * sizeof(SMTPWCHAR)) == 0);
    CHECK_ERR(SmtpVerifyAddressW(client, W("a\rb"), w, 512), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpExpandAddressA(client, "list", a, (INT)sizeof a), SMTP_ERROR, ST_ERROR_COMMAND_REJECTED);
    CHECK_ERR(SmtpExpandAddressW(client, W("list"), w, 512), SMTP_ERROR, ST_ERROR_COMMAND_REJECTED);
    CHECK(SmtpGetResultCode(client) == 502);
}

/* SmtpSubmitMessageW: the same message through A and W structures gives the same headers and body. */
static void submit(UINT port)
{
    SMTPSERVERA sa;
    SMTPSERVERW sw;
    SMTPMESSAGEEXA ma;
    SMTPMESSAGEEXW mw;
    char *ea, *ew, *env, subject[1024];
    int before = capture_count();

    memset(&sa, 0, sizeof sa);
    sa.lpszHostName = "localhost";
    sa.nHostPort = port;
    sa.nTimeout = 10;
    sa.dwOptions = SMTP_OPTION_SECURE_EXPLICIT;
    sa.lpszUserName = "j\xC3\xB6rg";
    sa.lpszPassword = "Gr\xC3\xBC\xC3\x9F" "e";
    memset(&ma, 0, sizeof ma);
    ma.dwSize = sizeof ma;
    ma.lpszFrom = "J\xC3\xB6rg <j\xC3\xB6rg@x.test>";
    ma.lpszTo = "Gr\xC3\xBC\xC3\x9F" "e <to@x.test>";
    ma.lpszBcc = "hidden@x.test";
    ma.lpszSubject = "Gr\xC3\xBC\xC3\x9F" "e \xF0\x9F\x98\x80";
    ma.lpszText = "Gr\xC3\xBC\xC3\x9F" "e, j\xC3\xB6rg";
    CHECK(SmtpSubmitMessageA(&sa, &ma, 0) == 0);

    memset(&sw, 0, sizeof sw);
    sw.lpszHostName = W("localhost");
    sw.nHostPort = port;
    sw.nTimeout = 10;
    sw.dwOptions = SMTP_OPTION_SECURE_EXPLICIT;
    sw.lpszUserName = W("jörg");
    sw.lpszPassword = W("Grüße");
    memset(&mw, 0, sizeof mw);
    mw.dwSize = sizeof mw;
    mw.lpszFrom = W("Jörg <jörg@x.test>");
    mw.lpszTo = W("Grüße <to@x.test>");
    mw.lpszBcc = W("hidden@x.test");
    mw.lpszSubject = W("Grüße 😀");
    mw.lpszText = W("Grüße, jörg");
    CHECK(SmtpSubmitMessageW(&sw, &mw, 0) == 0);
    sw.lpszPassword = W("Grüsse");
    CHECK_ERR(SmtpSubmitMessageW(&sw, &mw, 0), SMTP_ERROR, ST_ERROR_AUTHENTICATION_FAILED);
    mw.dwSize = sizeof ma - 1;
    CHECK_ERR(SmtpSubmitMessageW(&sw, &mw, 0), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);

    CHECK(capture_count() == before + 2);
    ea = capture_file(before + 1, "eml");
    ew = capture_file(before + 2, "eml");
    snprintf(subject, sizeof subject, "%s", header(ea, "\r\nSubject: "));
    CHECK(subject[0] && strcmp(subject, header(ew, "\r\nSubject: ")) == 0);
    CHECK(strcmp(header(ea, "\r\nFrom: "), header(ew, "\r\nFrom: ")) == 0);
    CHECK(strcmp(header(ea, "\r\nTo: "), header(ew, "\r\nTo: ")) == 0);
    CHECK(ea && ew && strcmp(strstr(ea, "\r\n\r\n"), strstr(ew, "\r\n\r\n")) == 0);
    CHECK(ew && !strstr(ew, "hidden"));
    env = capture_file(before + 2, "env");
    CHECK(env && strstr(env, "MAIL j\xC3\xB6rg@x.test\n") && strstr(env, "RCPT to@x.test\nRCPT hidden@x.test\n"));
    free(ea); free(ew); free(env);
}

/* SmtpEnableTraceW: a UTF-16 path with a non-ASCII name is the file that gets the transcript. */
static void trace(HCLIENT client)
{
    char path[256], *text;
    snprintf(path, sizeof path, "/tmp/smtpnative-wide-spür-%d.log", (int)getpid());
    CHECK(SmtpEnableTraceW(W(path), SMTP_TRACE_DEFAULT));
    CHECK(SmtpCommandW(client, W("NOOP"), W("wide")) == 250);
    CHECK(SmtpDisableTrace());
    text = read_file(path);
    CHECK(text && strstr(text, "C: NOOP wide"));
    free(text);
    remove(path);
    CHECK_ERR(SmtpEnableTraceW(W("/nonexistent-dir/ü/trace.log"), 0), FALSE, ST_ERROR_FILE_NOT_FOUND);
}

static int peer_certificates_logged(void)
{
    char *log = capture_file_named("peercert.log");
    int n = 0;
    const char *p = log;
    while (p && (p = strstr(p, "commonName=smtpnative-test-client")) != NULL) { n++; p++; }
    free(log);
    return n;
}

int main(void)
{
    UINT port = (UINT)capture_port();
    LPVOID pfx = NULL, pem = NULL;
    HCLIENT client;
    char key[4096];

    CHECK(SmtpInitializeW(W("any licence key: ü"), NULL));
    check_error_strings(SmtpGetErrorStringA, SmtpGetErrorStringW);
    current_date();

    /* client certificates from UTF-16 paths and password (PFX; PEM with its key) */
    CHECK_ERR(SmtpCreateSecurityCredentialsW(0, 0, NULL, W("wrong"), W(cert("client.pfx")), NULL, &pfx), FALSE, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpCreateSecurityCredentialsW(0, 0, NULL, NULL, W(cert("missing.pfx")), NULL, &pfx), FALSE, ST_ERROR_FILE_NOT_FOUND);
    CHECK(SmtpCreateSecurityCredentialsW(0, 0, NULL, W("clientpass"), W(cert("client.pfx")), NULL, &pfx) == TRUE && pfx != NULL);
    snprintf(key, sizeof key, "%s", cert("client.key"));
    CHECK(SmtpCreateSecurityCredentialsW(0, 0, NULL, NULL, W(cert("client.pem")), W(key), &pem) == TRUE && pem != NULL);

    /* the server listens on 127.0.0.1 only: 127.0.0.2 refuses, through A and W alike */
    CHECK_ERR(SmtpConnectA("127.0.0.2", port, 10, SMTP_OPTION_NONE, NULL, NULL), INVALID_CLIENT, ST_ERROR_CONNECTION_REFUSED);
    CHECK_ERR(SmtpConnectW(W("127.0.0.2"), port, 10, SMTP_OPTION_NONE, NULL, NULL), INVALID_CLIENT, ST_ERROR_CONNECTION_REFUSED);
    CHECK_ERR(SmtpConnectA("bad\r\nhost", port, 10, SMTP_OPTION_NONE, NULL, NULL), INVALID_CLIENT, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpConnectW(W("bad\r\nhost"), port, 10, SMTP_OPTION_NONE, NULL, NULL), INVALID_CLIENT, ST_ERROR_INVALID_PARAMETER);
    client = SmtpConnectW(W("localhost"), port, 10, SMTP_OPTION_SECURE_EXPLICIT, W("wide-test.local"), pfx);
    CHECK(client != INVALID_CLIENT);
    CHECK(peer_certificates_logged() == 1);
    security_and_extensions(client);
    authenticate(client);
    send_message(client);
    staged(client);
    commands(client);
    trace(client);
    CHECK(SmtpDisconnect(client) == 0);

    client = SmtpConnectW(W("127.0.0.1"), port, 10, SMTP_OPTION_SECURE_EXPLICIT, NULL, pem);
    CHECK(client != INVALID_CLIENT);
    CHECK(peer_certificates_logged() == 2);
    CHECK(SmtpDisconnect(client) == 0);
    CHECK(SmtpDeleteSecurityCredentials(pfx) && SmtpDeleteSecurityCredentials(pem));

    submit(port);
    SmtpUninitialize();
    return finish("test_wide_smtp");
}
