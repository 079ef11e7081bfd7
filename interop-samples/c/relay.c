/*
 * relay.c - the relay workflow: compose a message with the MIME API, let the MIME API find every
 * recipient (To, Cc and Bcc), connect to a relay (smarthost), authenticate, send, report each recipient.
 *
 *   cc relay.c -o relay $(pkg-config --cflags --libs smtpnative)
 *   ./relay <host> <port> <user|-> <password> <from> <to> [cc] [bcc]
 *
 * user "-" skips authentication. Port 587 or 465 with TLS is what real relays want: add
 * SMTP_OPTION_SECURE_EXPLICIT (STARTTLS) to SmtpConnect; credentials never go in plaintext to a
 * remote host. Bcc addresses are passed to MimeEnumMessageRecipients as extra addresses, so they
 * get the message but never appear in its headers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "smtpnative.h"

static int fail(const char *what)
{
    char text[256];
    DWORD error = SmtpGetLastError();
    SmtpGetErrorString(error, text, (INT)sizeof text);
    fprintf(stderr, "%s failed: 0x%08lX %s\n", what, (unsigned long)error, text);
    return 1;
}

int main(int argc, char **argv)
{
    const char *cc = argc > 7 ? argv[7] : NULL, *bcc = argc > 8 ? argv[8] : NULL;
    const char *user = argc > 3 ? argv[3] : "-", *password = argc > 4 ? argv[4] : "", *from = argc > 5 ? argv[5] : "";
    HMESSAGE message;
    HCLIENT client;
    DWORD size = 0, message_size = 0;
    char *list, *recipients, *data, *item, address[256];
    INT count, i, code;

    if (argc < 7) {
        fprintf(stderr, "usage: %s <host> <port> <user|-> <password> <from> <to> [cc] [bcc]\n", argv[0]);
        return 2;
    }
    if (!SmtpInitialize(NULL, NULL) || !MimeInitialize(NULL, NULL))
        return fail("initialize");

    /* 1. compose */
    message = MimeComposeMessage(from, argv[6], cc, "Relayed by SmtpNative",
        "This message was composed with the MIME API and sent through a relay.\n", "X-Mailer: SmtpNative relay sample",
        MIME_CHARSET_UTF8, MIME_ENCODING_DEFAULT);
    if (message == INVALID_MESSAGE)
        return fail("MimeComposeMessage");

    /* 2. every envelope recipient: ask for the size, then fetch the list (NUL-separated, double-NUL end) */
    count = MimeEnumMessageRecipients(message, bcc, NULL, &size);
    if (count <= 0)
        return fail("MimeEnumMessageRecipients");
    list = (char *)malloc(size);
    recipients = (char *)malloc(size + 1);
    if (MimeEnumMessageRecipients(message, bcc, list, &size) == SMTP_ERROR)
        return fail("MimeEnumMessageRecipients");
    recipients[0] = 0;
    for (item = list; *item; item += strlen(item) + 1) {   /* "a\0b\0\0" -> "a,b" */
        if (recipients[0]) strcat(recipients, ",");
        strcat(recipients, item);
    }

    /* 3. the message as bytes */
    if (!MimeExportMessage(message, NULL, &message_size))
        return fail("MimeExportMessage");
    data = (char *)malloc(message_size);
    if (!MimeExportMessage(message, data, &message_size))
        return fail("MimeExportMessage");

    /* 4. connect to the relay, authenticate (the strongest mechanism it offers), send */
    client = SmtpConnect(argv[1], (UINT)atoi(argv[2]), 20, SMTP_OPTION_NONE, NULL, NULL);
    if (client == INVALID_CLIENT)
        return fail("SmtpConnect");
    if (strcmp(user, "-") != 0 && SmtpAuthenticate(client, SMTP_AUTH_DEFAULT, user, password) == SMTP_ERROR)
        return fail("SmtpAuthenticate");
    if (SmtpSendMessage(client, from, recipients, data, message_size, SMTP_MESSAGE_MEMORY) == SMTP_ERROR)
        return fail("SmtpSendMessage");
    for (i = 0; i < SmtpGetRecipientStatus(client, -1, NULL, 0, NULL); i++) {
        SmtpGetRecipientStatus(client, i, address, (INT)sizeof address, &code);
        printf("%-30s %d\n", address, code);
    }
    printf("sent to %d of %d recipient(s)\n", count, count);

    SmtpDisconnect(client);
    MimeDeleteMessage(message);
    free(list); free(recipients); free(data);
    MimeUninitialize();
    SmtpUninitialize();
    return 0;
}
