/*
 * staged.c - a message built step by step with the staged transaction API, and how each failure
 * is reported: a refused recipient fails only its own call; a message with no accepted recipient
 * fails when content is added, and SmtpReset abandons it.
 *
 *   cc staged.c -o staged $(pkg-config --cflags --libs smtpnative)
 *   ./staged <host> <port>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "smtpnative.h"

/* Prints what failed: the error code, its text, and the server's last reply. */
static DWORD report(HCLIENT client, const char *what)
{
    char text[256], reply[256], status[16];
    DWORD error = SmtpGetLastError(); /* read it first: every successful call resets it */
    SmtpGetErrorString(error, text, (INT)sizeof text);
    reply[0] = status[0] = '\0';
    SmtpGetResultString(client, reply, (INT)sizeof reply);
    SmtpGetEnhancedStatus(client, status, (INT)sizeof status);
    printf("%s failed: 0x%08lX %s (server: %d %s %s)\n", what, (unsigned long)error, text,
           SmtpGetResultCode(client), status, reply);
    return error;
}

static int fail(HCLIENT client, const char *what)
{
    report(client, what);
    return 1;
}

int main(int argc, char **argv)
{
    /* Content may be split anywhere, even between CR and LF: the wire gets the same bytes. */
    static const char *const parts[] = {
        "From: <sender@example.test>\r\nTo: <alice@example.test>\r",
        "\nSubject: SmtpNative C staged sample\r\n\r\nWritten in ",
        "three pieces.\r\n.A leading dot is stuffed on the wire.\r\n",
    };
    HCLIENT client;
    size_t i;

    if (argc < 3) {
        fprintf(stderr, "usage: %s host port\n", argv[0]);
        return 2;
    }
    if (!SmtpInitialize(NULL, NULL))
        return 1;
    client = SmtpConnect(argv[1], (UINT)atoi(argv[2]), 10, SMTP_OPTION_NONE, NULL, NULL);
    if (client == INVALID_CLIENT)
        return fail(client, "SmtpConnect");

    /* One message, two recipients: the refused one fails its own SmtpAddRecipient only. */
    if (SmtpCreateMessage(client, "sender@example.test", 0, 0) == SMTP_ERROR ||
        SmtpAddRecipient(client, "alice@example.test") == SMTP_ERROR)
        return fail(client, "starting the message");
    if (SmtpAddRecipient(client, "reject-bob@example.test") != SMTP_ERROR ||
        report(client, "SmtpAddRecipient(reject-bob)") != ST_ERROR_RECIPIENT_REJECTED)
        return 1;
    for (i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (SmtpWrite(client, (LPBYTE)parts[i], (INT)strlen(parts[i])) == SMTP_ERROR)
            return fail(client, "SmtpWrite");
    if (SmtpCloseMessage(client) == SMTP_ERROR)
        return fail(client, "SmtpCloseMessage");
    printf("sent to alice: %d\n", SmtpGetResultCode(client));

    /* A message nobody accepts: adding content fails, SmtpReset abandons it. */
    if (SmtpCreateMessage(client, "sender@example.test", 0, 0) == SMTP_ERROR)
        return fail(client, "SmtpCreateMessage");
    if (SmtpAddRecipient(client, "reject-carol@example.test") != SMTP_ERROR)
        return 1;
    report(client, "SmtpAddRecipient(reject-carol)");
    if (SmtpAppendMessage(client, (LPVOID)"Subject: never sent\r\n\r\nx\r\n", 0, SMTP_MESSAGE_MEMORY) != SMTP_ERROR ||
        report(client, "SmtpAppendMessage") != ST_ERROR_NO_VALID_RECIPIENTS)
        return 1;
    if (SmtpReset(client) == SMTP_ERROR)
        return fail(client, "SmtpReset");

    SmtpDisconnect(client);
    SmtpUninitialize();
    return 0;
}
