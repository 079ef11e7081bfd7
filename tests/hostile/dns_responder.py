#!/usr/bin/env python3
"""A scripted DNS responder for answers no real name server gives (spec §8): truncated answers,
wrong transaction IDs, answers for another question, huge answers, compression pointer loops,
malformed packets, silence. It serves every case of tests/hostile/dns_cases/ at once on one UDP and
one TCP socket (127.0.0.1, a free port): a question for <case>.hostile.test plays <case>.dnscase.

  dns_responder.py --cases DIR --ready-file FILE    (FILE gets the port once both sockets listen)

Case lines (format in tests/hostile/README.md, "DNS cases"):
  mx PREF NAME              an MX record in the answer (NAME "." is a null MX)
  mx-many N PREF PREFIX     N records PREFIX<i>.hostile.test, all of preference PREF
  udp MODE / tcp MODE       how each transport answers (default: answer)
MODE: answer, tc (TC bit, no records), servfail, refused, nxdomain, wrong-id, wrong-question,
pointer-loop, garbage, silent, close (TCP: close without a reply), short-length (TCP: the length
prefix promises 65535 bytes, fewer come, then close).
"""
import argparse
import os
import socket
import struct
import sys
import threading

SUFFIX = ".hostile.test"


def load_cases(directory):
    cases = {}
    for file in sorted(os.listdir(directory)):
        if not file.endswith(".dnscase"):
            continue
        case = {"mx": [], "udp": "answer", "tcp": "answer"}
        with open(os.path.join(directory, file), encoding="utf-8") as f:
            for raw in f:
                words = raw.split()
                if not words or words[0].startswith("#") or words[0] == "client":
                    continue
                if words[0] == "mx":
                    case["mx"].append((int(words[1]), words[2]))
                elif words[0] == "mx-many":
                    case["mx"] += [(int(words[2]), f"{words[3]}{i}{SUFFIX}") for i in range(int(words[1]))]
                elif words[0] in ("udp", "tcp"):
                    case[words[0]] = words[1]
                else:
                    raise SystemExit(f"{file}: unknown line {raw.strip()!r}")
        cases[file[: -len(".dnscase")].lower()] = case
    return cases


def encode_name(name):
    if name in (".", ""):
        return b"\0"
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def parse_question(packet):
    """(id, flags, qname, qtype, end of question) of a query; None when it is not one."""
    if len(packet) < 12:
        return None
    qid, flags, qd = struct.unpack(">HHH", packet[:6])
    if qd < 1:
        return None
    pos, labels = 12, []
    while pos < len(packet) and packet[pos] != 0:
        n = packet[pos]
        labels.append(packet[pos + 1: pos + 1 + n].decode("ascii", "replace"))
        pos += 1 + n
    pos += 1
    if pos + 4 > len(packet):
        return None
    qtype = struct.unpack(">H", packet[pos: pos + 2])[0]
    return qid, flags, ".".join(labels), qtype, pos + 4


def header(qid, rcode=0, tc=False, ancount=0):
    flags = 0x8000 | 0x0400 | 0x0100 | 0x0080 | rcode | (0x0200 if tc else 0)
    return struct.pack(">HHHHHH", qid, flags, 1, ancount, 0, 0)


def reply(packet, case, mode):
    """The bytes to send for one query, or None for silence / close."""
    q = parse_question(packet)
    if q is None:
        return None
    qid, _, qname, qtype, end = q
    question = packet[12:end]
    if case is None:
        return header(qid, rcode=3) + question
    if mode in ("silent", "close"):
        return None
    if mode == "garbage":
        return struct.pack(">H", qid) + b"\x81\x80\xff\xff\x00\x07" + b"\xde\xad"
    if mode in ("servfail", "refused", "nxdomain"):
        return header(qid, rcode={"servfail": 2, "refused": 5, "nxdomain": 3}[mode]) + question
    if mode == "tc":
        return header(qid, tc=True) + question
    if mode == "wrong-id":
        return records(header((qid + 1) & 0xFFFF, ancount=len(case["mx"])), question, case["mx"], qtype)
    if mode == "wrong-question":
        other = encode_name("other" + SUFFIX) + question[-4:]
        return records(header(qid, ancount=len(case["mx"])), other, case["mx"], qtype)
    if mode == "pointer-loop":
        # one MX whose exchanger is a compression pointer to itself: a reader that follows it loops
        pos = 12 + len(question) + 12 + 2
        rdata = struct.pack(">H", 10) + struct.pack(">H", 0xC000 | pos)
        rr = b"\xc0\x0c" + struct.pack(">HHIH", 15, 1, 60, len(rdata)) + rdata
        return header(qid, ancount=1) + question + rr
    return records(header(qid, ancount=len(case["mx"]) if qtype == 15 else 0), question, case["mx"], qtype)


def records(head, question, mx, qtype):
    if qtype != 15:
        return head + question
    out = bytearray(head + question)
    for pref, name in mx:
        rdata = struct.pack(">H", pref) + encode_name(name)
        out += b"\xc0\x0c" + struct.pack(">HHIH", 15, 1, 60, len(rdata)) + rdata
    return bytes(out)


def case_of(cases, packet):
    q = parse_question(packet)
    if q is None:
        return None
    name = q[2].lower()
    return cases.get(name[: -len(SUFFIX)]) if name.endswith(SUFFIX) else None


def serve_udp(sock, cases):
    while True:
        packet, peer = sock.recvfrom(4096)
        case = case_of(cases, packet)
        data = reply(packet, case, case["udp"] if case else "answer")
        if data is not None:
            sock.sendto(data, peer)


def recv_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def serve_tcp_client(conn, cases):
    with conn:
        conn.settimeout(15)
        try:
            while True:
                size = recv_exact(conn, 2)
                if size is None:
                    return
                packet = recv_exact(conn, struct.unpack(">H", size)[0])
                if packet is None:
                    return
                case = case_of(cases, packet)
                mode = case["tcp"] if case else "answer"
                if mode == "short-length":
                    conn.sendall(b"\xff\xff" + (reply(packet, case, "answer") or b"")[:100])
                    return
                data = reply(packet, case, mode)
                if data is None:
                    if mode == "close":
                        return
                    conn.recv(1)  # silent: until the client gives up
                    return
                conn.sendall(struct.pack(">H", min(len(data), 0xFFFF)) + data[:0xFFFF])
        except OSError:
            return


def serve_tcp(sock, cases):
    while True:
        conn, _ = sock.accept()
        threading.Thread(target=serve_tcp_client, args=(conn, cases), daemon=True).start()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", required=True)
    parser.add_argument("--ready-file", required=True)
    args = parser.parse_args()
    cases = load_cases(args.cases)
    # one port for both transports: bind UDP to a free port, then TCP to the same one (retry on clash)
    for _ in range(50):
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.bind(("127.0.0.1", 0))
        port = udp.getsockname()[1]
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            tcp.bind(("127.0.0.1", port))
            break
        except OSError:
            udp.close()
            tcp.close()
    else:
        raise SystemExit("no free port for UDP and TCP")
    tcp.listen(16)
    threading.Thread(target=serve_tcp, args=(tcp, cases), daemon=True).start()
    tmp = args.ready_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(f"{port}\n")
    os.rename(tmp, args.ready_file)
    serve_udp(udp, cases)


if __name__ == "__main__":
    sys.exit(main())
