/* The staged transaction through the built library: aiosmtpd (capture server) gets every message;
 * content written in pieces (even CR | LF) arrives byte for byte like SmtpSendMessage's; plus
 * SmtpCommand, VRFY, EXPN, SmtpGetCurrentDate, DSN options and SMTPUTF8/IDN. */
#include "testutil.h"

int main(void)
{
    static const char body[] = "Subject: staged\r\n\r\nline\r\n.dot\r\nend\r\n";
    char buffer[512];
    int code = 0;
    size_t i;
    char *eml, *env;
    HCLIENT client;
    FILE *f;

    CHECK(SmtpInitialize(NULL, NULL));
    client = SmtpConnect("127.0.0.1", (UINT)capture_port(), 10, SMTP_OPTION_NONE, "c-test.local", NULL);
    CHECK(client != INVALID_CLIENT);

    /* 1: staged, one byte per SmtpWrite (every CR|LF split), one recipient refused */
    CHECK(SmtpCreateMessage(client, "from@x.test", (DWORD)strlen(body), 0) == 0);
    CHECK(SmtpAddRecipient(client, "to1@x.test") == 0);
    CHECK_ERR(SmtpAddRecipient(client, "reject-me@x.test"), SMTP_ERROR, ST_ERROR_RECIPIENT_REJECTED);
    CHECK(SmtpGetResultCode(client) == 550);
    CHECK(SmtpAddRecipient(client, "<to2@x.test>") == 0);
    for (i = 0; i < strlen(body); i++)
        CHECK(SmtpWrite(client, (LPBYTE)body + i, 1) == 1);
    CHECK(SmtpWrite(client, NULL, 0) == 0);
    CHECK(SmtpCloseMessage(client) == 0);
    CHECK(SmtpGetResultCode(client) == 250);
    CHECK(SmtpGetRecipientStatus(client, -1, NULL, 0, NULL) == 3);
    CHECK(SmtpGetRecipientStatus(client, 1, buffer, (INT)sizeof buffer, &code) > 0 && code == 550 && strcmp(buffer, "reject-me@x.test") == 0);
    CHECK(SmtpGetRecipientStatus(client, 2, buffer, (INT)sizeof buffer, &code) > 0 && code == 250 && strcmp(buffer, "to2@x.test") == 0);

    /* 2: the same content by SmtpSendMessage: same bytes on the wire */
    CHECK(SmtpSendMessage(client, "from@x.test", "to1@x.test", (LPVOID)body, 0, SMTP_MESSAGE_MEMORY) == 0);

    /* 3: SmtpAppendMessage from memory and from a file, split between CR and LF */
    f = fopen("/tmp/smtpnative-abi-staged.eml", "wb");
    fputs("\nfile part\r", f);
    fclose(f);
    CHECK(SmtpCreateMessage(client, "", 0, 0) == 0);
    CHECK(SmtpAddRecipient(client, "to3@x.test") == 0);
    CHECK(SmtpAppendMessage(client, (LPVOID)"Subject: append\r\n\r\nmemory part\r", 0, SMTP_MESSAGE_MEMORY) == 0);
    CHECK(SmtpAppendMessage(client, (LPVOID)"/tmp/smtpnative-abi-staged.eml", 0, SMTP_MESSAGE_FILE) == 0);
    CHECK(SmtpAppendMessage(client, (LPVOID)"\n.last", 6, SMTP_MESSAGE_MEMORY) == 0);
    CHECK(SmtpCloseMessage(client) == 0);
    remove("/tmp/smtpnative-abi-staged.eml");

    /* out of order, and RSET */
    CHECK_ERR(SmtpAddRecipient(client, "x@x.test"), SMTP_ERROR, ST_ERROR_INVALID_STATE);
    CHECK_ERR(SmtpCloseMessage(client), SMTP_ERROR, ST_ERROR_INVALID_STATE);
    CHECK(SmtpCreateMessage(client, "from@x.test", 0, 0) == 0);
    CHECK_ERR(SmtpCreateMessage(client, "from@x.test", 0, 0), SMTP_ERROR, ST_ERROR_INVALID_STATE);
    CHECK(SmtpReset(client) == 0);
    CHECK(SmtpGetResultCode(client) == 250);
    CHECK_ERR(SmtpCreateMessage(client, "from@x.test", 0x7FFFFFFF, 0), SMTP_ERROR, ST_ERROR_MESSAGE_TOO_LARGE);

    /* 4: SMTPUTF8 (aiosmtpd offers it) and an IDN domain sent as an A-label */
    CHECK(SmtpCreateMessage(client, "j\xC3\xB6rg@x.test", 0, 0) == 0);
    CHECK(SmtpAddRecipient(client, "user@b\xC3\xBC" "cher.test") == 0);
    CHECK(SmtpWrite(client, (LPBYTE)"Subject: utf8\r\n\r\nx\r\n", 20) == 20);
    CHECK(SmtpCloseMessage(client) == 0);

    /* DSN options: kept, validated; aiosmtpd offers no DSN so nothing is added on the wire */
    CHECK(SmtpGetDeliveryOptions(client) == 0);
    CHECK(SmtpSetDeliveryOptions(client, SMTP_NOTIFY_FAILURE | SMTP_NOTIFY_DELAY | SMTP_RETURN_HEADERS) == 0);
    CHECK(SmtpGetDeliveryOptions(client) == (SMTP_NOTIFY_FAILURE | SMTP_NOTIFY_DELAY | SMTP_RETURN_HEADERS));
    CHECK_ERR(SmtpSetDeliveryOptions(client, SMTP_NOTIFY_NEVER | SMTP_NOTIFY_SUCCESS), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpSetDeliveryOptions(client, 0x1000), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);

    /* SmtpCommand, VRFY, EXPN */
    CHECK(SmtpCommand(client, "NOOP", NULL) == 250);
    CHECK(SmtpCommand(client, "NOOP", "") == 250);
    CHECK(SmtpCommand(client, "FOO", "bar") >= 500);
    CHECK(SmtpGetLastError() == 0);
    CHECK_ERR(SmtpCommand(client, "NOOP", "x\r\nRSET"), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpCommand(client, "NO\nOP", NULL), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpCommand(client, "DATA", NULL), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpCommand(client, NULL, NULL), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK(SmtpVerifyAddress(client, "to1@x.test", buffer, (INT)sizeof buffer) > 0);
    CHECK(SmtpGetResultCode(client) == 252);
    CHECK(SmtpVerifyAddress(client, "to1@x.test", NULL, 0) == (INT)strlen(buffer));
    CHECK_ERR(SmtpVerifyAddress(client, "a\rb", buffer, (INT)sizeof buffer), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpExpandAddress(client, "list", buffer, (INT)sizeof buffer), SMTP_ERROR, ST_ERROR_COMMAND_REJECTED);
    CHECK(SmtpGetResultCode(client) == 502);

    /* the date */
    CHECK(SmtpGetCurrentDate(buffer, (INT)sizeof buffer) == 31);
    CHECK(strlen(buffer) == 31 && buffer[3] == ',' && (buffer[26] == '+' || buffer[26] == '-'));
    CHECK_ERR(SmtpGetCurrentDate(buffer, 5), SMTP_ERROR, ST_ERROR_BUFFER_TOO_SMALL);
    CHECK(strlen(buffer) == 4);

    CHECK(SmtpDisconnect(client) == 0);
    SmtpUninitialize();

    CHECK(capture_count() == 4);
    eml = capture_file(1, "eml");
    env = capture_file(1, "env");
    CHECK(eml && strcmp(eml, body) == 0);
    snprintf(buffer, sizeof buffer, "MAIL from@x.test\nMAILOPT SIZE=%d\nMAILOPT BODY=8BITMIME\nRCPT to1@x.test\nRCPT to2@x.test\n", (int)strlen(body));
    CHECK(env && strcmp(env, buffer) == 0);
    free(env);
    env = capture_file(2, "eml");
    CHECK(env && eml && strcmp(env, eml) == 0);
    free(eml); free(env);
    eml = capture_file(3, "eml");
    CHECK(eml && strcmp(eml, "Subject: append\r\n\r\nmemory part\r\nfile part\r\n.last\r\n") == 0);
    free(eml);
    env = capture_file(4, "env");
    CHECK(env && strstr(env, "MAIL j\xC3\xB6rg@x.test\n") && strstr(env, "MAILOPT SMTPUTF8\n") && strstr(env, "RCPT user@xn--bcher-kva.test\n"));
    free(env);
    return finish("test_staged");
}
