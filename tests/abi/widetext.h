/* UTF-16 text for the tests of the W exports, the way a C program makes it: W("...") turns UTF-8
 * into SMTPWCHAR text (surrogate pairs for non-BMP characters), U8(w) turns it back, so a test
 * can call XA and XW with the same text and compare what comes back. */
#ifndef SMTPNATIVE_WIDETEXT_H
#define SMTPNATIVE_WIDETEXT_H
#include "testutil.h"

#define WIDE_SLOTS 16
#define WIDE_UNITS 4096

/* Each call returns the next of WIDE_SLOTS static buffers, so a call may take several W("...") arguments. */
TESTUTIL_FN SMTPWCHAR *W(const char *utf8)
{
    static SMTPWCHAR slots[WIDE_SLOTS][WIDE_UNITS];
    static int next;
    SMTPWCHAR *w = slots[next++ % WIDE_SLOTS];
    const unsigned char *s = (const unsigned char *)utf8;
    size_t n = 0;
    while (*s && n + 3 < WIDE_UNITS) {
        unsigned long c;
        if (*s < 0x80) c = *s++;
        else if ((*s & 0xE0) == 0xC0) { c = (unsigned long)(*s++ & 0x1F) << 6; c |= *s++ & 0x3F; }
        else if ((*s & 0xF0) == 0xE0) { c = (unsigned long)(*s++ & 0x0F) << 12; c |= (unsigned long)(*s++ & 0x3F) << 6; c |= *s++ & 0x3F; }
        else { c = (unsigned long)(*s++ & 0x07) << 18; c |= (unsigned long)(*s++ & 0x3F) << 12; c |= (unsigned long)(*s++ & 0x3F) << 6; c |= *s++ & 0x3F; }
        if (c >= 0x10000) {
            c -= 0x10000;
            w[n++] = (SMTPWCHAR)(0xD800 + (c >> 10));
            w[n++] = (SMTPWCHAR)(0xDC00 + (c & 0x3FF));
        } else {
            w[n++] = (SMTPWCHAR)c;
        }
    }
    w[n] = 0;
    return w;
}

/* UTF-16 back to UTF-8 (a lone surrogate becomes U+FFFD), in the next of WIDE_SLOTS static buffers. */
TESTUTIL_FN const char *U8(const SMTPWCHAR *w)
{
    static char slots[WIDE_SLOTS][WIDE_UNITS * 3];
    static int next;
    char *out = slots[next++ % WIDE_SLOTS];
    unsigned char *d = (unsigned char *)out;
    while (*w && d - (unsigned char *)out < (long)(sizeof slots[0] - 5)) {
        unsigned long c = *w++;
        if (c >= 0xD800 && c < 0xDC00 && *w >= 0xDC00 && *w < 0xE000) c = 0x10000 + ((c - 0xD800) << 10) + (*w++ - 0xDC00);
        else if (c >= 0xD800 && c < 0xE000) c = 0xFFFD;
        if (c < 0x80) *d++ = (unsigned char)c;
        else if (c < 0x800) { *d++ = (unsigned char)(0xC0 | (c >> 6)); *d++ = (unsigned char)(0x80 | (c & 0x3F)); }
        else if (c < 0x10000) { *d++ = (unsigned char)(0xE0 | (c >> 12)); *d++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F)); *d++ = (unsigned char)(0x80 | (c & 0x3F)); }
        else { *d++ = (unsigned char)(0xF0 | (c >> 18)); *d++ = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
               *d++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F)); *d++ = (unsigned char)(0x80 | (c & 0x3F)); }
    }
    *d = 0;
    return out;
}

TESTUTIL_FN size_t wlen(const SMTPWCHAR *w)
{
    size_t n = 0;
    while (w[n]) n++;
    return n;
}

/* A double-NUL-terminated UTF-16 list as the UTF-8 list the A function gives; returns its length in bytes with the final NUL. */
TESTUTIL_FN size_t wide_list_to_utf8(const SMTPWCHAR *w, char *out, size_t max)
{
    size_t n = 0;
    while (*w) {
        const char *item = U8(w);
        size_t len = strlen(item) + 1;
        if (n + len + 1 > max) break;
        memcpy(out + n, item, len);
        n += len;
        w += wlen(w) + 1;
    }
    out[n++] = 0;
    return n;
}

/* CHECKs that the UTF-16 text w says the same as the UTF-8 text a. */
#define CHECK_SAME_TEXT(w, a) do { const char *u8_ = U8(w); if (strcmp(u8_, (a)) != 0) { g_failures++; \
    fprintf(stderr, "%s:%d: W gave \"%s\", A gave \"%s\"\n", __FILE__, __LINE__, u8_, (a)); } } while (0)
/* The rest of the line after `name` in a message (up to CR), e.g. header(eml, "\r\nSubject: "); static buffer. */
TESTUTIL_FN const char *header(const char *eml, const char *name)
{
    static char value[1024];
    const char *p = eml ? strstr(eml, name) : NULL;
    size_t n = 0;
    value[0] = 0;
    if (!p) return value;
    p += strlen(name);
    while (p[n] && p[n] != '\r' && n + 1 < sizeof value) n++;
    memcpy(value, p, n);
    value[n] = 0;
    return value;
}

/* An error-text function pair (SmtpGetErrorStringA/W, MimeGetErrorStringA/W): for every published code the
 * W text equals the A text, the length query and a too-small buffer follow the rule in UTF-16 units. */
typedef INT (SMTPAPI *ERRORTEXTA)(DWORD, LPSTR, INT);
typedef INT (SMTPAPI *ERRORTEXTW)(DWORD, LPWSTR, INT);
TESTUTIL_FN void check_error_strings(ERRORTEXTA fa, ERRORTEXTW fw)
{
    static const DWORD errors[] = {
#include "errors.inc"
    };
    char a[512];
    SMTPWCHAR w[512], small[4];
    size_t i;
    for (i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        INT na = fa(errors[i], a, (INT)sizeof a);
        INT nw = fw(errors[i], w, 512);
        CHECK(na > 0 && nw == (INT)wlen(w) && fw(errors[i], NULL, 0) == nw);
        CHECK_SAME_TEXT(w, a);
        CHECK_ERR(fw(errors[i], small, 4), SMTP_ERROR, ST_ERROR_BUFFER_TOO_SMALL);
        CHECK(wlen(small) == 3 && memcmp(small, w, 3 * sizeof(SMTPWCHAR)) == 0);
    }
}
#endif
