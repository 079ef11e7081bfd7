/* Implicit TLS (port 465 style) against aiosmtpd, certificate validated against the test CA. */
// server-args: --tls-cert $CERTS/server.pem --tls-key $CERTS/server.key --implicit-tls
#include "testutil.h"

int main(void)
{
    SECURITYINFO info;
    HCLIENT client;

    CHECK(SmtpInitialize(NULL, NULL));
    client = SmtpConnect("localhost", (UINT)capture_port(), 10, SMTP_OPTION_SECURE_IMPLICIT, "c-test.local", NULL);
    CHECK(client != INVALID_CLIENT);
    CHECK(SmtpGetResultCode(client) == 250);
    info.dwSize = sizeof info;
    CHECK(SmtpGetSecurityInformation(client, &info) == 0);
    CHECK(info.dwProtocol == SECURITY_PROTOCOL_TLS12 || info.dwProtocol == SECURITY_PROTOCOL_TLS13);
    CHECK(SmtpSendMessage(client, "from@x.test", "to@x.test", (LPVOID)"Subject: implicit\r\n\r\nx\r\n", 0, SMTP_MESSAGE_MEMORY) == 0);
    CHECK(SmtpDisconnect(client) == 0);
    CHECK(capture_count() == 1);
    SmtpUninitialize();
    return finish("test_tls_implicit");
}
