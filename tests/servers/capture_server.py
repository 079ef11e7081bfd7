#!/usr/bin/python3
"""aiosmtpd (a real, independent SMTP server) that stores every message it accepts.

Each accepted message becomes <dir>/<n>.eml (the DATA bytes exactly as aiosmtpd received them,
dot-unstuffed) and <dir>/<n>.env (MAIL FROM, then one RCPT per line). Used by the C tests, the
samples, the xunit tests and the ./build.sh demo.

  capture_server.py --port P --dir D [--host H] [--reject-prefix reject] [--helo-only]
                    [--ready-file F]

--reject-prefix: RCPT TO addresses whose local part starts with it get "550 5.1.1 No such user".
--helo-only: EHLO gets "502 Command not implemented", so clients must fall back to HELO.
--ready-file: written once the server is listening (so callers need no sleep).
"""
import argparse
import asyncio
import os
import signal
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP


class CaptureHandler:
    def __init__(self, directory, reject_prefix):
        self.directory = directory
        self.reject_prefix = reject_prefix
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_prefix and address.lower().startswith(self.reject_prefix):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.directory, str(self.count))
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".env", "w", encoding="utf-8") as f:
            f.write("MAIL " + (envelope.mail_from or "") + "\n")
            for option in envelope.mail_options:
                f.write("MAILOPT " + option + "\n")
            for r in envelope.rcpt_tos:
                f.write("RCPT " + r + "\n")
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 2.0.0 Message accepted for delivery"


class HeloOnlySMTP(SMTP):
    async def smtp_EHLO(self, hostname):
        await self.push("502 5.5.1 Command not implemented")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--reject-prefix", default="reject")
    p.add_argument("--helo-only", action="store_true")
    p.add_argument("--ready-file")
    a = p.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    handler = CaptureHandler(a.dir, a.reject_prefix)

    class Ctl(Controller):
        def factory(self):
            cls = HeloOnlySMTP if a.helo_only else SMTP
            return cls(self.handler, enable_SMTPUTF8=True, decode_data=False, hostname="capture.test")

    ctl = Ctl(handler, hostname=a.host, port=a.port)
    ctl.start()
    if a.ready_file:
        with open(a.ready_file, "w") as f:
            f.write(str(os.getpid()))
    signal.sigwait([signal.SIGTERM, signal.SIGINT])
    ctl.stop()
    return 0


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM, signal.SIGINT])
    sys.exit(main())
