/* Every W export of the MIME API, called with UTF-16 text by a C program: the same message, list and
 * address results as the A twin, the output-buffer rule in UTF-16 units (a surrogate pair is never
 * split), UTF-16 paths, and the composed message sent to aiosmtpd with its non-ASCII text as UTF-8. */
#include "widetext.h"

/* The message with its Date and Message-Id lines removed (they differ from one compose to the next). */
static char *export_stable(HMESSAGE m)
{
    DWORD size = 0;
    char *data, *line, *out;
    CHECK(MimeExportMessageExW(m, MIME_EXPORT_MEMORY, MIME_OPTION_DEFAULT, NULL, &size) && size > 0);
    data = (char *)calloc(size + 1, 1);
    out = (char *)calloc(size + 1, 1);
    CHECK(MimeExportMessageExW(m, MIME_EXPORT_MEMORY, MIME_OPTION_DEFAULT, data, &size));
    for (line = data; *line; ) {
        char *end = strstr(line, "\r\n");
        size_t len = end ? (size_t)(end - line) + 2 : strlen(line);
        if (strncmp(line, "Date: ", 6) != 0 && strncmp(line, "Message-Id: ", 12) != 0) strncat(out, line, len);
        line += len;
    }
    free(data);
    return out;
}

static void parse_address(void)
{
    char na[64], aa[64];
    SMTPWCHAR nw[64], aw[64];

    /* a name with U+1F600 (a surrogate pair in UTF-16) and a non-ASCII address */
    CHECK(MimeParseAddressA("\"Smile x\xF0\x9F\x98\x80\" <gr\xC3\xBC\xC3\x9F" "e@x.test>", na, aa, 64) == 14);
    CHECK(MimeParseAddressW(W("\"Smile x😀\" <grüße@x.test>"), nw, aw, 64) == 12);
    CHECK(wlen(nw) == 9 && nw[7] == 0xD83D && nw[8] == 0xDE00);
    CHECK_SAME_TEXT(nw, na);
    CHECK_SAME_TEXT(aw, aa);
    CHECK(MimeParseAddressW(W("\"Smile x😀\" <grüße@x.test>"), NULL, NULL, 0) == 12);
    /* room for 8 units + terminator: the pair would be split after "Smile x" + high surrogate, so it stops before it */
    memset(nw, 0x55, sizeof nw);
    CHECK_ERR(MimeParseAddressW(W("\"Smile x😀\" <s@x.test>"), nw, aw, 9), SMTP_ERROR, ST_ERROR_BUFFER_TOO_SMALL);
    CHECK(wlen(nw) == 7 && nw[8] == 0x5555);
    CHECK_SAME_TEXT(nw, "Smile x");
    CHECK_SAME_TEXT(aw, "s@x.test");
    CHECK_ERR(MimeParseAddressA("\"Smile x\xF0\x9F\x98\x80\" <s@x.test>", na, aa, 11), SMTP_ERROR, ST_ERROR_BUFFER_TOO_SMALL);
    CHECK(strcmp(na, "Smile x") == 0);
    /* with room for the whole pair it comes whole */
    CHECK(MimeParseAddressW(W("\"Smile x😀\" <s@x.test>"), nw, aw, 10) == 8 && wlen(nw) == 9);
    /* an encoded-word name decodes to the same text through both */
    CHECK(MimeParseAddressA("=?utf-8?q?J=C3=B6rg_=F0=9F=98=80?= <j@x.test>", na, aa, 64) == 8);
    CHECK(MimeParseAddressW(W("=?utf-8?q?J=C3=B6rg_=F0=9F=98=80?= <j@x.test>"), nw, aw, 64) == 8);
    CHECK_SAME_TEXT(nw, na);
    CHECK_SAME_TEXT(nw, "J\xC3\xB6rg \xF0\x9F\x98\x80");
    CHECK_ERR(MimeParseAddressW(W("a@x.test, b@x.test"), nw, aw, 64), SMTP_ERROR, ST_ERROR_INVALID_ADDRESS);
    CHECK_ERR(MimeParseAddressW(NULL, nw, aw, 64), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    /* text not valid in its encoding: a lone surrogate for W, like a stray continuation byte for A */
    {
        static const SMTPWCHAR lone[] = { 'a', 0xD83D, '@', 'x', '.', 't', 0 };
        CHECK_ERR(MimeParseAddressW(lone, nw, aw, 64), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
        CHECK_ERR(MimeParseAddressA("a\x98@x.t", na, aa, 64), SMTP_ERROR, ST_ERROR_INVALID_PARAMETER);
    }
}

static void recipients(HMESSAGE ma, HMESSAGE mw)
{
    char la[512], converted[512];
    SMTPWCHAR lw[512], small[8];
    DWORD ca = 0, cw = 0;
    INT n;
    n = MimeEnumMessageRecipientsA(ma, "m\xC3\xA1s@x.test", NULL, &ca);
    CHECK(n == 3);   /* From is no recipient */
    CHECK(MimeEnumMessageRecipientsW(mw, W("más@x.test"), NULL, &cw) == n);
    ca = sizeof la;
    cw = 512;
    CHECK(MimeEnumMessageRecipientsA(ma, "m\xC3\xA1s@x.test", la, &ca) == n);
    CHECK(MimeEnumMessageRecipientsW(mw, W("más@x.test"), lw, &cw) == n);
    CHECK(wide_list_to_utf8(lw, converted, sizeof converted) == ca && memcmp(converted, la, ca) == 0);
    /* W counts UTF-16 units: 3 non-ASCII letters are 2 bytes in UTF-8, 1 unit in UTF-16 */
    CHECK(cw == ca - 3);
    CHECK(memcmp(la, "gr\xC3\xBC\xC3\x9F" "e@x.test\0cc@x.test\0m\xC3\xA1s@x.test\0\0", ca) == 0);
    cw = 8;
    CHECK_ERR(MimeEnumMessageRecipientsW(mw, NULL, small, &cw), SMTP_ERROR, ST_ERROR_BUFFER_TOO_SMALL);
    CHECK(small[0] == 0 && small[1] == 0 && cw == 13 + 10 + 1);
}

/* Files with UTF-16 paths: export, import back, attach (the file name in the message like the A one's). */
static void files(HMESSAGE ma, HMESSAGE mw)
{
    char path[256], attach[256], *a, *w, *line, *end;
    DWORD size = 0;
    HMESSAGE imported;
    FILE *f;

    snprintf(path, sizeof path, "/tmp/smtpnative-wide-n\xC3\xA4" "chricht-%d.eml", (int)getpid());
    CHECK(MimeExportMessageExW(mw, MIME_EXPORT_FILE, MIME_OPTION_DEFAULT, (LPVOID)W(path), &size) && size > 0);
    imported = MimeImportMessageW(MIME_EXPORT_FILE, MIME_OPTION_DEFAULT, W(path), 0);
    CHECK(imported != INVALID_MESSAGE);
    a = export_stable(mw);
    w = export_stable(imported);
    CHECK(strcmp(a, w) == 0);
    free(a); free(w);
    CHECK(MimeDeleteMessage(imported));
    remove(path);
    CHECK(MimeImportMessageW(MIME_EXPORT_FILE, MIME_OPTION_DEFAULT, W(path), 0) == INVALID_MESSAGE);
    CHECK(MimeGetLastError() == ST_ERROR_FILE_NOT_FOUND);
    CHECK(!MimeExportMessageExW(mw, MIME_EXPORT_FILE, MIME_OPTION_DEFAULT, (LPVOID)W("/nonexistent-dir/ü.eml"), &size));
    CHECK(MimeGetLastError() == ST_ERROR_FILE_NOT_FOUND);

    snprintf(attach, sizeof attach, "/tmp/smtpnative-wide-%d-anhang-gr\xC3\xBC\xC3\x9F" "e.txt", (int)getpid());
    f = fopen(attach, "wb");
    fputs("attached bytes\n", f);
    fclose(f);
    CHECK(MimeAttachFileA(ma, attach, MIME_ATTACH_BASE64));
    CHECK(MimeAttachFileW(mw, W(attach), MIME_ATTACH_BASE64));
    CHECK(!MimeAttachFileW(mw, W("/tmp/smtpnative-wide-no-such-ü"), MIME_ATTACH_DEFAULT) && MimeGetLastError() == ST_ERROR_FILE_NOT_FOUND);
    remove(attach);
    a = export_stable(ma);
    w = export_stable(mw);
    /* the attachment's part headers (file name, encoding) and data are the same */
    line = strstr(a, "Content-Disposition: ");
    end = line ? strstr(line, "\r\n--") : NULL;
    CHECK(line && end);
    if (line && end) {
        *end = 0;
        CHECK(strstr(w, line) != NULL);
        CHECK(strstr(line, "YXR0YWNoZWQgYnl0ZXMK") != NULL);
    }
    free(a); free(w);
}

int main(void)
{
    static const char subject[] = "Gr\xC3\xBC\xC3\x9F" "e \xF0\x9F\x98\x80";
    char *a, *w, *eml, name[64];
    SMTPWCHAR wname[64];
    HMESSAGE ma, mw;
    HCLIENT client;
    DWORD size = 0;

    CHECK(MimeInitializeW(W("key ü"), NULL));
    check_error_strings(MimeGetErrorStringA, MimeGetErrorStringW);
    parse_address();

    /* the same message composed through A and W: the same bytes but for Date and Message-Id */
    ma = MimeComposeMessageA("J\xC3\xB6rg \xF0\x9F\x98\x80 <j\xC3\xB6rg@x.test>", "Gr\xC3\xBC\xC3\x9F" "e <gr\xC3\xBC\xC3\x9F" "e@x.test>",
        "cc@x.test", subject, "Gr\xC3\xBC\xC3\x9F" "e, j\xC3\xB6rg \xF0\x9F\x98\x80\n", "X-Wide: \xC3\xBC", MIME_CHARSET_UTF8, MIME_ENCODING_8BIT);
    mw = MimeComposeMessageW(W("Jörg 😀 <jörg@x.test>"), W("Grüße <grüße@x.test>"),
        W("cc@x.test"), W(subject), W("Grüße, jörg 😀\n"), W("X-Wide: ü"), MIME_CHARSET_UTF8, MIME_ENCODING_8BIT);
    CHECK(ma != INVALID_MESSAGE && mw != INVALID_MESSAGE);
    a = export_stable(ma);
    w = export_stable(mw);
    CHECK(strcmp(a, w) == 0);
    free(a); free(w);
    CHECK(MimeComposeMessageW(W("a@x.test"), W("b@x.test"), NULL, W("two\r\nBcc: injected@x.test"), W(""), NULL, 0, 0) == INVALID_MESSAGE);
    CHECK(MimeGetLastError() == ST_ERROR_INVALID_PARAMETER);
    recipients(ma, mw);

    /* the W message sent through aiosmtpd: 8-bit UTF-8 body, the From name back through MimeParseAddressW */
    CHECK(SmtpInitializeW(NULL, NULL));
    client = SmtpConnectW(W("127.0.0.1"), (UINT)capture_port(), 10, SMTP_OPTION_NONE, NULL, NULL);
    CHECK(client != INVALID_CLIENT);
    CHECK(MimeExportMessageExW(mw, MIME_EXPORT_MEMORY, MIME_OPTION_DEFAULT, NULL, &size));
    w = (char *)calloc(size + 1, 1);
    CHECK(MimeExportMessageExW(mw, MIME_EXPORT_MEMORY, MIME_OPTION_DEFAULT, w, &size));
    {   /* memory export is bytes through both: A gives the same bytes and sizes */
        DWORD size_a = 0;
        char *bytes_a;
        CHECK(MimeExportMessageExA(mw, MIME_EXPORT_MEMORY, MIME_OPTION_DEFAULT, NULL, &size_a) && size_a == size);
        bytes_a = (char *)calloc(size_a + 1, 1);
        CHECK(MimeExportMessageExA(mw, MIME_EXPORT_MEMORY, MIME_OPTION_DEFAULT, bytes_a, &size_a) && memcmp(bytes_a, w, size) == 0);
        free(bytes_a);
    }
    size--;
    CHECK_ERR(MimeExportMessageExW(mw, MIME_EXPORT_MEMORY, MIME_OPTION_DEFAULT, w, &size), FALSE, ST_ERROR_BUFFER_TOO_SMALL);
    CHECK(SmtpSendMessageW(client, W("jörg@x.test"), W("grüße@x.test"), w, size, SMTP_MESSAGE_MEMORY) == 0);
    CHECK(SmtpDisconnect(client) == 0);
    eml = capture_file(1, "eml");
    CHECK(eml && strcmp(eml, w) == 0);
    CHECK(eml && strstr(eml, "\r\n\r\nGr\xC3\xBC\xC3\x9F" "e, j\xC3\xB6rg \xF0\x9F\x98\x80\r\n") != NULL);
    CHECK(MimeParseAddressA(header(eml, "From: "), name, NULL, 64) > 0);
    CHECK(MimeParseAddressW(W(header(eml, "From: ")), wname, NULL, 64) > 0);
    CHECK_SAME_TEXT(wname, "J\xC3\xB6rg \xF0\x9F\x98\x80");
    CHECK_SAME_TEXT(wname, name);
    /* imported from memory through W: bytes with a size, or (size 0) UTF-16 text, as every W
       function that takes a message reads it; both give the same message */
    CHECK(strlen(eml) < WIDE_UNITS);
    {
        HMESSAGE sized = MimeImportMessageW(MIME_EXPORT_MEMORY, MIME_OPTION_DEFAULT, eml, (DWORD)strlen(eml));
        HMESSAGE text = MimeImportMessageW(MIME_EXPORT_MEMORY, MIME_OPTION_DEFAULT, W(eml), 0);
        char *x = export_stable(sized), *y = export_stable(mw), *z = export_stable(text);
        CHECK(sized != INVALID_MESSAGE && strcmp(x, y) == 0);
        CHECK(text != INVALID_MESSAGE && strcmp(z, y) == 0);
        free(x); free(y); free(z);
        CHECK(MimeDeleteMessage(sized));
        CHECK(MimeDeleteMessage(text));
    }
    free(eml); free(w);

    files(ma, mw);
    CHECK(MimeDeleteMessage(ma) && MimeDeleteMessage(mw));
    MimeUninitialize();
    SmtpUninitialize();
    return finish("test_wide_mime");
}
