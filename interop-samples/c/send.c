/*
 * send.c - the smallest complete use of SmtpNative: connect, send one message, report, disconnect.
 *
 *   cc send.c -o send $(pkg-config --cflags --libs smtpnative)
 *   ./send <host> <port> <from> <recipients> [message-file]
 *
 * Without a message file it sends a short built-in text message.
 */
#include <stdio.h>
#include <stdlib.h>
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
    static const char message[] =
        "From: SmtpNative sample <sender@example.test>\r\n"
        "To: <recipient@example.test>\r\n"
        "Subject: Hello from SmtpNative\r\n"
        "\r\n"
        "This message was sent by a C program through libSmtpNative.so.\r\n"
        ".A line that starts with a dot arrives intact.\r\n";
    HCLIENT client;
    char reply[512];
    int i, count, code, rc;

    if (argc < 5) {
        fprintf(stderr, "usage: %s host port from recipients [message-file]\n", argv[0]);
        return 2;
    }
    if (SmtpGetVersion() != SMTPNATIVE_VERSION_NUM) {
        fprintf(stderr, "header and library versions differ\n");
        return 1;
    }
    if (!SmtpInitialize(NULL, NULL))
        return fail("SmtpInitialize");

    client = SmtpConnect(argv[1], (UINT)atoi(argv[2]), 10, SMTP_OPTION_NONE, NULL, NULL);
    if (client == INVALID_CLIENT)
        return fail("SmtpConnect");

    if (argc > 5)
        rc = SmtpSendMessage(client, argv[3], argv[4], argv[5], 0, SMTP_MESSAGE_FILE);
    else
        rc = SmtpSendMessage(client, argv[3], argv[4], (LPVOID)message, 0, SMTP_MESSAGE_MEMORY);
    if (rc == SMTP_ERROR) {
        fail("SmtpSendMessage");
        SmtpGetResultString(client, reply, (INT)sizeof reply);
        fprintf(stderr, "server said: %d %s\n", SmtpGetResultCode(client), reply);
        SmtpDisconnect(client);
        SmtpUninitialize();
        return 1;
    }

    SmtpGetResultString(client, reply, (INT)sizeof reply);
    printf("sent: %d %s\n", SmtpGetResultCode(client), reply);
    count = SmtpGetRecipientStatus(client, -1, NULL, 0, NULL);
    for (i = 0; i < count; i++) {
        char address[256];
        SmtpGetRecipientStatus(client, i, address, (INT)sizeof address, &code);
        printf("  recipient %s: %d%s\n", address, code, code / 100 == 2 ? " accepted" : " refused");
    }

    SmtpDisconnect(client);
    SmtpUninitialize();
    return 0;
}
