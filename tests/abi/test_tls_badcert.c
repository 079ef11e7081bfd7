/* A server whose certificate is for another host: refused by default (explicit and opportunistic TLS),
 * accepted only with SMTP_OPTION_TRUSTEDSITE, which SmtpGetSecurityInformation then reports. */
// server-args: --tls-cert $CERTS/wronghost.pem --tls-key $CERTS/wronghost.key
#include "testutil.h"

int main(void)
{
    UINT port = (UINT)capture_port();
    SECURITYINFO info;
    HCLIENT client;

    CHECK(SmtpInitialize(NULL, NULL));
    CHECK_ERR(SmtpConnect("127.0.0.1", port, 10, SMTP_OPTION_SECURE_EXPLICIT, NULL, NULL), INVALID_CLIENT, ST_ERROR_CERTIFICATE_INVALID);
    CHECK_ERR(SmtpConnect("127.0.0.1", port, 10, SMTP_OPTION_SECURE_FALLBACK, NULL, NULL), INVALID_CLIENT, ST_ERROR_CERTIFICATE_INVALID);
    CHECK_ERR(SmtpConnect("localhost", port, 10, SMTP_OPTION_SECURE, NULL, NULL), INVALID_CLIENT, ST_ERROR_CERTIFICATE_INVALID);
    CHECK(capture_count() == 0);

    client = SmtpConnect("127.0.0.1", port, 10, SMTP_OPTION_SECURE_EXPLICIT | SMTP_OPTION_TRUSTEDSITE, NULL, NULL);
    CHECK(client != INVALID_CLIENT);
    info.dwSize = sizeof info;
    CHECK(SmtpGetSecurityInformation(client, &info) == 0);
    CHECK((info.dwCertStatus & SECURITY_CERT_NAME_MISMATCH) != 0);
    CHECK(strcmp(info.szCertSubject, "CN=mail.example.invalid") == 0);
    CHECK(SmtpSendMessage(client, "from@x.test", "to@x.test", (LPVOID)"Subject: trusted\r\n\r\nx\r\n", 0, SMTP_MESSAGE_MEMORY) == 0);
    CHECK(SmtpDisconnect(client) == 0);
    CHECK(capture_count() == 1);
    SmtpUninitialize();
    return finish("test_tls_badcert");
}
