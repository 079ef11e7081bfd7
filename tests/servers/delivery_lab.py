#!/usr/bin/python3
"""A small mail world on loopback for direct-delivery tests: a real DNS server (dnsmasq) serving MX
records for several .test domains, and real SMTP servers (aiosmtpd, capture_server.py) on
127.0.0.3, 127.0.0.4 and 127.0.0.5, all on one free port (127.0.0.2 listens on nothing: it refuses).

  delivery_lab.py [--ready-file F] [-- command args...]

With a command: runs it with LAB_DNS ("127.0.0.1:<port>"), LAB_SMTP_PORT and LAB_DIR in its
environment, stops everything, and exits with the command's status. Without one: writes those
three as KEY=VALUE lines to the ready file and serves until SIGTERM.

Domains (preference in brackets):
  multi.test    MX mx1 [10] -> 127.0.0.2 (refuses), mx2 [20] -> 127.0.0.3 (451 to every RCPT),
                mx3 [30] -> 127.0.0.4 (accepts)
  example.test  MX mx.example.test [10] -> 127.0.0.4 (accepts; local parts "reject*" get 550)
  nomx.test     no MX, A 127.0.0.5 (accepts): delivery falls back to the domain itself
  deadmx.test   MX -> 127.0.0.2 (refuses) although deadmx.test itself has A 127.0.0.5 (accepts):
                the domain's own address must not be used when MX records exist
  busy.test     MX -> 127.0.0.3 only (451): the recipient ends deferred
  tie.test      MX a.tie.test [10], b.tie.test [10], c.tie.test [20]: ties come in random order
  nullmx.test   null MX (RFC 7505)
  anything else under .test: NXDOMAIN; names outside .test: REFUSED
Messages received: $LAB_DIR/mx (127.0.0.4), $LAB_DIR/domain (127.0.0.5), $LAB_DIR/tempfail (127.0.0.3).
"""
import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

DNSMASQ_CONF = """port={port}
listen-address=127.0.0.1
bind-interfaces
no-resolv
no-hosts
user=root
local=/test/
mx-host=multi.test,mx1.multi.test,10
mx-host=multi.test,mx2.multi.test,20
mx-host=multi.test,mx3.multi.test,30
host-record=mx1.multi.test,127.0.0.2
host-record=mx2.multi.test,127.0.0.3
host-record=mx3.multi.test,127.0.0.4
mx-host=example.test,mx.example.test,10
host-record=mx.example.test,127.0.0.4
host-record=nomx.test,127.0.0.5
mx-host=deadmx.test,mx.deadmx.test,10
host-record=mx.deadmx.test,127.0.0.2
host-record=deadmx.test,127.0.0.5
mx-host=busy.test,mx.busy.test,10
host-record=mx.busy.test,127.0.0.3
mx-host=tie.test,a.tie.test,10
mx-host=tie.test,b.tie.test,10
mx-host=tie.test,c.tie.test,20
mx-host=nullmx.test,.,0
"""

SERVERS = [("127.0.0.3", "tempfail", ["--tempfail"]), ("127.0.0.4", "mx", []), ("127.0.0.5", "domain", [])]


def unblock_signals():
    """Children start with the default signal mask (this process blocks SIGTERM to sigwait for it)."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])


def free_port(addresses, kinds=(socket.SOCK_STREAM,)):
    """A port free on every address given (for every socket kind)."""
    for _ in range(200):
        probe = socket.socket()
        probe.bind((addresses[0], 0))
        port = probe.getsockname()[1]
        probe.close()
        try:
            for a in addresses:
                for k in kinds:
                    s = socket.socket(socket.AF_INET, k)
                    s.bind((a, port))
                    s.close()
            return port
        except OSError:
            continue
    raise RuntimeError("no free port")


def wait_tcp(host, port, proc, what):
    for _ in range(400):
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            socket.create_connection((host, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.025)
    raise RuntimeError(f"{what} did not start")


def wait_file(path, proc, what):
    for _ in range(400):
        if os.path.exists(path):
            return
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        time.sleep(0.025)
    raise RuntimeError(f"{what} did not start")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ready-file")
    p.add_argument("command", nargs=argparse.REMAINDER)
    a = p.parse_args()
    command = a.command[1:] if a.command[:1] == ["--"] else a.command

    lab = tempfile.mkdtemp(prefix="smtpnative-lab-")
    dns_port = free_port(["127.0.0.1"], (socket.SOCK_STREAM, socket.SOCK_DGRAM))
    smtp_port = free_port(["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"])
    conf = os.path.join(lab, "dnsmasq.conf")
    with open(conf, "w") as f:
        f.write(DNSMASQ_CONF.format(port=dns_port))

    procs = []
    try:
        dns = subprocess.Popen(["dnsmasq", "--conf-file=" + conf, "--keep-in-foreground", "--pid-file="],
                               stdin=subprocess.DEVNULL, preexec_fn=unblock_signals)
        procs.append(dns)
        for host, name, extra in SERVERS:
            d = os.path.join(lab, name)
            os.makedirs(d)
            ready = os.path.join(d, ".ready")
            proc = subprocess.Popen(["/usr/bin/python3", os.path.join(HERE, "capture_server.py"), "--host", host,
                                     "--port", str(smtp_port), "--dir", d, "--ready-file", ready] + extra,
                                    stdin=subprocess.DEVNULL, preexec_fn=unblock_signals)
            procs.append(proc)
            wait_file(ready, proc, f"aiosmtpd on {host}")
        wait_tcp("127.0.0.1", dns_port, dns, "dnsmasq")

        env = dict(os.environ, LAB_DNS=f"127.0.0.1:{dns_port}", LAB_SMTP_PORT=str(smtp_port), LAB_DIR=lab)
        if command:
            return subprocess.call(command, env=env, preexec_fn=unblock_signals)
        with open(a.ready_file + ".tmp", "w") as f:
            f.write(f"LAB_DNS=127.0.0.1:{dns_port}\nLAB_SMTP_PORT={smtp_port}\nLAB_DIR={lab}\n")
        os.rename(a.ready_file + ".tmp", a.ready_file)
        signal.sigwait([signal.SIGTERM, signal.SIGINT])
        return 0
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM, signal.SIGINT])
    sys.exit(main())
