/*
 * direct.c - direct delivery (no relay): send to each recipient's own mail exchangers.
 * First the steps by hand (DnsEnumMailExchanges, SmtpConnect, SmtpSendMessage), then the same
 * in one SmtpDeliverMessage call with its per-recipient report.
 *
 *   cc direct.c -o direct $(pkg-config --cflags --libs smtpnative)
 *   ./direct <name-server|-> <port> <from> <recipient> [recipient...]
 *
 * name-server: "127.0.0.1:5353" style, or "-" for the system's. port: 25 for real mail exchangers
 * (0 = 25); tests run their exchangers on another port.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "smtpnative.h"

static const char message[] =
    "From: <sender@example.test>\r\n"
    "Subject: Delivered directly by SmtpNative\r\n"
    "\r\n"
    "No relay was used.\r\n";

static void report_error(const char *what)
{
    char text[256];
    DWORD error = SmtpGetLastError();
    SmtpGetErrorString(error, text, (INT)sizeof text);
    fprintf(stderr, "%s: 0x%08lX %s\n", what, (unsigned long)error, text);
}

/* The steps by hand for one recipient: MX list in preference order (the domain itself when there is
 * none), the first exchanger that takes the message wins; a 5xx is final, a 4xx or no connection
 * means "try the next one". */
static int deliver_by_hand(const char *from, const char *recipient, UINT port)
{
    const char *domain = strchr(recipient, '@');
    char exchangers[1024], *host;
    DWORD size = sizeof exchangers;
    INT count;

    if (!domain) return 0;
    domain++;
    count = DnsEnumMailExchanges(domain, exchangers, &size);
    if (count == SMTP_ERROR) {           /* null MX, no such domain, DNS failure */
        report_error(domain);
        return 0;
    }
    if (count == 0) {                    /* no MX: the domain itself is the exchanger */
        strcpy(exchangers, domain);
        exchangers[strlen(domain) + 1] = 0;
    }
    for (host = exchangers; *host; host += strlen(host) + 1) {
        HCLIENT client = SmtpConnect(host, port, 20, SMTP_OPTION_NONE, NULL, NULL);
        INT result;
        if (client == INVALID_CLIENT) {
            report_error(host);
            continue;                    /* not reachable: next exchanger */
        }
        result = SmtpSendMessage(client, from, recipient, (LPVOID)message, 0, SMTP_MESSAGE_MEMORY);
        INT code = SmtpGetResultCode(client);
        SmtpDisconnect(client);
        if (result == 0) {
            printf("by hand: %s delivered by %s\n", recipient, host);
            return 1;
        }
        report_error(host);
        if (code >= 500) return 0;       /* permanent: no other exchanger will change that */
    }
    return 0;
}

int main(int argc, char **argv)
{
    static const char *status_names[] = { "?", "delivered", "rejected", "deferred" };
    char recipients[2048] = "", address[256], server[256], reply[512];
    UINT port;
    INT i, delivered, status, code;
    DWORD error;

    if (argc < 5) {
        fprintf(stderr, "usage: %s <name-server|-> <port> <from> <recipient> [recipient...]\n", argv[0]);
        return 2;
    }
    port = (UINT)atoi(argv[2]);
    if (!SmtpInitialize(NULL, NULL) || !DnsInitialize(NULL, NULL))
        return 1;
    if (DnsSetNameServers(strcmp(argv[1], "-") == 0 ? NULL : argv[1]) == SMTP_ERROR) {
        report_error("DnsSetNameServers");
        return 1;
    }

    /* 1. by hand */
    for (i = 4; i < argc; i++)
        deliver_by_hand(argv[3], argv[i], port);

    /* 2. one call */
    for (i = 4; i < argc; i++) {
        if (recipients[0]) strcat(recipients, ",");
        strncat(recipients, argv[i], sizeof recipients - strlen(recipients) - 2);
    }
    delivered = SmtpDeliverMessage(argv[3], recipients, (LPVOID)message, 0, SMTP_MESSAGE_MEMORY, NULL, port, 20,
        SMTP_OPTION_NONE, NULL);
    if (delivered == SMTP_ERROR) report_error("SmtpDeliverMessage");
    for (i = 0; i < SmtpGetDeliveryResult(-1, NULL, 0, NULL, NULL, NULL); i++) {
        SmtpGetDeliveryResult(i, address, (INT)sizeof address, &status, &code, &error);
        SmtpGetDeliveryServer(i, server, (INT)sizeof server);
        SmtpGetDeliveryReply(i, reply, (INT)sizeof reply);
        printf("one call: %-24s %-9s %3d %-20s %s\n", address, status_names[status & 3], code, server[0] ? server : "-", reply);
    }

    DnsUninitialize();
    SmtpUninitialize();
    return delivered == SMTP_ERROR ? 1 : 0;
}
