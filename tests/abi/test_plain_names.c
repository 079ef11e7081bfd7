/* The plain-name exports (SmtpConnect, MimeParseAddress, ...: aliases of the A entry points for callers
 * that bind by name, spec §1) as such a caller sees them: dlopen + dlsym. Every plain name in
 * native-headers/abi.txt whose A variant is published must resolve, to its own entry point; a
 * representative set is called through the plain symbol and must behave as the A function (UTF-8 text).
 * Runs in the DELIVERY_LAB (for DnsEnumMailExchanges) next to the aiosmtpd capture server. */
#include <dlfcn.h>
#include "testutil.h"

#define MAX_EXPORTS 1024
static char g_exports[MAX_EXPORTS][64];
static int g_count;
static void *g_lib;

static int published(const char *name)
{
    int i;
    for (i = 0; i < g_count; i++)
        if (strcmp(g_exports[i], name) == 0) return 1;
    return 0;
}

/* `export NAME` lines of abi.txt (SMTPNATIVE_ABI_LIST, set by tests/abi/run.sh). */
static void read_exports(void)
{
    const char *path = getenv("SMTPNATIVE_ABI_LIST");
    char line[256], name[64];
    FILE *f = path ? fopen(path, "r") : NULL;
    if (!f) { fprintf(stderr, "cannot read SMTPNATIVE_ABI_LIST (%s)\n", path ? path : "unset"); exit(2); }
    while (fgets(line, sizeof line, f) && g_count < MAX_EXPORTS)
        if (sscanf(line, "export %63s", name) == 1) strcpy(g_exports[g_count++], name);
    fclose(f);
}

static void *plain(const char *name)
{
    void *p = dlsym(g_lib, name);
    if (!p) { g_failures++; fprintf(stderr, "dlsym(%s): %s\n", name, dlerror()); }
    return p;
}

/* The plain symbol of X, typed as XA: PLAIN(SmtpConnect)("host", ...). */
#define PLAIN(name) ((__typeof__(&name##A))plain(#name))

/* Every plain alias resolves, to an entry point of its own (not the A or W symbol), and has a W twin;
 * *families counts the XA/XW pairs: each must have its plain X published too. */
static int every_alias_resolves(int *families)
{
    int i, aliases = 0;
    char stem[64], a[80], w[80];
    for (i = 0; i < g_count; i++) {
        const char *name = g_exports[i];
        size_t len = strlen(name);
        if (name[len - 1] == 'A' || name[len - 1] == 'W') {
            snprintf(stem, sizeof stem, "%.*s", (int)(len - 1), name);
            snprintf(a, sizeof a, "%sA", stem);
            snprintf(w, sizeof w, "%sW", stem);
            if (published(a) && published(w)) {   /* XA / XW of a family, not a plain name */
                if (name[len - 1] == 'W') {
                    ++*families;
                    if (!published(stem)) { g_failures++; fprintf(stderr, "%s has no plain alias in abi.txt\n", stem); }
                }
                continue;
            }
        }
        snprintf(a, sizeof a, "%sA", name);
        snprintf(w, sizeof w, "%sW", name);
        if (!published(a)) continue;     /* a function without text: one export only */
        aliases++;
        CHECK(published(w));
        CHECK(plain(name) != NULL && plain(name) != dlsym(g_lib, a) && plain(name) != dlsym(g_lib, w));
    }
    return aliases;
}

int main(void)
{
    char text[512], expected[512], name[64], address[64];
    INT code = 0;
    DWORD size;
    HCLIENT client;
    HMESSAGE message;
    char *env;
    int aliases, families = 0;

    read_exports();
    g_lib = dlopen(getenv("SMTPNATIVE_LIB"), RTLD_NOW | RTLD_LOCAL);
    if (!g_lib) { fprintf(stderr, "dlopen: %s\n", dlerror()); return 1; }
    aliases = every_alias_resolves(&families);
    CHECK(aliases > 0 && aliases == families);
    printf("%d plain-name aliases resolve\n", aliases);

    CHECK(PLAIN(SmtpInitialize)(NULL, NULL));
    CHECK(PLAIN(SmtpGetErrorString)(ST_ERROR_TIMEOUT, text, (INT)sizeof text) > 0);
    CHECK(SmtpGetErrorStringA(ST_ERROR_TIMEOUT, expected, (INT)sizeof expected) > 0 && strcmp(text, expected) == 0);
    CHECK(PLAIN(SmtpGetErrorString)(ST_ERROR_TIMEOUT, NULL, 0) == (INT)strlen(expected));

    /* a whole session through plain names; UTF-8 text (the A rule) arrives as UTF-8 */
    client = PLAIN(SmtpConnect)("127.0.0.1", (UINT)capture_port(), 10, SMTP_OPTION_NONE, "plain-test.local", NULL);
    CHECK(client != INVALID_CLIENT);
    CHECK(PLAIN(SmtpSendMessage)(client, "j\xC3\xB6rg@x.test", "to@x.test, reject-me@x.test",
        (LPVOID)"Subject: plain\r\n\r\nGr\xC3\xBC\xC3\x9F" "e\r\n", 0, SMTP_MESSAGE_MEMORY) == 0);
    CHECK(PLAIN(SmtpGetResultString)(client, text, (INT)sizeof text) > 0);
    CHECK(SmtpGetResultStringA(client, expected, (INT)sizeof expected) > 0 && strcmp(text, expected) == 0);
    CHECK(PLAIN(SmtpGetRecipientStatus)(client, 1, text, (INT)sizeof text, &code) == 16 && code == 550);
    CHECK(strcmp(text, "reject-me@x.test") == 0);
    CHECK(PLAIN(SmtpCommand)(client, "NOOP", NULL) == 250);
    CHECK(SmtpDisconnect(client) == 0);
    env = capture_file(1, "env");
    CHECK(env && strstr(env, "MAIL j\xC3\xB6rg@x.test\n") && strstr(env, "RCPT to@x.test\n"));
    free(env);
    env = capture_file(1, "eml");
    CHECK(env && strcmp(env, "Subject: plain\r\n\r\nGr\xC3\xBC\xC3\x9F" "e\r\n") == 0);
    free(env);

    /* MIME */
    CHECK(PLAIN(MimeParseAddress)("=?utf-8?q?J=C3=B6rg?= <j@x.test>", name, address, (INT)sizeof name) == 8);
    CHECK(strcmp(name, "J\xC3\xB6rg") == 0 && strcmp(address, "j@x.test") == 0);
    message = PLAIN(MimeComposeMessage)("a@x.test", "b@x.test, \"C\" <c@x.test>", NULL, "s", "t", NULL, 0, 0);
    CHECK(message != INVALID_MESSAGE);
    size = sizeof text;
    CHECK(PLAIN(MimeEnumMessageRecipients)(message, NULL, text, &size) == 2 && memcmp(text, "b@x.test\0c@x.test\0\0", 19) == 0);
    CHECK(MimeDeleteMessage(message));

    /* DNS against the lab's dnsmasq */
    CHECK(PLAIN(DnsSetNameServers)(lab_env("LAB_DNS")) == 1);
    size = sizeof text;
    CHECK(PLAIN(DnsEnumMailExchanges)("multi.test", text, &size) == 3);
    CHECK(size == 46 && memcmp(text, "mx1.multi.test\0mx2.multi.test\0mx3.multi.test\0\0", 46) == 0);

    SmtpUninitialize();
    dlclose(g_lib);
    return finish("test_plain_names");
}
