/* The MIME API through the built library: compose, export, import, attach, recipients, addresses,
 * handle rules, hostile input; the composed message is sent to aiosmtpd and compared. */
#include <pthread.h>
#include "testutil.h"

static HMESSAGE g_shared;
static DWORD g_thread_error;

static void *other_thread(void *arg)
{
    DWORD size = 0;
    (void)arg;
    MimeEnumMessageRecipients(g_shared, NULL, NULL, &size);
    g_thread_error = MimeGetLastError();
    return NULL;
}

static char *export_all(HMESSAGE m, DWORD *size)
{
    char *data;
    *size = 0;
    if (!MimeExportMessage(m, NULL, size)) return NULL;
    data = (char *)malloc(*size + 1);
    if (!MimeExportMessage(m, data, size)) { free(data); return NULL; }
    data[*size] = 0;
    return data;
}

int main(void)
{
    char list[512], name[64], address[64], *eml, *data, *data2, *big;
    DWORD size, size2;
    HMESSAGE m, m2;
    HCLIENT client;
    pthread_t thread;
    FILE *f;
    size_t i;

    CHECK(MimeComposeMessage("a@x.test", NULL, NULL, NULL, NULL, NULL, 0, 0) == INVALID_MESSAGE);
    CHECK(MimeGetLastError() == ST_ERROR_NOT_INITIALIZED);
    CHECK(MimeInitialize(NULL, NULL));

    m = MimeComposeMessage("Sender <s@x.test>",
        "a@x.test, Team: b@x.test, \"Quoted, Name\" <c@x.test>;",
        "=?utf-8?q?x=40evil.test?= <d@x.test>, A@X.test (a comment)",
        "Gr\xC3\xBC\xC3\x9F" "e", "line one\nline two \xC3\xBC", "X-Test: 1\r\nX-Other: two\n folded", MIME_CHARSET_DEFAULT, MIME_ENCODING_DEFAULT);
    CHECK(m != INVALID_MESSAGE);

    /* recipients: groups expanded, display names / comments / encoded-words never addresses, duplicates gone */
    size = 0;
    CHECK(MimeEnumMessageRecipients(m, "e@x.test; c@x.test", NULL, &size) == 5);
    CHECK(size == 5 * 9 + 1);
    size = sizeof list;
    CHECK(MimeEnumMessageRecipients(m, "e@x.test; c@x.test", list, &size) == 5);
    CHECK(memcmp(list, "a@x.test\0b@x.test\0c@x.test\0d@x.test\0e@x.test\0\0", 46) == 0);
    size = 3;
    CHECK_ERR(MimeEnumMessageRecipients(m, NULL, list, &size), SMTP_ERROR, ST_ERROR_BUFFER_TOO_SMALL);
    CHECK(size == 4 * 9 + 1 && list[0] == 0 && list[1] == 0);
    CHECK_ERR(MimeEnumMessageRecipients(m, "\"unterminated <x@y.test>", list, &size), SMTP_ERROR, ST_ERROR_INVALID_ADDRESS);

    /* export: size query, CRLF everywhere, encoded subject, extra headers, quoted-printable body */
    data = export_all(m, &size);
    CHECK(data != NULL && strlen(data) == size);
    CHECK(data && strstr(data, "Subject: =?utf-8?") && strstr(data, "X-Test: 1\r\n") && strstr(data, "X-Other: two folded\r\n"));
    CHECK(data && strstr(data, "Content-Transfer-Encoding: quoted-printable\r\n") && strstr(data, "Message-Id: <"));
    for (i = 0; data && i < size; i++) if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r')) { CHECK(!"bare LF"); break; }
    size2 = 10;
    CHECK(!MimeExportMessage(m, list, &size2) && MimeGetLastError() == ST_ERROR_BUFFER_TOO_SMALL && size2 == size);

    /* import the export: same recipients, same bytes again */
    m2 = MimeImportMessage(MIME_EXPORT_MEMORY, MIME_OPTION_DEFAULT, data, size);
    CHECK(m2 != INVALID_MESSAGE);
    size2 = sizeof list;
    CHECK(MimeEnumMessageRecipients(m2, NULL, list, &size2) == 4);
    data2 = export_all(m2, &size2);
    CHECK(data2 && size2 == size && memcmp(data, data2, size) == 0);
    free(data2);
    CHECK(MimeDeleteMessage(m2));
    CHECK_ERR(MimeDeleteMessage(m2), 0, ST_ERROR_INVALID_HANDLE);

    /* send it through a real server and compare what arrived */
    client = SmtpConnect("127.0.0.1", (UINT)capture_port(), 10, SMTP_OPTION_NONE, "mime-test.local", NULL);
    CHECK(client != INVALID_CLIENT);
    size2 = sizeof list;
    CHECK(MimeEnumMessageRecipients(m, NULL, list, &size2) == 4);
    CHECK(SmtpSendMessage(client, "s@x.test", "a@x.test,b@x.test", data, size, SMTP_MESSAGE_MEMORY) == 0);
    eml = capture_file(1, "eml");
    CHECK(eml && strcmp(eml, data) == 0);
    free(eml);
    /* handle kinds do not mix */
    CHECK_ERR(MimeDeleteMessage((HMESSAGE)client), 0, ST_ERROR_INVALID_HANDLE);
    CHECK_ERR(SmtpDisconnect((HCLIENT)m), SMTP_ERROR, ST_ERROR_INVALID_HANDLE);
    CHECK(SmtpDisconnect(client) == 0);
    free(data);

    /* attach a file; export to a file and import it back */
    f = fopen("/tmp/smtpnative-mime-attach.txt", "wb");
    fputs("attached bytes\n", f);
    fclose(f);
    CHECK(MimeAttachFile(m, "/tmp/smtpnative-mime-attach.txt", MIME_ATTACH_BASE64));
    CHECK_ERR(MimeAttachFile(m, "/tmp/smtpnative-no-such-file", MIME_ATTACH_DEFAULT), 0, ST_ERROR_FILE_NOT_FOUND);
    size = 0;
    CHECK(MimeExportMessageEx(m, MIME_EXPORT_FILE, MIME_OPTION_DEFAULT, (LPVOID)"/tmp/smtpnative-mime-export.eml", &size) && size > 0);
    m2 = MimeImportMessage(MIME_EXPORT_FILE, MIME_OPTION_DEFAULT, "/tmp/smtpnative-mime-export.eml", 0);
    CHECK(m2 != INVALID_MESSAGE);
    data = export_all(m2, &size2);
    CHECK(data && strstr(data, "multipart/mixed") && strstr(data, "filename=smtpnative-mime-attach.txt")
        && strstr(data, "YXR0YWNoZWQgYnl0ZXMK"));
    free(data);
    CHECK(MimeDeleteMessage(m2));
    remove("/tmp/smtpnative-mime-attach.txt");
    remove("/tmp/smtpnative-mime-export.eml");
    CHECK_ERR(MimeExportMessageEx(m, MIME_EXPORT_HGLOBAL, 0, list, &size), 0, ST_ERROR_NOT_SUPPORTED);

    /* the owner thread rule */
    g_shared = m;
    pthread_create(&thread, NULL, other_thread, NULL);
    pthread_join(thread, NULL);
    CHECK(g_thread_error == ST_ERROR_NOT_HANDLE_OWNER);

    /* single addresses */
    CHECK(MimeParseAddress("\"Doe, John\" <john@x.test>", name, address, (INT)sizeof name) == 11);
    CHECK(strcmp(name, "Doe, John") == 0 && strcmp(address, "john@x.test") == 0);
    CHECK(MimeParseAddress("=?utf-8?q?J=C3=BCrgen?= <j@x.test>", name, NULL, (INT)sizeof name) == 8);
    CHECK(strcmp(name, "J\xC3\xBCrgen") == 0);
    CHECK(MimeParseAddress("plain@x.test (Comment)", NULL, address, (INT)sizeof address) == 12);
    CHECK_ERR(MimeParseAddress("\"unterminated <a@x.test>", name, address, (INT)sizeof name), SMTP_ERROR, ST_ERROR_INVALID_ADDRESS);
    CHECK_ERR(MimeParseAddress("a@x.test, b@x.test", name, address, (INT)sizeof name), SMTP_ERROR, ST_ERROR_INVALID_ADDRESS);
    CHECK_ERR(MimeParseAddress("no address here", name, address, (INT)sizeof name), SMTP_ERROR, ST_ERROR_INVALID_ADDRESS);

    /* refused input */
    CHECK(MimeComposeMessage("a@x.test", "b@x.test", NULL, "two\r\nBcc: injected@x.test", "", NULL, 0, 0) == INVALID_MESSAGE);
    CHECK(MimeGetLastError() == ST_ERROR_INVALID_PARAMETER);
    CHECK(MimeComposeMessage("a@x.test", "<unterminated@x.test", NULL, "s", "", NULL, 0, 0) == INVALID_MESSAGE);
    CHECK(MimeGetLastError() == ST_ERROR_INVALID_ADDRESS);
    CHECK(MimeComposeMessage("a@x.test", "b@x.test", NULL, "s", "", "no colon line", 0, 0) == INVALID_MESSAGE);
    CHECK(MimeImportMessage(MIME_EXPORT_MEMORY, MIME_OPTION_DEFAULT, "", 0) == INVALID_MESSAGE);
    CHECK(MimeGetLastError() == ST_ERROR_INVALID_MESSAGE);

    /* hostile input: 100k nested comments and an unterminated quote in To, a 1 MB header: a result, no crash */
    big = (char *)malloc(2 * 1024 * 1024);
    strcpy(big, "To: ok@x.test, ");
    memset(big + 15, '(', 100000);
    strcpy(big + 15 + 100000, "\r\nCc: \"never closed <q@x.test>\r\nX-Huge: ");
    size = (DWORD)strlen(big);
    memset(big + size, 'a', 1024 * 1024);
    strcpy(big + size + 1024 * 1024, "\r\n\r\nbody\r\n");
    m2 = MimeImportMessage(MIME_EXPORT_MEMORY, MIME_OPTION_DEFAULT, big, 0);
    CHECK(m2 != INVALID_MESSAGE);
    size = sizeof list;
    /* the strict address parser gives up on both malformed headers: no recipients, deterministically */
    CHECK(MimeEnumMessageRecipients(m2, NULL, list, &size) == 0 && size == 1);
    CHECK(MimeDeleteMessage(m2));
    /* 500 nested multiparts: bounded depth, parsed or refused, never a crash */
    strcpy(big, "Content-Type: multipart/mixed; boundary=b\r\n\r\n");
    size = (DWORD)strlen(big);
    for (i = 0; i < 500; i++) { strcpy(big + size, "--b\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"); size += (DWORD)strlen(big + size); }
    m2 = MimeImportMessage(MIME_EXPORT_MEMORY, MIME_OPTION_DEFAULT, big, 0);
    CHECK(m2 != INVALID_MESSAGE || MimeGetLastError() == ST_ERROR_INVALID_MESSAGE);
    if (m2 != INVALID_MESSAGE) { data = export_all(m2, &size); CHECK(data != NULL); free(data); MimeDeleteMessage(m2); }
    free(big);

    CHECK(MimeDeleteMessage(m));
    CHECK_ERR(MimeDeleteMessage((HMESSAGE)0x12345), 0, ST_ERROR_INVALID_HANDLE);
    CHECK_ERR(MimeDeleteMessage(INVALID_MESSAGE), 0, ST_ERROR_INVALID_HANDLE);
    /* the last Uninitialize frees what is still open */
    m = MimeComposeMessage("a@x.test", "b@x.test", NULL, "left open", "", NULL, 0, 0);
    MimeUninitialize();
    CHECK(MimeInitialize(NULL, NULL));
    CHECK_ERR(MimeDeleteMessage(m), 0, ST_ERROR_INVALID_HANDLE);
    MimeUninitialize();
    return finish("test_mime");
}
