/* CHUNKING/BDAT through the built library. No real server available here offers CHUNKING (aiosmtpd,
 * SmtpServer and smtp-sink do not), so this runs against tests/servers/scripted_server.py --chunking,
 * which stores what each BDAT transaction carried. */
#include "testutil.h"
#include "serverutil.h"

int main(void)
{
    static const char sloppy[] = "Subject: bdat\n\n.dot line\rbare cr\r\nend";
    static const char canonical[] = "Subject: bdat\r\n\r\n.dot line\r\nbare cr\r\nend\r\n";   /* no dot-stuffing in BDAT */
    static const char stuffed[] = "Subject: bdat\r\n\r\n.dot line\r\nbare cr\r\nend\r\n";    /* DATA: the server unstuffs */
    TestServer server;
    HCLIENT client;
    char *m;
    size_t i;

    (void)capture_port;   /* this test starts its own server, and reads what it stored like a capture server's */
    if (!start_scripted(&server, "none", "--chunking")) return 1;
    setenv("CAPTURE_DIR", server.dir, 1);
    CHECK(SmtpInitialize(NULL, NULL));
    client = SmtpConnect("127.0.0.1", (UINT)server.port, 10, SMTP_OPTION_NONE, "c-test.local", NULL);
    CHECK(client != INVALID_CLIENT);

    /* 1: SmtpSendMessage over BDAT */
    CHECK(SmtpSendMessage(client, "a@x.test", "b@x.test", (LPVOID)sloppy, 0, SMTP_MESSAGE_MEMORY) == 0);
    /* 2: staged over BDAT, one byte per SmtpWrite */
    CHECK(SmtpCreateMessage(client, "a@x.test", 0, 0) == 0);
    CHECK(SmtpAddRecipient(client, "b@x.test") == 0);
    for (i = 0; i < strlen(sloppy); i++) CHECK(SmtpWrite(client, (LPBYTE)sloppy + i, 1) == 1);
    CHECK(SmtpCloseMessage(client) == 0);
    /* 3: a NUL in BDAT content: the message is abandoned with RSET, the connection stays */
    CHECK(SmtpCreateMessage(client, "a@x.test", 0, 0) == 0);
    CHECK(SmtpAddRecipient(client, "b@x.test") == 0);
    CHECK_ERR(SmtpWrite(client, (LPBYTE)"a\0b", 3), SMTP_ERROR, ST_ERROR_INVALID_MESSAGE);
    CHECK(SmtpIsConnected(client));
    CHECK(SmtpDisconnect(client) == 0);

    /* 4: SMTP_OPTION_NOCHUNKING: DATA instead */
    client = SmtpConnect("127.0.0.1", (UINT)server.port, 10, SMTP_OPTION_NOCHUNKING, "c-test.local", NULL);
    CHECK(client != INVALID_CLIENT);
    CHECK(SmtpSendMessage(client, "a@x.test", "b@x.test", (LPVOID)sloppy, 0, SMTP_MESSAGE_MEMORY) == 0);
    CHECK(SmtpDisconnect(client) == 0);
    SmtpUninitialize();

    CHECK(capture_count() == 3);
    m = capture_file(1, "eml"); CHECK(m && strcmp(m, canonical) == 0); free(m);
    m = capture_file(2, "eml"); CHECK(m && strcmp(m, canonical) == 0); free(m);
    m = capture_file(3, "eml"); CHECK(m && strcmp(m, stuffed) == 0); free(m);
    stop_server(&server);
    return finish("test_chunking");
}
