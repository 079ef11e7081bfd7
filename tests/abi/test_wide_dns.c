/* The W exports of DNS and direct delivery with UTF-16 text, against the DELIVERY_LAB (dnsmasq and
 * aiosmtpd exchangers, tests/servers/delivery_lab.py): the same lists, names, codes and per-recipient
 * results as the A twins, the output-buffer rule in UTF-16 units, UTF-8 on the wire. */
#include "widetext.h"

static void dns(void)
{
    char la[256], converted[256], ha[64];
    SMTPWCHAR lw[256], small[8], hw[64];
    DWORD ca = 0, cw = 0;
    INT pa = 0, pw = 0, n;

    CHECK(DnsInitializeW(W("key ü"), NULL));
    CHECK(DnsSetNameServersW(W(lab_env("LAB_DNS"))) == 1);
    CHECK_ERR(DnsSetNameServersW(W("not-an-address")), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK(DnsSetNameServersW(W(lab_env("LAB_DNS"))) == 1);

    n = DnsEnumMailExchangesA("multi.test", NULL, &ca);
    CHECK(n == 3 && DnsEnumMailExchangesW(W("multi.test"), NULL, &cw) == n && cw == ca);
    ca = sizeof la;
    cw = 256;
    CHECK(DnsEnumMailExchangesA("multi.test", la, &ca) == n);
    CHECK(DnsEnumMailExchangesW(W("multi.test"), lw, &cw) == n && cw == ca);
    CHECK(wide_list_to_utf8(lw, converted, sizeof converted) == ca && memcmp(converted, la, ca) == 0);
    cw = 8;
    CHECK_ERR(DnsEnumMailExchangesW(W("multi.test"), small, &cw), SMTP_ERROR, ST_ERROR_BUFFER_TOO_SMALL);
    CHECK(small[0] == 0 && small[1] == 0 && cw == ca);
    /* an IDN domain becomes the same A-label through both: the same answer (NXDOMAIN here) */
    CHECK_ERR(DnsEnumMailExchangesA("b\xC3\xBC" "cher.test", la, &ca), SMTP_ERROR, ST_ERROR_HOST_NOT_FOUND);
    CHECK_ERR(DnsEnumMailExchangesW(W("bücher.test"), lw, &cw), SMTP_ERROR, ST_ERROR_HOST_NOT_FOUND);
    CHECK_ERR(DnsEnumMailExchangesW(W("nullmx.test"), lw, &cw), SMTP_ERROR, ST_ERROR_NULL_MAIL_EXCHANGE);

    n = DnsGetMailExchangeA("example.test", &pa, ha, (INT)sizeof ha);
    CHECK(n == 15 && DnsGetMailExchangeW(W("example.test"), &pw, hw, 64) == n && pw == pa && pa == 10);
    CHECK_SAME_TEXT(hw, ha);
    CHECK(DnsGetMailExchangeW(W("example.test"), NULL, NULL, 0) == n);
    CHECK_ERR(DnsGetMailExchangeW(W("example.test"), NULL, small, 5), SMTP_ERROR, ST_ERROR_BUFFER_TOO_SMALL);
    CHECK_SAME_TEXT(small, "mx.e");
    CHECK_ERR(DnsGetMailExchangeW(W("nomx.test"), &pw, hw, 64), SMTP_ERROR, ST_ERROR_NO_MAIL_EXCHANGE);
}

/* Result i read through W equals the same result read through A. */
static void same_result(int i)
{
    char ra[128], sa[128], ya[512];
    SMTPWCHAR rw[128], sw[128], yw[512], small[4];
    INT status_a = -1, status_w = -2, code_a = -1, code_w = -2, n;
    DWORD error_a = 1, error_w = 2;

    n = SmtpGetDeliveryResultA(i, ra, (INT)sizeof ra, &status_a, &code_a, &error_a);
    CHECK(n > 0 && SmtpGetDeliveryResultW(i, rw, 128, &status_w, &code_w, &error_w) == (INT)wlen(rw));
    CHECK(status_w == status_a && code_w == code_a && error_w == error_a);
    CHECK_SAME_TEXT(rw, ra);
    CHECK(SmtpGetDeliveryResultW(i, NULL, 0, NULL, NULL, NULL) == (INT)wlen(rw));
    CHECK_ERR(SmtpGetDeliveryResultW(i, small, 4, NULL, NULL, NULL), SMTP_ERROR, ST_ERROR_BUFFER_TOO_SMALL);
    CHECK(wlen(small) == 3 && small[0] == rw[0]);

    n = SmtpGetDeliveryServerA(i, sa, (INT)sizeof sa);
    CHECK(SmtpGetDeliveryServerW(i, sw, 128) == n && SmtpGetDeliveryServerW(i, NULL, 0) == n);
    CHECK_SAME_TEXT(sw, sa);
    n = SmtpGetDeliveryReplyA(i, ya, (INT)sizeof ya);
    CHECK(SmtpGetDeliveryReplyW(i, yw, 512) == n && SmtpGetDeliveryReplyW(i, NULL, 0) == n);
    CHECK_SAME_TEXT(yw, ya);
}

/* The lab file (mx/<n>.env) that names `rcpt`, as its number; 0 when none. */
static int lab_message_for(const char *server, const char *rcpt)
{
    char name[32], *env;
    int n;
    for (n = 1; n < 10; n++) {
        snprintf(name, sizeof name, "%d.env", n);
        env = lab_file(server, name);
        if (!env) return 0;
        if (strstr(env, rcpt)) { free(env); return n; }
        free(env);
    }
    return 0;
}

static void deliver(void)
{
    UINT port = (UINT)atoi(lab_env("LAB_SMTP_PORT"));
    char path[256], name[32], *env, *eml;
    INT status = 0;
    int i, n;
    FILE *f;

    CHECK(SmtpDeliverMessageW(W("jörg@x.test"), W("grüße@example.test, reject-b@example.test, a@multi.test, d@nullmx.test"),
        (LPVOID)W("From: Jörg <jörg@x.test>\r\nSubject: Grüße\r\n\r\nGrüße 😀\r\n"), 0, SMTP_MESSAGE_MEMORY,
        NULL, port, 10, SMTP_OPTION_NONE, W("wide-test.local")) == 2);
    CHECK(SmtpGetDeliveryResultW(-1, NULL, 0, NULL, NULL, NULL) == 4 && SmtpGetDeliveryResultA(-1, NULL, 0, NULL, NULL, NULL) == 4);
    for (i = 0; i < 4; i++) same_result(i);
    CHECK(SmtpGetDeliveryResultW(0, NULL, 0, &status, NULL, NULL) == 18 && status == (INT)SMTP_DELIVERY_DELIVERED);
    CHECK(SmtpGetDeliveryResultW(1, NULL, 0, &status, NULL, NULL) == 21 && status == (INT)SMTP_DELIVERY_REJECTED);
    CHECK_ERR(SmtpGetDeliveryResultW(4, NULL, 0, NULL, NULL, NULL), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);

    n = lab_message_for("mx", "RCPT gr\xC3\xBC\xC3\x9F" "e@example.test\n");
    CHECK(n > 0);
    snprintf(name, sizeof name, "%d.env", n);
    env = lab_file("mx", name);
    snprintf(name, sizeof name, "%d.eml", n);
    eml = lab_file("mx", name);
    CHECK(env && strstr(env, "MAIL j\xC3\xB6rg@x.test\n") && strstr(env, "MAILOPT SMTPUTF8\n") && !strstr(env, "reject-b"));
    CHECK(eml && strcmp(eml, "From: J\xC3\xB6rg <j\xC3\xB6rg@x.test>\r\nSubject: Gr\xC3\xBC\xC3\x9F" "e\r\n\r\nGr\xC3\xBC\xC3\x9F" "e \xF0\x9F\x98\x80\r\n") == 0);
    free(env); free(eml);

    /* from a file with a non-ASCII UTF-16 path, recipients from its headers, through a relay named in UTF-16 */
    snprintf(path, sizeof path, "/tmp/smtpnative-wide-zustellung-%d-\xC3\xBC.eml", (int)getpid());
    f = fopen(path, "wb");
    fputs("From: s@x.test\r\nTo: wide@anything.test\r\nSubject: file\r\n\r\nfrom a file\r\n", f);
    fclose(f);
    CHECK(SmtpDeliverMessageW(W("s@x.test"), NULL, (LPVOID)W(path), 0, SMTP_MESSAGE_FILE, W("127.0.0.5"), port, 10, 0, NULL) == 1);
    remove(path);
    same_result(0);
    CHECK(lab_message_for("domain", "RCPT wide@anything.test\n") > 0);
    CHECK_ERR(SmtpDeliverMessageW(W("s@x.test"), W("a@example.test"), (LPVOID)W(path), 0, SMTP_MESSAGE_FILE, NULL, port, 10, 0, NULL),
        SMTP_ERROR, ST_ERROR_FILE_NOT_FOUND);
    CHECK_ERR(SmtpDeliverMessageW(W("s@x.test"), W("bad\r\nRCPT TO:<x@y.test>"), (LPVOID)W("x"), 0, SMTP_MESSAGE_MEMORY, NULL, port, 10, 0, NULL),
        SMTP_ERROR, ST_ERROR_INVALID_ADDRESS);
}

int main(void)
{
    (void)capture_port;   /* DELIVERY_LAB servers only */
    dns();
    deliver();
    DnsUninitialize();
    return finish("test_wide_dns");
}
