#!/usr/bin/python3
"""A scripted SMTP server that drops the FIRST connection at one stage and serves every later
connection normally (so a test can check the clean error and then a usable next connection).
No real server drops on purpose; this one does nothing else.

  drop_server.py --port P --stage {greeting,ehlo,mail,rcpt,data,dot,hang} [--ready-file F] [--dir D]

greeting: close right after accepting; ehlo: after the greeting, on EHLO; mail / rcpt / data: when
that command arrives (no reply); dot: after the whole message arrived, before the final reply;
hang: MAIL FROM is never answered (the connection stays open until the client closes it).
Messages accepted on later connections are written to D/<n>.eml when --dir is given.
"""
import argparse
import os
import socket
import threading

STAGES = ["greeting", "ehlo", "mail", "rcpt", "data", "dot", "hang"]


def serve(conn, drop_at, directory, counter):
    f = conn.makefile("rb")
    send = lambda line: conn.sendall(line.encode() + b"\r\n")
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
                    data += l
                if drop_at == "dot":
                    return
                if directory:
                    counter[0] += 1
                    with open(os.path.join(directory, "%d.eml" % counter[0]), "wb") as out:
                        out.write(data)
                send("250 2.0.0 Ok: queued")
            elif verb == "QUIT":
                send("221 2.0.0 Bye")
                return
            elif verb in ("RSET", "NOOP"):
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
        threading.Thread(target=serve, args=(conn, a.stage if first else None, a.dir, counter), daemon=True).start()
        first = False


if __name__ == "__main__":
    main()
