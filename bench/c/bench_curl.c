/* libcurl benchmark client: one easy handle reused for every message (libcurl keeps the connection).
 *   bench_curl send PORT FILE COUNT    messages from memory through a read callback
 *   bench_curl file PORT FILE COUNT    messages read from the file through a read callback
 *   bench_curl cold PORT FILE 1        one message, whole process timed from outside */
#include "benchutil.h"
#include <curl/curl.h>

struct source { const char *data; size_t size, pos; FILE *file; };

static size_t read_cb(char *buffer, size_t size, size_t nitems, void *userdata)
{
    struct source *s = (struct source *)userdata;
    size_t room = size * nitems, n;
    if (s->file) return fread(buffer, 1, room, s->file);
    n = s->size - s->pos < room ? s->size - s->pos : room;
    memcpy(buffer, s->data + s->pos, n);
    s->pos += n;
    return n;
}

int main(int argc, char **argv)
{
    char url[64];
    long i, count;
    int file;
    size_t size;
    char *data = NULL;
    double start;
    struct source src;
    struct curl_slist *rcpt = NULL;
    CURL *curl;
    if (argc < 5) { fprintf(stderr, "usage: %s MODE PORT FILE COUNT\n", argv[0]); return 2; }
    file = strcmp(argv[1], "file") == 0;
    count = atol(argv[4]);
    if (!file) data = read_file(argv[3], &size);
    else { FILE *f = fopen(argv[3], "rb"); fseek(f, 0, SEEK_END); size = (size_t)ftell(f); fclose(f); }
    snprintf(url, sizeof url, "smtp://127.0.0.1:%s/bench.local", argv[2]);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    curl = curl_easy_init();
    rcpt = curl_slist_append(rcpt, "<sink@receiver.test>");
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, "<bench@sender.test>");
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(curl, CURLOPT_READDATA, &src);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)size);
    curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
    start = now_seconds();
    for (i = 0; i < count; i++) {
        CURLcode rc;
        memset(&src, 0, sizeof src);
        src.data = data; src.size = size;
        if (file) src.file = fopen(argv[3], "rb");
        rc = curl_easy_perform(curl);
        if (src.file) fclose(src.file);
        if (rc != CURLE_OK) { fprintf(stderr, "curl: %s\n", curl_easy_strerror(rc)); return 1; }
    }
    report(now_seconds() - start, count, (double)size * (double)count);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    curl_global_cleanup();
    return 0;
}
