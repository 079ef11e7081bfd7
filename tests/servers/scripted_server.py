#!/usr/bin/python3
"""A scripted SMTP server for what no real server available here does: it drops the FIRST
connection at one stage and serves every later connection normally (so a test can check the clean
error and then a usable next connection); or, with --chunking, it offers CHUNKING and takes BDAT
(RFC 3030), which neither aiosmtpd, SmtpServer nor smtp-sink implement.

  scripted_server.py --port P --stage {none,greeting,ehlo,mail,rcpt,data,dot,hang} [--chunking]
                     [--max-size N] [--ready-file F] [--dir D]

greeting: close right after accepting; ehlo: after the greeting, on EHLO; mail / rcpt / data: when
that command arrives (no reply); dot: after the whole message arrived, before the final reply;
hang: MAIL FROM is never answered (the connection stays open until the client closes it).
Messages accepted on later connections are written to D/<n>.eml when --dir is given (with --stage
none every connection is served). --max-size: a BDAT chunk that takes a message past N bytes gets
"552 5.3.4 Message too big" and the transaction ends.
"""
import argparse
import os
import socket
import threading

STAGES = ["none", "greeting", "ehlo", "mail", "rcpt", "data", "dot", "hang"]


def serve(conn, drop_at, directory, counter, chunking=False, max_size=0):
    f = conn.makefile("rb")
    send = lambda line: conn.sendall(line.encode() + b"\r\n")
    bdat = []
    try:
        if drop_at == "greeting":
            return
        send("220 drop.test ESMTP scripted")
        while True:
            line = f.readline()
            if not line:
                return
            verb = line.strip().split(b" ")[0].split(b":")[0].upper().decode(errors="replace")
            if verb == "EHLO":
                if drop_at == "ehlo":
                    return
                send("250-drop.test")
                send("250-PIPELINING")
                if chunking:
                    send("250-CHUNKING")
                send("250 8BITMIME")
            elif verb == "HELO":
                send("250 drop.test")
            elif verb == "MAIL":
                if drop_at == "mail":
                    return
                if drop_at == "hang":
                    f.read()  # never answer; wait until the client gives up and closes
                    return
                send("250 2.1.0 Ok")
            elif verb == "RCPT":
                if drop_at == "rcpt":
                    return
                send("250 2.1.5 Ok")
            elif verb == "DATA":
                if drop_at == "data":
                    return
                send("354 End data with <CR><LF>.<CR><LF>")
                data = b""
                while True:
                    l = f.readline()
                    if not l:
                        return
                    if l == b".\r\n":
                        break
                    data += l[1:] if l.startswith(b".") else l
                if drop_at == "dot":
                    return
                if directory:
                    counter[0] += 1
                    with open(os.path.join(directory, "%d.eml" % counter[0]), "wb") as out:
                        out.write(data)
                send("250 2.0.0 Ok: queued")
            elif verb == "BDAT" and chunking:
                parts = line.split()
                size = int(parts[1])
                chunk = f.read(size)
                if len(chunk) < size:
                    return
                bdat.append(chunk)
                if max_size and sum(len(c) for c in bdat) > max_size:
                    bdat.clear()
                    send("552 5.3.4 Message too big")
                elif len(parts) > 2 and parts[2].upper() == b"LAST":
                    if directory:
                        counter[0] += 1
                        with open(os.path.join(directory, "%d.eml" % counter[0]), "wb") as out:
                            out.write(b"".join(bdat))
                    bdat.clear()
                    send("250 2.0.0 Ok: queued")
                else:
                    send("250 2.0.0 %d octets received" % size)
            elif verb == "QUIT":
                send("221 2.0.0 Bye")
                return
            elif verb in ("RSET", "NOOP"):
                bdat.clear()
                send("250 2.0.0 Ok")
            else:
                send("502 5.5.2 Command not recognized")
    finally:
        conn.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--stage", choices=STAGES, required=True)
    p.add_argument("--ready-file")
    p.add_argument("--dir")
    p.add_argument("--chunking", action="store_true")
    p.add_argument("--max-size", type=int, default=0)
    a = p.parse_args()
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((a.host, a.port))
    s.listen(16)
    if a.ready_file:
        with open(a.ready_file, "w") as f:
            f.write(str(os.getpid()))
    first = True
    counter = [0]
    while True:
        conn, _ = s.accept()
        threading.Thread(target=serve, args=(conn, a.stage if first else None, a.dir, counter, a.chunking, a.max_size), daemon=True).start()
        first = False


if __name__ == "__main__":
    main()
