/* SmtpDeliverMessage through the built library: dnsmasq MX records and aiosmtpd exchangers on
 * 127.0.0.x (tests/servers/delivery_lab.py: DELIVERY_LAB), one refusing, one answering 451, one accepting. */
#include "testutil.h"

static char g_text[512];

/* Checks result i: recipient, status, reply code, error, server; returns the reply text. */
static const char *result(int i, const char *rcpt, INT status, INT code, DWORD error, const char *server)
{
    char address[128], host[128];
    INT got_status = -1, got_code = -1;
    DWORD got_error = 1;
    if (SmtpGetDeliveryResult(i, address, (INT)sizeof address, &got_status, &got_code, &got_error) != (INT)strlen(rcpt)
        || strcmp(address, rcpt) != 0 || got_status != status || got_code != code || got_error != error) {
        g_failures++;
        fprintf(stderr, "result %d: %s status %d code %d error 0x%08X; expected %s %d %d 0x%08X\n",
            i, address, got_status, got_code, got_error, rcpt, status, code, error);
    }
    SmtpGetDeliveryServer(i, host, (INT)sizeof host);
    if (strcmp(host, server) != 0) { g_failures++; fprintf(stderr, "result %d: server '%s', expected '%s'\n", i, host, server); }
    g_text[0] = 0;
    SmtpGetDeliveryReply(i, g_text, (INT)sizeof g_text);
    return g_text;
}

int main(void)
{
    static const char message[] = "From: Sender <s@x.test>\r\nTo: a@multi.test\r\nSubject: direct\r\n\r\nbody\r\n";
    static const char headers_only[] =
        "From: s@x.test\r\nTo: Team: one@example.test, \"Two, Esq.\" <two@example.test>;\r\n"
        "Cc: =?utf-8?q?fake=40evil.test?= <one@example.test>\r\nBcc: three@nomx.test\r\nSubject: from headers\r\n\r\nhi\r\n";
    UINT port = (UINT)atoi(lab_env("LAB_SMTP_PORT"));
    char *env, *log;
    FILE *f;

    CHECK(SmtpInitialize(NULL, NULL));
    CHECK(DnsSetNameServers(lab_env("LAB_DNS")) == 1);

    /* one call, eight recipients in seven domains */
    CHECK(SmtpDeliverMessage("s@x.test",
        "a@multi.test, reject-b@example.test, c@nomx.test, d@nullmx.test, e@unknown.test, f@deadmx.test, g@example.test, h@busy.test",
        (LPVOID)message, 0, SMTP_MESSAGE_MEMORY, NULL, port, 10, SMTP_OPTION_NONE, "c-test.local") == 3);
    CHECK(SmtpGetDeliveryResult(-1, NULL, 0, NULL, NULL, NULL) == 8);
    result(0, "a@multi.test", SMTP_DELIVERY_DELIVERED, 250, 0, "mx3.multi.test");
    CHECK(strstr(result(1, "reject-b@example.test", SMTP_DELIVERY_REJECTED, 550, ST_ERROR_RECIPIENT_REJECTED, "mx.example.test"), "No such user") != NULL);
    result(2, "c@nomx.test", SMTP_DELIVERY_DELIVERED, 250, 0, "nomx.test");
    CHECK(strstr(result(3, "d@nullmx.test", SMTP_DELIVERY_REJECTED, 0, ST_ERROR_NULL_MAIL_EXCHANGE, ""), "null MX") != NULL);
    result(4, "e@unknown.test", SMTP_DELIVERY_REJECTED, 0, ST_ERROR_HOST_NOT_FOUND, "");
    result(5, "f@deadmx.test", SMTP_DELIVERY_DEFERRED, 0, ST_ERROR_CONNECTION_REFUSED, "mx.deadmx.test");
    result(6, "g@example.test", SMTP_DELIVERY_DELIVERED, 250, 0, "mx.example.test");
    CHECK(strstr(result(7, "h@busy.test", SMTP_DELIVERY_DEFERRED, 451, ST_ERROR_RECIPIENT_REJECTED, "mx.busy.test"), "Try again") != NULL);
    CHECK_ERR(SmtpGetDeliveryResult(8, NULL, 0, NULL, NULL, NULL), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);

    /* what arrived: multi.test via mx3 after mx2 answered 451 (mx1 refused); example.test in one
       transaction without the refused recipient; nomx.test at the domain itself; deadmx.test never there */
    env = lab_file("mx", "1.env");
    snprintf(g_text, sizeof g_text, "MAIL s@x.test\nMAILOPT SIZE=%d\nRCPT a@multi.test\n", (int)strlen(message));
    CHECK(env && strcmp(env, g_text) == 0);
    free(env);
    env = lab_file("mx", "2.env");
    CHECK(env && strstr(env, "RCPT g@example.test\n") && !strstr(env, "reject-b"));
    free(env);
    env = lab_file("domain", "1.env");
    CHECK(env && strstr(env, "RCPT c@nomx.test\n") && !strstr(env, "deadmx"));
    free(env);
    log = lab_file("tempfail", "attempts.log");
    CHECK(log && strcmp(log, "a@multi.test\nh@busy.test\n") == 0);
    free(log);
    CHECK((log = lab_file("tempfail", "1.eml")) == NULL);
    free(log);

    /* recipients from the headers (To group, Cc with an encoded-word display name, Bcc), from a file */
    f = fopen("/tmp/smtpnative-deliver-test.eml", "wb");
    fputs(headers_only, f);
    fclose(f);
    CHECK(SmtpDeliverMessage("s@x.test", NULL, (LPVOID)"/tmp/smtpnative-deliver-test.eml", 0, SMTP_MESSAGE_FILE,
        NULL, port, 10, SMTP_OPTION_NONE, NULL) == 3);
    remove("/tmp/smtpnative-deliver-test.eml");
    CHECK(SmtpGetDeliveryResult(-1, NULL, 0, NULL, NULL, NULL) == 3);
    result(0, "one@example.test", SMTP_DELIVERY_DELIVERED, 250, 0, "mx.example.test");
    result(1, "two@example.test", SMTP_DELIVERY_DELIVERED, 250, 0, "mx.example.test");
    result(2, "three@nomx.test", SMTP_DELIVERY_DELIVERED, 250, 0, "nomx.test");
    env = lab_file("mx", "3.env");
    CHECK(env && strstr(env, "RCPT one@example.test\nRCPT two@example.test\n") && !strstr(env, "evil"));
    free(env);

    /* through a relay: every domain in one connection, no DNS */
    CHECK(SmtpDeliverMessage("s@x.test", "x@anything.test; y@nullmx.test", (LPVOID)message, 0, SMTP_MESSAGE_MEMORY,
        "127.0.0.5", port, 10, SMTP_OPTION_NONE, NULL) == 2);
    result(1, "y@nullmx.test", SMTP_DELIVERY_DELIVERED, 250, 0, "127.0.0.5");
    env = lab_file("domain", "3.env");
    CHECK(env && strstr(env, "RCPT x@anything.test\nRCPT y@nullmx.test\n"));
    free(env);

    /* nothing delivered: SMTP_ERROR with the first recipient's error, results still readable */
    CHECK_ERR(SmtpDeliverMessage("s@x.test", "d@nullmx.test", (LPVOID)message, 0, SMTP_MESSAGE_MEMORY, NULL, port, 10, 0, NULL),
        SMTP_ERROR, ST_ERROR_NULL_MAIL_EXCHANGE);
    CHECK(SmtpGetDeliveryResult(-1, NULL, 0, NULL, NULL, NULL) == 1);
    /* refused before any connection: no results */
    CHECK_ERR(SmtpDeliverMessage("s@x.test", "bad\r\nRCPT TO:<x@y.test>", (LPVOID)message, 0, SMTP_MESSAGE_MEMORY, NULL, port, 10, 0, NULL),
        SMTP_ERROR, ST_ERROR_INVALID_ADDRESS);
    CHECK(SmtpGetDeliveryResult(-1, NULL, 0, NULL, NULL, NULL) == 0);
    CHECK_ERR(SmtpDeliverMessage("s@x.test", "a@example.test", NULL, 0, SMTP_MESSAGE_MEMORY, NULL, port, 10, 0, NULL),
        SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);

    SmtpUninitialize();
    CHECK_ERR(SmtpDeliverMessage("s@x.test", "a@example.test", (LPVOID)message, 0, SMTP_MESSAGE_MEMORY, NULL, port, 10, 0, NULL),
        SMTP_ERROR, ST_ERROR_NOT_INITIALIZED);
    return finish("test_deliver");
}
