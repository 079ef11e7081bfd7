/* Sends through the built library to aiosmtpd and checks what arrived, byte for byte. */
#include "testutil.h"

int main(void)
{
    static const char sloppy[] = "Subject: C test\n\nbare LF line\r\n.dot line\rbare CR\r\n..two\nend";
    static const char canonical[] = "Subject: C test\r\n\r\nbare LF line\r\n.dot line\r\nbare CR\r\n..two\r\nend\r\n";
    char buffer[512], address[128];
    int code = 0;
    char *env, *eml;
    HCLIENT client;
    FILE *f;

    CHECK(SmtpInitialize(NULL, NULL));
    client = SmtpConnect("127.0.0.1", (UINT)capture_port(), 10, SMTP_OPTION_NONE, "c-test.local", NULL);
    CHECK(client != INVALID_CLIENT);
    CHECK(SmtpIsConnected(client));
    CHECK(SmtpGetResultCode(client) == 250);
    CHECK(SmtpGetTimeout(client) == 10);
    CHECK(SmtpSetTimeout(client, 15) == 10);
    CHECK(SmtpGetTimeout(client) == 15);

    /* memory, NUL-terminated (size 0), three recipients, one refused */
    CHECK(SmtpSendMessage(client, "Sender <from@x.test>", "to1@x.test, reject-me@x.test; <to2@x.test>", (LPVOID)sloppy, 0, SMTP_MESSAGE_MEMORY) == 0);
    CHECK(SmtpGetLastError() == 0);
    CHECK(SmtpGetResultCode(client) == 250);
    CHECK(SmtpGetResultString(client, buffer, (INT)sizeof buffer) > 0);
    CHECK(strstr(buffer, "accepted") != NULL);
    CHECK(SmtpGetEnhancedStatus(client, buffer, (INT)sizeof buffer) == 5 && strcmp(buffer, "2.0.0") == 0);
    CHECK(SmtpGetRecipientStatus(client, -1, NULL, 0, NULL) == 3);
    CHECK(SmtpGetRecipientStatus(client, 1, address, (INT)sizeof address, &code) == (INT)strlen("reject-me@x.test"));
    CHECK(strcmp(address, "reject-me@x.test") == 0 && code == 550);
    CHECK(SmtpGetRecipientStatus(client, 2, address, (INT)sizeof address, &code) > 0 && code == 250);

    /* memory with an explicit size (the trailing part after size is not sent) */
    CHECK(SmtpSendMessage(client, "from@x.test", "to3@x.test", (LPVOID)"Subject: sized\r\n\r\nbody\r\nNOT SENT", 24, SMTP_MESSAGE_MEMORY) == 0);

    /* file */
    f = fopen("/tmp/smtpnative-abi-msg.eml", "wb");
    fputs("Subject: from a file\n\nfile body\n", f);
    fclose(f);
    CHECK(SmtpSendMessage(client, "from@x.test", "to4@x.test", (LPVOID)"/tmp/smtpnative-abi-msg.eml", 0, SMTP_MESSAGE_FILE) == 0);
    remove("/tmp/smtpnative-abi-msg.eml");

    /* every recipient refused */
    CHECK_ERR(SmtpSendMessage(client, "from@x.test", "reject1@x.test,reject2@x.test", (LPVOID)"x", 0, SMTP_MESSAGE_MEMORY), SMTP_ERROR, ST_ERROR_NO_VALID_RECIPIENTS);
    CHECK(SmtpGetResultCode(client) == 550);
    CHECK(SmtpIsConnected(client));

    CHECK(SmtpDisconnect(client) == 0);
    SmtpUninitialize();

    CHECK(capture_count() == 3);
    env = capture_file(1, "env");
    eml = capture_file(1, "eml");
    snprintf(buffer, sizeof buffer, "MAIL from@x.test\nMAILOPT SIZE=%d\nRCPT to1@x.test\nRCPT to2@x.test\n", (int)strlen(sloppy));
    CHECK(env && strcmp(env, buffer) == 0);
    CHECK(eml && strcmp(eml, canonical) == 0);
    free(env); free(eml);
    eml = capture_file(2, "eml");
    CHECK(eml && strcmp(eml, "Subject: sized\r\n\r\nbody\r\n") == 0);
    free(eml);
    eml = capture_file(3, "eml");
    CHECK(eml && strcmp(eml, "Subject: from a file\r\n\r\nfile body\r\n") == 0);
    free(eml);
    return finish("test_send");
}
