/* A STARTTLS reply with plaintext injected behind it (sent before the handshake) is refused. */
// server-args: --tls-cert $CERTS/server.pem --tls-key $CERTS/server.key --starttls-inject
#include "testutil.h"

int main(void)
{
    CHECK(SmtpInitialize(NULL, NULL));
    CHECK_ERR(SmtpConnect("127.0.0.1", (UINT)capture_port(), 10, SMTP_OPTION_SECURE_EXPLICIT, NULL, NULL),
              INVALID_CLIENT, ST_ERROR_TLS_HANDSHAKE_FAILED);
    CHECK_ERR(SmtpConnect("127.0.0.1", (UINT)capture_port(), 10, SMTP_OPTION_SECURE_FALLBACK, NULL, NULL),
              INVALID_CLIENT, ST_ERROR_TLS_HANDSHAKE_FAILED);
    CHECK(capture_count() == 0);
    SmtpUninitialize();
    return finish("test_tls_inject");
}
