/*
 * session.c - a whole session and how each failure is reported: authentication (a wrong password
 * first, then the right one), one message to two recipients of which the server refuses one, and
 * a message whose every recipient is refused.
 *
 *   cc session.c -o session $(pkg-config --cflags --libs smtpnative)
 *   ./session <host> <port> <user> <password>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "smtpnative.h"

/* Prints what failed: the error code, its text, and the server's last reply. Returns the code. */
static DWORD report(HCLIENT client, const char *what)
{
    char text[256], reply[256];
    DWORD error = SmtpGetLastError(); /* read it first: every successful call resets it */
    SmtpGetErrorString(error, text, (INT)sizeof text);
    reply[0] = '\0';
    if (client != INVALID_CLIENT)
        SmtpGetResultString(client, reply, (INT)sizeof reply);
    printf("%s failed: 0x%08lX %s (server said: %s)\n", what, (unsigned long)error, text, reply);
    return error;
}

int main(int argc, char **argv)
{
    static const char message[] =
        "From: <sender@example.test>\r\n"
        "To: <alice@example.test>\r\n"
        "Subject: SmtpNative C sample\r\n"
        "\r\n"
        "Sent by the C session sample.\r\n";
    HCLIENT client;
    char address[256];
    int i, count, code, ok = 1;

    if (argc < 5) {
        fprintf(stderr, "usage: %s host port user password\n", argv[0]);
        return 2;
    }
    if (!SmtpInitialize(NULL, NULL)) {
        report(INVALID_CLIENT, "SmtpInitialize");
        return 1;
    }
    client = SmtpConnect(argv[1], (UINT)atoi(argv[2]), 10, SMTP_OPTION_NONE, NULL, NULL);
    if (client == INVALID_CLIENT) {
        report(client, "SmtpConnect");
        return 1;
    }

    /* Authentication: the strongest mechanism the server offers. A refusal leaves the connection usable. */
    if (SmtpAuthenticate(client, SMTP_AUTH_DEFAULT, argv[3], "not the password") != SMTP_ERROR ||
        report(client, "SmtpAuthenticate (wrong password)") != ST_ERROR_AUTHENTICATION_FAILED)
        ok = 0;
    if (ok && SmtpAuthenticate(client, SMTP_AUTH_DEFAULT, argv[3], argv[4]) == SMTP_ERROR) {
        report(client, "SmtpAuthenticate");
        ok = 0;
    }

    /* A refused recipient does not fail the message while another is accepted. */
    if (ok && SmtpSendMessage(client, "sender@example.test", "alice@example.test, reject-bob@example.test",
                              (LPVOID)message, (DWORD)strlen(message), SMTP_MESSAGE_MEMORY) == SMTP_ERROR) {
        report(client, "SmtpSendMessage");
        ok = 0;
    }
    if (ok) {
        count = SmtpGetRecipientStatus(client, -1, NULL, 0, NULL);
        for (i = 0; i < count; i++)
            if (SmtpGetRecipientStatus(client, i, address, (INT)sizeof address, &code) != SMTP_ERROR)
                printf("  %s: %d\n", address, code);
    }

    /* Every recipient refused: the call fails, nothing is sent, the connection stays usable. */
    if (ok && (SmtpSendMessage(client, "sender@example.test", "reject-carol@example.test",
                               (LPVOID)"Subject: never sent\r\n\r\nx\r\n", 0, SMTP_MESSAGE_MEMORY) != SMTP_ERROR ||
               report(client, "SmtpSendMessage (every recipient refused)") != ST_ERROR_NO_VALID_RECIPIENTS))
        ok = 0;

    SmtpDisconnect(client);
    SmtpUninitialize();
    return ok ? 0 : 1;
}
