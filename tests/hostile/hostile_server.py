#!/usr/bin/python3
"""A scripted SMTP server for hostile and broken behaviour no real server produces.

  hostile_server.py --case FILE --ready-file F --result FILE [--done-file F]

Listens on a free 127.0.0.1 port, writes the port to --ready-file (atomically), then plays the
server lines of the case file against each connection the client makes. When the client side is
finished the harness creates --done-file; the server then writes --result and exits:

  failure <text>        one line per thing the client did wrong (none = the case passed)
  connections <n>       connections accepted
  message <hex>         each message received with expect-data (dot-unstuffed), hex encoded
and <result>.<n>.bin holds every byte connection n received from the client (the transcript).

Case file lines (see tests/hostile/README.md): '#' comments, 'client ...' lines (the harness's,
ignored here), and server directives. Text arguments take escapes: \\r \\n \\t \\0 \\s (space)
\\\\, \\xHH, and \\*N (the byte before, N more times).
"""
import argparse
import fnmatch
import os
import re
import select
import socket
import ssl
import struct
import sys
import time

LINE_LIMIT = 1 << 20      # longest client line the server reads for 'expect'
WAIT = 10.0               # how long the server waits for the client at most, per step


def unescape(text):
    out = bytearray()
    i = 0
    raw = text.encode("utf-8")
    while i < len(raw):
        c = raw[i]
        if c == 0x5C and i + 1 < len(raw):
            n = chr(raw[i + 1])
            i += 2
            if n == "x":
                out.append(int(raw[i:i + 2], 16))
                i += 2
            elif n == "*":
                # \*N: the byte before, N more times
                digits = re.match(rb"[0-9]+", raw[i:]).group(0)
                out += out[-1:] * int(digits)
                i += len(digits)
            else:
                out += {"r": b"\r", "n": b"\n", "t": b"\t", "0": b"\0", "s": b" ", "\\": b"\\"}[n]
            continue
        out.append(c)
        i += 1
    return bytes(out)


def parse(path):
    """The server directives of the case, split into one script per expected connection."""
    scripts, current, no_connection = [], [], False
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#") or line.startswith("client"):
                continue
            verb, _, arg = line.partition(" ")
            if verb == "no-connection":
                no_connection = True
            elif verb == "accept":
                scripts.append(current)
                current = []
            else:
                current.append((verb, arg))
    if current or not scripts:
        scripts.append(current)
    return ([] if no_connection else scripts)


class ClientGone(Exception):
    pass


class Connection:
    def __init__(self, sock, failures):
        self.sock = sock
        self.failures = failures
        self.buffer = b""
        self.received = bytearray()
        self.messages = []
        self.eof = False
        self.handshake_error = ""

    def fail(self, text):
        self.failures.append(text)

    def send(self, data):
        try:
            self.sock.sendall(data)
        except OSError:
            raise ClientGone()

    def fill(self, timeout):
        if self.eof:
            return False
        pending = isinstance(self.sock, ssl.SSLSocket) and self.sock.pending() > 0
        r, _, _ = ([self.sock], None, None) if pending else select.select([self.sock], [], [], timeout)
        if not r:
            return None
        try:
            data = self.sock.recv(65536)
        except ssl.SSLWantReadError:
            return None
        except OSError:
            data = b""
        if not data:
            self.eof = True
            return False
        self.buffer += data
        self.received += data
        return True

    def read_line(self, timeout=WAIT):
        """One CRLF line (without CRLF); None on EOF or timeout (recorded as failures by the caller)."""
        deadline = time.monotonic() + timeout
        while b"\r\n" not in self.buffer:
            if len(self.buffer) > LINE_LIMIT:
                return None
            left = deadline - time.monotonic()
            if left <= 0 or not self.fill(left):
                return None
        line, _, self.buffer = self.buffer.partition(b"\r\n")
        return line

    def read_data(self):
        """DATA content up to CRLF.CRLF, checked strictly: a strict server sees exactly canonical lines."""
        deadline = time.monotonic() + WAIT
        while True:
            end = self.buffer.find(b"\r\n.\r\n")
            if end >= 0 or self.buffer.startswith(b".\r\n"):
                break
            left = deadline - time.monotonic()
            if left <= 0 or not self.fill(left):
                self.fail("the client did not end the message data with CRLF.CRLF")
                return None
        if self.buffer.startswith(b".\r\n"):
            data, self.buffer = b"", self.buffer[3:]
        else:
            data, self.buffer = self.buffer[:end + 2], self.buffer[end + 5:]
        for i, b in enumerate(data):
            if b == 0x0D and data[i + 1:i + 2] != b"\n":
                self.fail("bare CR in message data at offset %d" % i)
                break
            if b == 0x0A and (i == 0 or data[i - 1] != 0x0D):
                self.fail("bare LF in message data at offset %d" % i)
                break
            if b == 0:
                self.fail("NUL in message data at offset %d" % i)
                break
        lines = [l[1:] if l.startswith(b".") else l for l in data.split(b"\r\n")]
        for n, line in enumerate(lines[:-1]):
            if len(line) > 998:   # the dot added for transparency does not count (RFC 5321 4.5.3.1.6)
                self.fail("message line %d is %d octets long" % (n + 1, len(line)))
                break
        unstuffed = b"\r\n".join(lines)
        self.messages.append(unstuffed)
        return unstuffed

    def start_tls(self, cert):
        """Server side of the TLS handshake after '220' to STARTTLS. True when it completed."""
        if self.buffer:
            self.fail("the client sent %r after STARTTLS, before the TLS handshake" % bytes(self.buffer[:100]))
            self.buffer = b""
        certs = os.environ.get("SMTPNATIVE_TEST_CERTS")
        if not certs:
            raise ValueError("SMTPNATIVE_TEST_CERTS is not set (tests/servers/make_test_certs.sh makes it)")
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(os.path.join(certs, cert + ".pem"), os.path.join(certs, cert + ".key"))
        self.sock.settimeout(WAIT)
        raw = self.sock.dup()   # survives a failed handshake, to see what the client does next
        try:
            self.sock = context.wrap_socket(self.sock, server_side=True)
            raw.close()
            return True
        except (ssl.SSLError, OSError) as e:
            self.handshake_error = str(e)
            self.sock = raw
            return False

    def wait_close(self, what):
        """Reads until the client closes; anything it sends is a failure described by 'what'."""
        deadline = time.monotonic() + WAIT
        while not self.eof:
            left = deadline - time.monotonic()
            if left <= 0:
                self.fail("the client did not close the connection")
                return
            self.fill(left)
        if self.buffer and what:
            self.fail("%s: %r" % (what, bytes(self.buffer[:200])))
        self.buffer = b""


def play(conn, script):
    for verb, arg in script:
        if verb == "send":
            conn.send(unescape(arg) + b"\r\n")
        elif verb == "sendraw":
            conn.send(unescape(arg))
        elif verb == "drip":
            # one byte per write, each its own TCP segment
            for b in unescape(arg) + b"\r\n":
                conn.send(bytes([b]))
                time.sleep(0.001)
        elif verb == "slow":
            ms, _, text = arg.partition(" ")
            for b in unescape(text) + b"\r\n":
                conn.send(bytes([b]))
                time.sleep(int(ms) / 1000.0)
        elif verb == "split":
            at, _, text = arg.partition(" ")
            data = unescape(text) + b"\r\n"
            conn.send(data[:int(at)])
            time.sleep(0.005)
            conn.send(data[int(at):])
        elif verb == "flood":
            count, _, text = arg.partition(" ")
            line = unescape(text) + b"\r\n"
            if count == "forever":
                deadline = time.monotonic() + WAIT
                chunk = line * max(1, 65536 // len(line))
                while time.monotonic() < deadline:
                    conn.send(chunk)
            else:
                conn.send(line * int(count))
        elif verb == "bigline":
            size, _, prefix = arg.partition(" ")
            conn.send(unescape(prefix) + b"x" * int(size) + b"\r\n")
        elif verb == "biglines":
            count, size, prefix = arg.split(" ", 2)
            conn.send((unescape(prefix) + b"x" * int(size) + b"\r\n") * int(count))
        elif verb == "pause-ms":
            time.sleep(int(arg) / 1000.0)
        elif verb == "expect":
            line = conn.read_line()
            if line is None:
                conn.fail("expected '%s', the client sent nothing more (closed or silent)" % arg)
                raise ClientGone()
            text = line.decode("utf-8", "replace")
            if not fnmatch.fnmatchcase(text, arg):
                conn.fail("expected '%s', the client sent %r" % (arg, line[:200]))
                raise ClientGone()
        elif verb == "expect-data":
            data = conn.read_data()
            if data is not None and arg and data != unescape(arg):
                conn.fail("message data %r, expected %r" % (data[:300], unescape(arg)[:300]))
        elif verb == "starttls":
            # TLS with certs/<name>.pem (default: server, valid for 127.0.0.1 and trusted by the test CA)
            if not conn.start_tls(arg or "server"):
                conn.fail("TLS handshake failed: " + conn.handshake_error)
                raise ClientGone()
        elif verb == "starttls-refused":
            # TLS with a certificate the client must refuse. The TLS layer may still complete (a client
            # can check the certificate after the handshake); either way the client sends nothing more.
            if conn.start_tls(arg):
                try:
                    conn.wait_close("the client used TLS with the refused '%s' certificate" % arg)
                except ssl.SSLError:
                    pass
                return
            conn.wait_close(None)
            for command in (b"MAIL FROM", b"RCPT TO", b"AUTH ", b"DATA\r\n", b"EHLO"):
                if command in conn.received[conn.received.rfind(b"STARTTLS"):]:
                    conn.fail("the client sent %r in plaintext after the TLS handshake failed" % command)
        elif verb == "auth-loop":
            # challenge after challenge; the client must give up with "*" (answered 501) within 100
            for _ in range(100):
                conn.send(b"334 " + unescape(arg) + b"\r\n")
                line = conn.read_line()
                if line is None:
                    conn.fail("the client stopped answering challenges without canceling")
                    raise ClientGone()
                if line == b"*":
                    conn.send(b"501 5.7.0 authentication canceled\r\n")
                    break
            else:
                conn.fail("the client answered 100 challenges and never canceled")
                raise ClientGone()
        elif verb == "expect-closed":
            conn.wait_close("the client sent more after it should have stopped")
        elif verb == "expect-end":
            # the client may say QUIT (answered 221); anything else is a failure
            line = conn.read_line()
            if line is not None:
                if line.upper() != b"QUIT":
                    conn.fail("expected QUIT or close, the client sent %r" % line[:200])
                else:
                    conn.send(b"221 bye\r\n")
            conn.wait_close("the client sent more after QUIT")
        elif verb == "hang":
            conn.wait_close(None)
        elif verb == "close":
            conn.sock.shutdown(socket.SHUT_RDWR)
            conn.wait_close(None)
            return
        elif verb == "reset":
            conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return
        else:
            raise ValueError("unknown directive: " + verb)
    conn.wait_close(None)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--case", required=True)
    p.add_argument("--ready-file", required=True)
    p.add_argument("--result", required=True)
    p.add_argument("--done-file")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--max-seconds", type=float, default=120)
    a = p.parse_args()
    scripts = parse(a.case)
    done_file = a.done_file or a.result + ".done"

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind((a.host, 0))
    listener.listen(16)
    with open(a.ready_file + ".tmp", "w") as f:
        f.write(str(listener.getsockname()[1]))
    os.rename(a.ready_file + ".tmp", a.ready_file)

    failures, transcripts, messages = [], [], []
    give_up = time.monotonic() + a.max_seconds
    while not os.path.exists(done_file) and time.monotonic() < give_up:
        r, _, _ = select.select([listener], [], [], 0.02)
        if not r:
            continue
        sock, _ = listener.accept()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        n = len(transcripts)
        conn = Connection(sock, failures)
        if n < len(scripts):
            try:
                play(conn, scripts[n])
            except ClientGone:
                pass
        else:
            failures.append("unexpected connection %d" % (n + 1))
            conn.wait_close(None)
        transcripts.append(bytes(conn.received))
        messages += conn.messages
        sock.close()
    if len(transcripts) < len(scripts):
        failures.append("expected %d connection(s), the client made %d" % (len(scripts), len(transcripts)))

    for n, t in enumerate(transcripts):
        with open("%s.%d.bin" % (a.result, n + 1), "wb") as f:
            f.write(t)
    with open(a.result + ".tmp", "w") as f:
        for text in failures:
            f.write("failure " + text.replace("\n", "\\n") + "\n")
        f.write("connections %d\n" % len(transcripts))
        for m in messages:
            f.write("message " + m.hex() + "\n")
    os.rename(a.result + ".tmp", a.result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
