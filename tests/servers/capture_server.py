#!/usr/bin/python3
"""aiosmtpd (a real, independent SMTP server) that stores every message it accepts.

Each accepted message becomes <dir>/<n>.eml (the DATA bytes exactly as aiosmtpd received them,
dot-unstuffed) and <dir>/<n>.env (MAIL FROM, then one RCPT per line). Used by the C tests, the
samples, the xunit tests and the ./build.sh demo.

  capture_server.py --port P --dir D [--host H] [--reject-prefix reject] [--helo-only]
                    [--ready-file F] [--tls-cert C --tls-key K [--implicit-tls]] [--starttls-inject]
                    [--auth USER:PASSWORD [--auth-require-tls] [--auth-mechs LIST]]
                    [--scram-bad-signature] [--scram-no-signature] [--cram-malformed-challenge] [--starttls-refuse]
                    [--starttls-stall]
                    [--client-ca CA]

--reject-prefix: RCPT TO addresses whose local part starts with it get "550 5.1.1 No such user".
--tempfail: every RCPT TO gets "451 4.3.0 Try again later" (a busy exchanger).
Every RCPT TO the server sees is appended to <dir>/attempts.log, accepted or not.
--helo-only: EHLO gets "502 Command not implemented", so clients must fall back to HELO.
--ready-file: written once the server is listening (so callers need no sleep).
--tls-cert/--tls-key: offer STARTTLS with this certificate; with --implicit-tls speak TLS from the
    first byte instead (port 465 style).
--starttls-inject: hostile: answer STARTTLS with "220" and, in the same write, a plaintext reply that
    a man in the middle could have injected (RFC 3207 §5 / CVE-2011-0411 style).
--starttls-stall: answer STARTTLS with 220 and then never speak again.
--starttls-refuse: offer STARTTLS but answer it "454 TLS not available".
--client-ca CA: ask for a client certificate (optional) and verify it against CA; the subject of each
    verified client certificate is appended to <dir>/peercert.log at EHLO.
--auth USER:PASSWORD: offer AUTH and really check credentials with every mechanism: LOGIN and PLAIN
    (aiosmtpd's own), CRAM-MD5, XOAUTH2 and OAUTHBEARER (PASSWORD is the bearer token) and
    SCRAM-SHA-256 (RFC 5802/7677, server signature sent). Results go to <dir>/auth.log.
--auth-require-tls: offer AUTH only after STARTTLS (aiosmtpd's default behaviour).
--auth-mechs: comma list of the mechanisms to offer (default: all of the above).
--scram-bad-signature / --scram-no-signature / --cram-malformed-challenge: hostile variants for
    client-side checks (a wrong server signature; success without any server signature; a challenge
    that is not base64).
"""
import argparse
import asyncio
import base64
import hashlib
import hmac
import os
import secrets
import ssl
import warnings
import signal
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword, MISSING


class CaptureHandler:
    def __init__(self, directory, reject_prefix, tempfail=False):
        self.directory = directory
        self.reject_prefix = reject_prefix
        self.tempfail = tempfail
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with open(os.path.join(self.directory, "attempts.log"), "a", encoding="utf-8") as f:
            f.write(address + "\n")
        if self.tempfail:
            return "451 4.3.0 Try again later"
        if self.reject_prefix and address.lower().startswith(self.reject_prefix):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        cert = server.transport.get_extra_info("peercert")
        if cert:
            subject = ",".join(f"{k}={v}" for rdn in cert.get("subject", ()) for k, v in rdn)
            with open(os.path.join(self.directory, "peercert.log"), "a", encoding="utf-8") as f:
                f.write(subject + "\n")
        session.host_name = hostname
        return responses

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


class InjectingSMTP(SMTP):
    """Answers STARTTLS with 220 and a plaintext reply in the same segment (a hostile injection)."""

    async def smtp_STARTTLS(self, arg):
        self.transport.write(b"220 Ready to start TLS\r\n250-injected\r\n250 AUTH PLAIN\r\n")
        await asyncio.sleep(0.5)
        self.transport.close()


class StallingSMTP(SMTP):
    """Accepts STARTTLS and then never starts the handshake (a stuck or hostile server)."""

    async def smtp_STARTTLS(self, arg):
        await self.push("220 Ready to start TLS")
        await asyncio.sleep(3600)


class RefusingSMTP(SMTP):
    async def smtp_STARTTLS(self, arg):
        await self.push("454 4.7.0 TLS not available due to temporary reason")


class Authenticator:
    """The credential check behind every mechanism; every attempt is logged to <dir>/auth.log."""

    def __init__(self, directory, user, password):
        self.log = os.path.join(directory, "auth.log")
        self.user = user.encode()
        self.password = password.encode()

    def record(self, mechanism, user, ok):
        with open(self.log, "a", encoding="utf-8") as f:
            f.write(f"{mechanism} {user.decode(errors='replace')} {'ok' if ok else 'fail'}\n")
        return ok

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == self.user and auth_data.password == self.password
        return AuthResult(success=self.record(mechanism, auth_data.login, ok), handled=False)


def b64(data):
    return base64.b64encode(data).decode()


class AuthMechanisms:
    """aiosmtpd calls handler methods named auth_<MECH> ("__" stands for "-") for AUTH <MECH>."""

    def __init__(self, auth, scram_bad_signature, scram_no_signature, cram_malformed):
        self.auth = auth
        self.scram_bad_signature = scram_bad_signature
        self.scram_no_signature = scram_no_signature
        self.cram_malformed = cram_malformed

    @staticmethod
    async def initial(server, args):
        if len(args) > 1:
            return b"" if args[1] == "=" else base64.b64decode(args[1], validate=True)
        return await server.challenge_auth("")

    async def auth_CRAM__MD5(self, server, args):
        if self.cram_malformed:
            answer = await server.challenge_auth(b"%%% not base64 %%%", encode_to_b64=False)
            return AuthResult(success=False, handled=answer is MISSING, message="535 5.7.8 client answered a malformed challenge")
        challenge = f"<{secrets.randbelow(10**9)}.{os.getpid()}@capture.test>".encode()
        answer = await server.challenge_auth(challenge)
        if answer is MISSING:
            return AuthResult(success=False, handled=True)
        user, _, digest = answer.rpartition(b" ")
        expected = hmac.new(self.auth.password, challenge, hashlib.md5).hexdigest().encode()
        ok = user == self.auth.user and hmac.compare_digest(digest, expected)
        return AuthResult(success=self.auth.record("CRAM-MD5", user, ok), handled=False)

    async def _bearer(self, server, mechanism, payload, fields, failure_reply):
        token = fields.get(b"auth", b"")
        user = fields.get(b"user", b"")
        ok = user == self.auth.user and token == b"Bearer " + self.auth.password
        if not self.auth.record(mechanism, user, ok):
            # RFC 7628 §3.2.2 / Google's XOAUTH2: an error challenge, then the client's dummy answer.
            answer = await server.challenge_auth(b'{"status":"invalid_token","schemes":"Bearer"}')
            if answer is MISSING:
                return AuthResult(success=False, handled=True)
            if answer != failure_reply:
                return AuthResult(success=False, handled=False, message="501 5.5.2 unexpected answer to the error challenge")
            return AuthResult(success=False, handled=False)
        return AuthResult(success=True, auth_data=LoginPassword(user, b""))

    async def auth_XOAUTH2(self, server, args):
        payload = await self.initial(server, args)
        if payload is MISSING:
            return AuthResult(success=False, handled=True)
        fields = dict(kv.split(b"=", 1) for kv in payload.split(b"\x01") if b"=" in kv)
        return await self._bearer(server, "XOAUTH2", payload, fields, b"")

    async def auth_OAUTHBEARER(self, server, args):
        payload = await self.initial(server, args)
        if payload is MISSING:
            return AuthResult(success=False, handled=True)
        gs2, _, rest = payload.partition(b"\x01")
        fields = dict(kv.split(b"=", 1) for kv in rest.split(b"\x01") if b"=" in kv)
        for part in gs2.split(b","):
            if part.startswith(b"a="):
                fields[b"user"] = part[2:]
        return await self._bearer(server, "OAUTHBEARER", payload, fields, b"\x01")

    async def auth_SCRAM__SHA__256(self, server, args):
        first = await self.initial(server, args)
        if first is MISSING:
            return AuthResult(success=False, handled=True)
        if not first.startswith(b"n,,"):
            return AuthResult(success=False, handled=False, message="501 5.5.2 bad GS2 header")
        bare = first[3:]
        attrs = dict(kv.split(b"=", 1) for kv in bare.split(b","))
        user, client_nonce = attrs[b"n"], attrs[b"r"]
        salt, iterations = b"smtpnative-salt!", 4096
        nonce = client_nonce + b64(secrets.token_bytes(18)).encode()
        server_first = b"r=" + nonce + b",s=" + b64(salt).encode() + b",i=" + str(iterations).encode()
        final = await server.challenge_auth(server_first)
        if final is MISSING:
            return AuthResult(success=False, handled=True)
        without_proof, _, proof = final.rpartition(b",p=")
        fattrs = dict(kv.split(b"=", 1) for kv in without_proof.split(b","))
        if fattrs.get(b"c") != b"biws" or fattrs.get(b"r") != nonce:
            return AuthResult(success=False, handled=False, message="535 5.7.8 bad channel binding or nonce")
        salted = hashlib.pbkdf2_hmac("sha256", self.auth.password, salt, iterations)
        client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
        stored_key = hashlib.sha256(client_key).digest()
        auth_message = bare + b"," + server_first + b"," + without_proof
        client_signature = hmac.new(stored_key, auth_message, hashlib.sha256).digest()
        expected = bytes(a ^ b for a, b in zip(client_key, client_signature))
        ok = user == self.auth.user and hmac.compare_digest(base64.b64decode(proof), expected)
        if not self.auth.record("SCRAM-SHA-256", user, ok):
            return AuthResult(success=False, handled=False)
        if self.scram_no_signature:
            return AuthResult(success=True, auth_data=LoginPassword(user, b""))
        server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
        signature = hmac.new(server_key, auth_message, hashlib.sha256).digest()
        if self.scram_bad_signature:
            signature = bytes(b ^ 0xFF for b in signature)
        answer = await server.challenge_auth(b"v=" + b64(signature).encode())
        if answer is MISSING:
            return AuthResult(success=False, handled=True)
        return AuthResult(success=True, auth_data=LoginPassword(user, b""))


def main():
    # aiosmtpd 1.4 itself sets the deprecated Session.login_data after a successful AUTH.
    warnings.filterwarnings("ignore", message="Session.login_data")
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--reject-prefix", default="reject")
    p.add_argument("--helo-only", action="store_true")
    p.add_argument("--tempfail", action="store_true")
    p.add_argument("--ready-file")
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--implicit-tls", action="store_true")
    p.add_argument("--starttls-inject", action="store_true")
    p.add_argument("--auth")
    p.add_argument("--auth-require-tls", action="store_true")
    p.add_argument("--auth-mechs", default="LOGIN,PLAIN,CRAM-MD5,XOAUTH2,OAUTHBEARER,SCRAM-SHA-256")
    p.add_argument("--scram-bad-signature", action="store_true")
    p.add_argument("--scram-no-signature", action="store_true")
    p.add_argument("--cram-malformed-challenge", action="store_true")
    p.add_argument("--starttls-refuse", action="store_true")
    p.add_argument("--starttls-stall", action="store_true")
    p.add_argument("--client-ca")
    a = p.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    handler = CaptureHandler(a.dir, a.reject_prefix, a.tempfail)

    tls = None
    if a.tls_cert:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(a.tls_cert, a.tls_key)
        if a.client_ca:
            tls.verify_mode = ssl.CERT_OPTIONAL
            tls.load_verify_locations(a.client_ca)
    smtp_args = dict(enable_SMTPUTF8=True, decode_data=False, hostname="capture.test")
    if tls and not a.implicit_tls:
        smtp_args["tls_context"] = tls
    if a.auth:
        user, _, password = a.auth.partition(":")
        authenticator = Authenticator(a.dir, user, password)
        mechanisms = AuthMechanisms(authenticator, a.scram_bad_signature, a.scram_no_signature, a.cram_malformed_challenge)
        for name in ("CRAM__MD5", "XOAUTH2", "OAUTHBEARER", "SCRAM__SHA__256"):
            setattr(handler, "auth_" + name, getattr(mechanisms, "auth_" + name))
        offered = set(a.auth_mechs.split(","))
        all_mechs = {"LOGIN", "PLAIN", "CRAM-MD5", "XOAUTH2", "OAUTHBEARER", "SCRAM-SHA-256"}
        smtp_args.update(authenticator=authenticator, auth_require_tls=a.auth_require_tls,
                         auth_exclude_mechanism=sorted(all_mechs - offered))

    class Ctl(Controller):
        def factory(self):
            cls = (HeloOnlySMTP if a.helo_only else InjectingSMTP if a.starttls_inject
                   else RefusingSMTP if a.starttls_refuse else StallingSMTP if a.starttls_stall else SMTP)
            return cls(self.handler, **smtp_args)

    ctl = Ctl(handler, hostname=a.host, port=a.port, ssl_context=tls if a.implicit_tls else None)
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
