/* SmtpAuthenticate with every mechanism against aiosmtpd, which checks each one for real
 * (tests/servers/capture_server.py --auth); secrets never in result or error strings; SmtpSubmitMessage. */
// server-args: --auth alice:s3cret
#include "testutil.h"

static const char *const WRONG = "not-the-Pa55word";

static int contains_secret(const char *text)
{
    return strstr(text, WRONG) != NULL || strstr(text, "s3cret") != NULL;
}

int main(void)
{
    static const UINT types[] = { SMTP_AUTH_LOGIN, SMTP_AUTH_PLAIN, SMTP_AUTH_CRAMMD5, SMTP_AUTH_XOAUTH2, SMTP_AUTH_BEARER,
                                  SMTP_AUTH_SCRAMSHA256, SMTP_AUTH_DEFAULT };
    static const SMTPWCHAR walice[] = { 'a', 'l', 'i', 'c', 'e', 0 }, wpass[] = { 's', '3', 'c', 'r', 'e', 't', 0 };
    UINT port = (UINT)capture_port();
    char text[1024];
    char *log, *env, *eml;
    size_t i;
    HCLIENT client;
    SMTPSERVER server;
    SMTPMESSAGEEX message;

    CHECK(SmtpInitialize(NULL, NULL));

    /* this server has no TLS: required TLS fails (nothing sent after EHLO), opportunistic TLS goes on in plaintext */
    CHECK_ERR(SmtpConnect("127.0.0.1", port, 10, SMTP_OPTION_SECURE_EXPLICIT, NULL, NULL), INVALID_CLIENT, ST_ERROR_TLS_NOT_AVAILABLE);
    client = SmtpConnect("127.0.0.1", port, 10, SMTP_OPTION_SECURE_FALLBACK, NULL, NULL);
    CHECK(client != INVALID_CLIENT);
    CHECK(SmtpDisconnect(client) == 0);

    for (i = 0; i < sizeof types / sizeof types[0]; i++) {
        client = SmtpConnect("127.0.0.1", port, 10, SMTP_OPTION_NONE, "c-test.local", NULL);
        CHECK(client != INVALID_CLIENT);
        /* the wrong password first: refused, the server's reply available, no secret in any text */
        CHECK_ERR(SmtpAuthenticate(client, types[i], "alice", WRONG), SMTP_ERROR, ST_ERROR_AUTHENTICATION_FAILED);
        CHECK(SmtpGetResultCode(client) == 535);
        CHECK(SmtpGetResultString(client, text, (INT)sizeof text) > 0);
        CHECK(strstr(text, "5.7.8") != NULL && !contains_secret(text));
        CHECK(SmtpGetErrorString(ST_ERROR_AUTHENTICATION_FAILED, text, (INT)sizeof text) > 0 && !contains_secret(text));
        CHECK(SmtpIsConnected(client));
        CHECK(SmtpAuthenticate(client, types[i], "alice", "s3cret") == 0);
        CHECK(SmtpGetResultCode(client) == 235);
        CHECK(SmtpGetResultString(client, text, (INT)sizeof text) > 0 && !contains_secret(text));
        CHECK(SmtpDisconnect(client) == 0);
    }
    log = capture_file_named("auth.log");
    CHECK(log && strcmp(log,
        "LOGIN alice fail\nLOGIN alice ok\nPLAIN alice fail\nPLAIN alice ok\nCRAM-MD5 alice fail\nCRAM-MD5 alice ok\n"
        "XOAUTH2 alice fail\nXOAUTH2 alice ok\nOAUTHBEARER alice fail\nOAUTHBEARER alice ok\n"
        "SCRAM-SHA-256 alice fail\nSCRAM-SHA-256 alice ok\nSCRAM-SHA-256 alice fail\nSCRAM-SHA-256 alice ok\n") == 0);
    free(log);

    client = SmtpConnect("127.0.0.1", port, 10, SMTP_OPTION_NONE, "c-test.local", NULL);
    CHECK_ERR(SmtpAuthenticate(client, 2, "alice", "s3cret"), SMTP_ERROR, ST_ERROR_INVALID_AUTHENTICATION_TYPE);
    CHECK_ERR(SmtpAuthenticate(client, SMTP_AUTH_PLAIN, NULL, "s3cret"), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK(SmtpAuthenticateW(client, SMTP_AUTH_CRAMMD5, walice, wpass) == 0);
    CHECK(SmtpSendMessage(client, "from@x.test", "to@x.test", (LPVOID)"Subject: authed\r\n\r\nx\r\n", 0, SMTP_MESSAGE_MEMORY) == 0);
    CHECK(SmtpDisconnect(client) == 0);
    CHECK_ERR(SmtpAuthenticate(client, SMTP_AUTH_PLAIN, "alice", "s3cret"), SMTP_ERROR, ST_ERROR_INVALID_HANDLE);

    /* SmtpSubmitMessage: connect, authenticate, compose, send; Bcc only in the envelope */
    memset(&server, 0, sizeof server);
    server.lpszHostName = "127.0.0.1";
    server.nHostPort = port;
    server.nTimeout = 10;
    server.lpszUserName = "alice";
    server.lpszPassword = "s3cret";
    memset(&message, 0, sizeof message);
    message.dwSize = sizeof message;
    message.lpszFrom = "Alice <alice@x.test>";
    message.lpszTo = "to1@x.test, Two <to2@x.test>";
    message.lpszCc = "cc@x.test";
    message.lpszBcc = "hidden@x.test";
    message.lpszSubject = "submitted";
    message.lpszText = "plain text body";
    CHECK(SmtpSubmitMessage(&server, &message, 0) == 0);
    CHECK(capture_count() == 2);
    env = capture_file(2, "env");
    eml = capture_file(2, "eml");
    CHECK(env && strncmp(env, "MAIL alice@x.test\n", 18) == 0);
    CHECK(env && strstr(env, "RCPT to1@x.test\nRCPT to2@x.test\nRCPT cc@x.test\nRCPT hidden@x.test\n") != NULL);
    CHECK(eml && strstr(eml, "Subject: submitted\r\n") && strstr(eml, "plain text body") && !strstr(eml, "hidden"));
    free(env); free(eml);

    server.lpszPassword = WRONG;
    CHECK_ERR(SmtpSubmitMessage(&server, &message, 0), SMTP_ERROR, ST_ERROR_AUTHENTICATION_FAILED);
    message.dwSize = 8;
    CHECK_ERR(SmtpSubmitMessage(&server, &message, 0), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpSubmitMessage(NULL, &message, 0), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK(capture_count() == 2);

    SmtpUninitialize();
    return finish("test_auth");
}
