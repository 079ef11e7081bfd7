/* DNS through the built library against a real dnsmasq (tests/servers/delivery_lab.py: DELIVERY_LAB). */
#include "testutil.h"

int main(void)
{
    char list[256], host[64];
    DWORD size;
    INT preference = 0;
    int i, a_first = 0, b_first = 0, c_last = 1;
    static const SMTPWCHAR wdomain[] = { 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 't', 'e', 's', 't', 0 };
    SMTPWCHAR wlist[64];

    size = sizeof list;
    CHECK_ERR(DnsEnumMailExchanges("example.test", list, &size), SMTP_ERROR, ST_ERROR_NOT_INITIALIZED);
    CHECK(DnsInitialize(NULL, NULL));
    CHECK(DnsSetNameServers(lab_env("LAB_DNS")) == 1);
    CHECK_ERR(DnsSetNameServers("not-an-address"), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK(DnsGetLastError() == ST_ERROR_INVALID_PARAMETER && SmtpGetLastError() == DnsGetLastError());

    /* size query, then the list in preference order, double-NUL terminated */
    size = 0;
    CHECK(DnsEnumMailExchanges("multi.test", NULL, &size) == 3);
    CHECK(size == 3 * 15 + 1);
    size = sizeof list;
    memset(list, 'x', sizeof list);
    CHECK(DnsEnumMailExchanges("multi.test", list, &size) == 3);
    CHECK(size == 46);
    CHECK(memcmp(list, "mx1.multi.test\0mx2.multi.test\0mx3.multi.test\0\0", 46) == 0);
    CHECK(list[46] == 'x');

    /* too small: an empty list, the size needed, BUFFER_TOO_SMALL */
    size = 10;
    memset(list, 'x', sizeof list);
    CHECK_ERR(DnsEnumMailExchanges("multi.test", list, &size), SMTP_ERROR, ST_ERROR_BUFFER_TOO_SMALL);
    CHECK(size == 46 && list[0] == 0 && list[1] == 0 && list[2] == 'x');
    CHECK_ERR(DnsEnumMailExchanges("multi.test", list, NULL), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);

    /* no MX: count 0, an empty list; null MX, NXDOMAIN, REFUSED */
    size = sizeof list;
    CHECK(DnsEnumMailExchanges("nomx.test", list, &size) == 0);
    CHECK(SmtpGetLastError() == 0 && size == 1 && list[0] == 0);
    size = sizeof list;
    CHECK_ERR(DnsEnumMailExchanges("nullmx.test", list, &size), SMTP_ERROR, ST_ERROR_NULL_MAIL_EXCHANGE);
    CHECK_ERR(DnsEnumMailExchanges("unknown.test", list, &size), SMTP_ERROR, ST_ERROR_HOST_NOT_FOUND);
    CHECK_ERR(DnsEnumMailExchanges("outside.invalid", list, &size), SMTP_ERROR, ST_ERROR_DNS_TEMPORARY_FAILURE);
    CHECK_ERR(DnsEnumMailExchanges("bad domain", list, &size), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(DnsEnumMailExchanges(NULL, list, &size), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);

    /* the first exchanger */
    CHECK(DnsGetMailExchange("example.test", &preference, host, (INT)sizeof host) == (INT)strlen("mx.example.test"));
    CHECK(strcmp(host, "mx.example.test") == 0 && preference == 10);
    CHECK(DnsGetMailExchange("multi.test", NULL, NULL, 0) == (INT)strlen("mx1.multi.test"));
    CHECK_ERR(DnsGetMailExchange("nomx.test", &preference, host, (INT)sizeof host), SMTP_ERROR, ST_ERROR_NO_MAIL_EXCHANGE);
    CHECK_ERR(DnsGetMailExchange("nullmx.test", &preference, host, (INT)sizeof host), SMTP_ERROR, ST_ERROR_NULL_MAIL_EXCHANGE);

    /* equal preferences come in random order; the less preferred one always last */
    for (i = 0; i < 64; i++) {
        size = sizeof list;
        CHECK(DnsEnumMailExchanges("tie.test", list, &size) == 3);
        if (strcmp(list, "a.tie.test") == 0) a_first++;
        if (strcmp(list, "b.tie.test") == 0) b_first++;
        if (strcmp(list + 22, "c.tie.test") != 0) c_last = 0;
    }
    CHECK(a_first > 0 && b_first > 0 && a_first + b_first == 64 && c_last);

    /* the W form: UTF-16 list */
    size = sizeof wlist / sizeof wlist[0];
    CHECK(DnsEnumMailExchangesW(wdomain, wlist, &size) == 1);
    CHECK(size == 17 && wlist[0] == 'm' && wlist[14] == 't' && wlist[15] == 0 && wlist[16] == 0);

    /* a name server that does not answer: a temporary failure within the timeout */
    CHECK(DnsSetTimeout(1) == 5);
    CHECK(DnsSetNameServers("127.0.0.1:9") == 1);
    size = sizeof list;
    CHECK_ERR(DnsEnumMailExchanges("example.test", list, &size), SMTP_ERROR, ST_ERROR_DNS_TEMPORARY_FAILURE);
    CHECK(DnsSetNameServers(NULL) == 0);

    DnsUninitialize();
    CHECK_ERR(DnsSetTimeout(1), SMTP_ERROR, ST_ERROR_NOT_INITIALIZED);
    return finish("test_dns");
}
