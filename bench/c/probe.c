/* The ceiling: the least a legal SMTP client can do. RFC 2920 pipelining across messages, one round
 * trip per message: the message data (already canonical, sent as is, no scanning), the final dot and
 * the next MAIL/RCPT/DATA go in one writev; then it reads the replies to them.
 *   probe PORT FILE COUNT */
#include "benchutil.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static int g_fd;
static char g_in[65536];
static size_t g_len;

/* Reads until `replies` complete replies arrived ("ddd " lines); exits on any non-2xx/3xx. */
static void read_replies(int replies)
{
    while (replies > 0) {
        char *nl;
        while ((nl = memchr(g_in, '\n', g_len)) != NULL) {
            size_t line = (size_t)(nl - g_in) + 1;
            if (line >= 4 && g_in[3] == ' ') {
                if (g_in[0] != '2' && g_in[0] != '3') { fprintf(stderr, "probe: %.*s", (int)line, g_in); exit(1); }
                replies--;
            }
            memmove(g_in, g_in + line, g_len - line);
            g_len -= line;
            if (replies == 0) return;
        }
        ssize_t n = read(g_fd, g_in + g_len, sizeof g_in - g_len);
        if (n <= 0) { perror("probe read"); exit(1); }
        g_len += (size_t)n;
    }
}

static void write_all(struct iovec *iov, int count)
{
    while (count > 0) {
        ssize_t n = writev(g_fd, iov, count);
        if (n < 0) { perror("probe write"); exit(1); }
        while (count > 0 && (size_t)n >= iov->iov_len) { n -= (ssize_t)iov->iov_len; iov++; count--; }
        if (count > 0) { iov->iov_base = (char *)iov->iov_base + n; iov->iov_len -= (size_t)n; }
    }
}

int main(int argc, char **argv)
{
    static const char envelope[] = "MAIL FROM:<bench@sender.test>\r\nRCPT TO:<sink@receiver.test>\r\nDATA\r\n";
    static const char dot_envelope[] = ".\r\nMAIL FROM:<bench@sender.test>\r\nRCPT TO:<sink@receiver.test>\r\nDATA\r\n";
    static const char dot_quit[] = ".\r\nQUIT\r\n";
    static const char ehlo[] = "EHLO bench.local\r\n";
    struct sockaddr_in addr;
    struct iovec iov[2];
    size_t size;
    char *data;
    long i, count;
    int one = 1;
    double start;
    if (argc < 4) { fprintf(stderr, "usage: %s PORT FILE COUNT\n", argv[0]); return 2; }
    data = read_file(argv[2], &size);
    count = atol(argv[3]);
    g_fd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(g_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(argv[1]));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(g_fd, (struct sockaddr *)&addr, sizeof addr) != 0) { perror("probe connect"); return 1; }
    read_replies(1);
    iov[0].iov_base = (void *)ehlo; iov[0].iov_len = sizeof ehlo - 1;
    write_all(iov, 1);
    read_replies(1);

    start = now_seconds();
    iov[0].iov_base = (void *)envelope; iov[0].iov_len = sizeof envelope - 1;
    write_all(iov, 1);
    read_replies(3);
    for (i = 0; i < count; i++) {
        int last = i == count - 1;
        iov[0].iov_base = data; iov[0].iov_len = size;
        iov[1].iov_base = (void *)(last ? dot_quit : dot_envelope);
        iov[1].iov_len = last ? sizeof dot_quit - 1 : sizeof dot_envelope - 1;
        write_all(iov, 2);
        read_replies(last ? 2 : 4);
    }
    report(now_seconds() - start, count, (double)size * (double)count);
    close(g_fd);
    return 0;
}
