/* TLS through the library against aiosmtpd's STARTTLS, with the test CA trusted through SSL_CERT_FILE:
 * security information, extensions after TLS, AUTH over TLS, client certificates (PFX and PEM). */
// server-args: --tls-cert $CERTS/server.pem --tls-key $CERTS/server.key --auth alice:s3cret --auth-require-tls --client-ca $CERTS/ca.pem
#include "testutil.h"

static char g_path[4096];

static const char *cert(const char *name)
{
    snprintf(g_path, sizeof g_path, "%s/%s", getenv("SMTPNATIVE_TEST_CERTS"), name);
    return g_path;
}

static int wide_equals(const SMTPWCHAR *w, const char *a)
{
    while (*a && (unsigned)*w == (unsigned char)*a) { w++; a++; }
    return *w == 0 && *a == 0;
}

static int peer_certificates_logged(void)
{
    int n = 0;
    char path[4096], line[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/peercert.log", getenv("CAPTURE_DIR"));
    f = fopen(path, "r");
    if (!f) return 0;
    while (fgets(line, sizeof line, f))
        if (strstr(line, "commonName=smtpnative-test-client")) n++;
    fclose(f);
    return n;
}

int main(void)
{
    UINT port = (UINT)capture_port();
    SECURITYINFOA info;
    SECURITYINFOW winfo;
    DWORD ext = 0, cch = 0;
    char list[4096], small[8];
    const char *item;
    int count, found_size = 0;
    LPVOID pfx = NULL, pem = NULL;
    HCLIENT client;

    CHECK(SmtpInitialize(NULL, NULL));

    /* plaintext first: STARTTLS offered, AUTH kept back until TLS, no security information */
    client = SmtpConnect("127.0.0.1", port, 10, SMTP_OPTION_NONE, "c-test.local", NULL);
    CHECK(client != INVALID_CLIENT);
    CHECK(SmtpGetExtendedOptions(client, &ext) == TRUE);
    CHECK((ext & SMTP_EXTOPT_STARTTLS) != 0);
    CHECK((ext & SMTP_EXTOPT_AUTHPLAIN) == 0);
    memset(&info, 0xAB, sizeof info);
    info.dwSize = sizeof info;
    CHECK(SmtpGetSecurityInformation(client, &info) == 0);
    CHECK(info.dwProtocol == SECURITY_PROTOCOL_NONE && info.szCertSubject[0] == 0 && info.dwCertStatus == 0);
    CHECK_ERR(SmtpAuthenticate(client, SMTP_AUTH_PLAIN, "alice", "s3cret"), SMTP_ERROR, ST_ERROR_INVALID_AUTHENTICATION_TYPE);
    CHECK(SmtpDisconnect(client) == 0);

    /* STARTTLS, required */
    client = SmtpConnect("127.0.0.1", port, 10, SMTP_OPTION_SECURE_EXPLICIT, "c-test.local", NULL);
    CHECK(client != INVALID_CLIENT);
    info.dwSize = 12;
    CHECK_ERR(SmtpGetSecurityInformation(client, &info), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpGetSecurityInformation(client, NULL), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    info.dwSize = sizeof info;
    CHECK(SmtpGetSecurityInformation(client, &info) == 0);
    CHECK(info.dwSize == sizeof info);
    CHECK(info.dwProtocol == SECURITY_PROTOCOL_TLS12 || info.dwProtocol == SECURITY_PROTOCOL_TLS13);
    CHECK(info.dwCertStatus == SECURITY_CERT_VALID);
    CHECK(strcmp(info.szCertSubject, "CN=localhost") == 0);
    CHECK(strcmp(info.szCertIssuer, "CN=SmtpNative Test CA") == 0);
    CHECK(strlen(info.szFingerprint) == 64);
    CHECK(strncmp(info.szCipherSuite, "TLS_", 4) == 0);
    CHECK(strlen(info.szCertIssued) == 20 && info.szCertIssued[10] == 'T' && info.szCertExpires[19] == 'Z');
    winfo.dwSize = sizeof winfo;
    CHECK(SmtpGetSecurityInformationW(client, &winfo) == 0);
    CHECK(wide_equals(winfo.szCertSubject, "CN=localhost"));
    CHECK(winfo.dwProtocol == info.dwProtocol);

    /* what the server said after TLS, and only that */
    CHECK(SmtpGetExtendedOptions(client, &ext) == TRUE);
    CHECK((ext & SMTP_EXTOPT_STARTTLS) == 0);
    CHECK((ext & (SMTP_EXTOPT_AUTHPLAIN | SMTP_EXTOPT_AUTHLOGIN | SMTP_EXTOPT_AUTHCRAMMD5 | SMTP_EXTOPT_AUTHXOAUTH2 | SMTP_EXTOPT_AUTHBEARER
                  | SMTP_EXTOPT_AUTHSCRAMSHA256)) == (SMTP_EXTOPT_AUTHPLAIN | SMTP_EXTOPT_AUTHLOGIN | SMTP_EXTOPT_AUTHCRAMMD5
                  | SMTP_EXTOPT_AUTHXOAUTH2 | SMTP_EXTOPT_AUTHBEARER | SMTP_EXTOPT_AUTHSCRAMSHA256));
    CHECK((ext & (SMTP_EXTOPT_SIZE | SMTP_EXTOPT_8BITMIME | SMTP_EXTOPT_SMTPUTF8)) == (SMTP_EXTOPT_SIZE | SMTP_EXTOPT_8BITMIME | SMTP_EXTOPT_SMTPUTF8));
    CHECK(SmtpGetExtendedOptions(client, NULL) == TRUE);
    CHECK(SmtpGetMaxMessageSize(client) == 33554432);
    count = SmtpGetExtensions(client, NULL, &cch);
    CHECK(count >= 4 && cch > 10 && cch < sizeof list);
    cch = sizeof list;
    CHECK(SmtpGetExtensions(client, list, &cch) == count);
    for (item = list; *item; item += strlen(item) + 1) {
        if (strcmp(item, "SIZE 33554432") == 0) found_size = 1;
        CHECK(strcmp(item, "STARTTLS") != 0);
    }
    CHECK(found_size);
    CHECK((DWORD)(item - list) + 1 == cch);
    cch = sizeof small;
    CHECK_ERR(SmtpGetExtensions(client, small, &cch), SMTP_ERROR, ST_ERROR_BUFFER_TOO_SMALL);
    CHECK(small[0] == 0 && small[1] == 0 && cch > sizeof small);
    CHECK_ERR(SmtpGetExtensions(client, list, NULL), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);

    CHECK(SmtpAuthenticate(client, SMTP_AUTH_SCRAMSHA256, "alice", "s3cret") == 0);
    CHECK(SmtpGetResultCode(client) == 235);
    CHECK(SmtpSendMessage(client, "from@x.test", "to@x.test", (LPVOID)"Subject: tls\r\n\r\nover TLS\r\n", 0, SMTP_MESSAGE_MEMORY) == 0);
    CHECK(SmtpDisconnect(client) == 0);
    CHECK(capture_count() == 1);

    /* by host name, and opportunistic */
    client = SmtpConnect("localhost", port, 10, SMTP_OPTION_SECURE_FALLBACK, NULL, NULL);
    CHECK(client != INVALID_CLIENT);
    info.dwSize = sizeof info;
    CHECK(SmtpGetSecurityInformation(client, &info) == 0 && info.dwProtocol != SECURITY_PROTOCOL_NONE);
    CHECK(SmtpDisconnect(client) == 0);

    /* client certificates: PFX with its password, PEM with a separate key */
    CHECK(peer_certificates_logged() == 0);
    CHECK_ERR(SmtpCreateSecurityCredentials(0, 0, NULL, "wrong", cert("client.pfx"), NULL, &pfx), FALSE, ST_ERROR_INVALID_PARAMETER);
    CHECK_ERR(SmtpCreateSecurityCredentials(0, 0, NULL, NULL, cert("missing.pfx"), NULL, &pfx), FALSE, ST_ERROR_FILE_NOT_FOUND);
    CHECK_ERR(SmtpCreateSecurityCredentials(0, 0, NULL, NULL, cert("client.pfx"), NULL, NULL), FALSE, ST_ERROR_INVALID_PARAMETER);
    CHECK(SmtpCreateSecurityCredentials(0, 0, NULL, "clientpass", cert("client.pfx"), NULL, &pfx) == TRUE);
    CHECK(pfx != NULL);
    client = SmtpConnect("127.0.0.1", port, 10, SMTP_OPTION_SECURE_EXPLICIT, "c-test.local", pfx);
    CHECK(client != INVALID_CLIENT);
    CHECK(SmtpDisconnect(client) == 0);
    CHECK(peer_certificates_logged() == 1);
    {
        char key[4096];
        snprintf(key, sizeof key, "%s", cert("client.key"));
        CHECK(SmtpCreateSecurityCredentials(0, 0, NULL, NULL, cert("client.pem"), key, &pem) == TRUE);
    }
    client = SmtpConnect("127.0.0.1", port, 10, SMTP_OPTION_SECURE_EXPLICIT, "c-test.local", pem);
    CHECK(client != INVALID_CLIENT);
    CHECK(SmtpDisconnect(client) == 0);
    CHECK(peer_certificates_logged() == 2);
    CHECK(SmtpDeleteSecurityCredentials(pfx) == TRUE);
    CHECK_ERR(SmtpDeleteSecurityCredentials(pfx), FALSE, ST_ERROR_INVALID_HANDLE);
    CHECK(SmtpDeleteSecurityCredentials(NULL) == TRUE);
    CHECK_ERR(SmtpConnect("127.0.0.1", port, 10, SMTP_OPTION_SECURE_EXPLICIT, NULL, pfx), INVALID_CLIENT, ST_ERROR_INVALID_HANDLE);
    CHECK(SmtpDeleteSecurityCredentials(pem) == TRUE);

    SmtpUninitialize();
    return finish("test_tls");
}
