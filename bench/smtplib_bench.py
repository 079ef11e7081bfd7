"""Python smtplib benchmark client (run with /usr/bin/python3): one SMTP connection reused.

    smtplib_bench.py send|file|cold PORT FILE COUNT

send: the message bytes read once and passed to sendmail; file: read from the file for every
message (smtplib needs the whole message in memory); cold: one message, timed from outside.
Prints the same result line as the C clients."""
import smtplib
import sys
import time


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def main():
    mode, port, path, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    data = None if mode == "file" else open(path, "rb").read()
    size = len(data) if data is not None else len(open(path, "rb").read())
    client = smtplib.SMTP("127.0.0.1", port, local_hostname="bench.local")
    start = time.monotonic()
    for _ in range(count):
        message = data if data is not None else open(path, "rb").read()
        client.sendmail("bench@sender.test", ["sink@receiver.test"], message)
    elapsed = time.monotonic() - start
    client.quit()
    print(f"elapsed={elapsed:.6f} messages={count} bytes={size * count} rss_kib={rss_kib()}", flush=True)


main()
