/* SmtpSendMessageBatch through the built library: a result per message (accepted, one recipient refused,
 * every recipient refused, refused locally), memory and file sources in one batch, the W variant, and
 * the messages as aiosmtpd stored them. */
#include "testutil.h"

static void widen(SMTPWCHAR *out, const char *in)
{
    while ((*out++ = (SMTPWCHAR)(unsigned char)*in++) != 0) {}
}

int main(void)
{
    static const char path[] = "/tmp/smtpnative-abi-batch.eml";
    SMTPBATCHMESSAGE m[5];
    SMTPBATCHMESSAGEW w[1];
    SMTPWCHAR wfrom[32], wto[32];
    char address[64];
    int code = 0;
    char *eml, *env;
    HCLIENT client;
    FILE *f = fopen(path, "wb");
    fputs("Subject: batch file\n\nfrom a file\n", f);
    fclose(f);

    CHECK(SmtpInitialize(NULL, NULL));
    client = SmtpConnect("127.0.0.1", (UINT)capture_port(), 10, SMTP_OPTION_NONE, "c-test.local", NULL);
    CHECK(client != INVALID_CLIENT);

    memset(m, 0xAB, sizeof m);   /* results must be written for every element */
    m[0].lpszFrom = "from@x.test"; m[0].lpszRecipient = "to1@x.test";
    m[0].lpvMessage = "Subject: one\r\n\r\nfirst\r\n"; m[0].dwMessageSize = 0; m[0].dwOptions = SMTP_MESSAGE_MEMORY;
    m[1].lpszFrom = "from@x.test"; m[1].lpszRecipient = "reject-a@x.test, to2@x.test";
    m[1].lpvMessage = "Subject: two\r\n\r\n.dot\r\nNOT SENT"; m[1].dwMessageSize = 22; m[1].dwOptions = SMTP_MESSAGE_MEMORY;
    m[2].lpszFrom = "from@x.test"; m[2].lpszRecipient = "reject-b@x.test";
    m[2].lpvMessage = "Subject: three\r\n\r\nrefused\r\n"; m[2].dwMessageSize = 0; m[2].dwOptions = SMTP_MESSAGE_MEMORY;
    m[3].lpszFrom = "from@x.test\r\nRCPT TO:<evil@x.test>"; m[3].lpszRecipient = "to3@x.test";
    m[3].lpvMessage = "Subject: four\r\n\r\ninjected\r\n"; m[3].dwMessageSize = 0; m[3].dwOptions = SMTP_MESSAGE_MEMORY;
    m[4].lpszFrom = NULL; m[4].lpszRecipient = "to4@x.test";
    m[4].lpvMessage = path; m[4].dwMessageSize = 0; m[4].dwOptions = SMTP_MESSAGE_FILE;

    CHECK(SmtpSendMessageBatch(client, m, 5) == 3);
    CHECK(SmtpGetLastError() == 0);
    CHECK(m[0].dwResult == 0 && m[0].nResultCode == 250);
    CHECK(m[1].dwResult == 0 && m[1].nResultCode == 250);
    CHECK(m[2].dwResult == ST_ERROR_NO_VALID_RECIPIENTS && m[2].nResultCode == 550);
    CHECK(m[3].dwResult == ST_ERROR_INVALID_ADDRESS && m[3].nResultCode == 0);
    CHECK(m[4].dwResult == 0 && m[4].nResultCode == 250);
    /* the handle describes the last message sent */
    CHECK(SmtpGetResultCode(client) == 250);
    CHECK(SmtpGetRecipientStatus(client, -1, NULL, 0, NULL) == 1);
    CHECK(SmtpGetRecipientStatus(client, 0, address, (INT)sizeof address, &code) > 0 && strcmp(address, "to4@x.test") == 0 && code == 250);

    /* W variant: same layout, UTF-16 text */
    widen(wfrom, "wide@x.test");
    widen(wto, "to5@x.test");
    memset(w, 0, sizeof w);
    w[0].lpszFrom = wfrom; w[0].lpszRecipient = wto;
    w[0].lpvMessage = "Subject: wide\r\n\r\nw\r\n"; w[0].dwMessageSize = 20; w[0].dwOptions = SMTP_MESSAGE_MEMORY;
    CHECK(SmtpSendMessageBatchW(client, w, 1) == 1);
    CHECK(w[0].dwResult == 0 && w[0].nResultCode == 250);

    /* misuse: nothing to send, bad parameters, bad handle */
    CHECK(SmtpSendMessageBatch(client, m, 0) == 0);
    CHECK_ERR(SmtpSendMessageBatch(client, NULL, 2), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpSendMessageBatch(client, m, -1), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpSendMessageBatch(INVALID_CLIENT, m, 1), SMTP_ERROR, ST_ERROR_INVALID_HANDLE);
    CHECK(SmtpIsConnected(client));

    CHECK(SmtpDisconnect(client) == 0);
    SmtpUninitialize();
    remove(path);

    CHECK(capture_count() == 4);
    eml = capture_file(1, "eml");
    CHECK(eml && strcmp(eml, "Subject: one\r\n\r\nfirst\r\n") == 0);
    free(eml);
    env = capture_file(2, "env");
    CHECK(env && strstr(env, "RCPT to2@x.test\n") != NULL && strstr(env, "reject-a") == NULL);
    free(env);
    eml = capture_file(2, "eml");
    CHECK(eml && strcmp(eml, "Subject: two\r\n\r\n.dot\r\n") == 0);
    free(eml);
    env = capture_file(3, "env");
    CHECK(env && (strncmp(env, "MAIL \n", 6) == 0 || strncmp(env, "MAIL <>\n", 8) == 0) && strstr(env, "RCPT to4@x.test\n") != NULL);
    free(env);
    eml = capture_file(3, "eml");
    CHECK(eml && strcmp(eml, "Subject: batch file\r\n\r\nfrom a file\r\n") == 0);
    free(eml);
    env = capture_file(4, "env");
    CHECK(env && strncmp(env, "MAIL wide@x.test\n", 17) == 0);
    free(env);
    return finish("test_batch");
}
