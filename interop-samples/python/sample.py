#!/usr/bin/python3
"""sample.py - SmtpNative from Python through ctypes (smtpnative.py next to this file).

    SMTPNATIVE_LIB=/path/to/libSmtpNative.so python3 sample.py <host> <port> <user> <password>

Authenticates (a wrong password first: SmtpError), sends one message to two recipients (the server refuses one), shows each recipient's answer,
then shows how a failure arrives: SmtpError with the ST_ERROR_* code and the library's text.
"""
import ctypes
import sys

import smtpnative as smtp


def main(host, port, user, password):
    smtp.SmtpInitialize(None, None)
    client = smtp.SmtpConnect(host, port, 10, smtp.SMTP_OPTION_NONE, None, None)
    try:
        try:
            smtp.SmtpAuthenticate(client, smtp.SMTP_AUTH_DEFAULT, user, "not the password")
            print("a wrong password was accepted", file=sys.stderr)
            return 1
        except smtp.SmtpError as e:
            print(f"expected failure: {e}")
            if e.code != smtp.ST_ERROR_AUTHENTICATION_FAILED:
                return 1
        smtp.SmtpAuthenticate(client, smtp.SMTP_AUTH_DEFAULT, user, password)

        # A callback (SMTPEVENTPROC) that reads a struct (SMTPTRANSFERSTATUS) while content is sent.
        progress = []

        @smtp.SMTPEVENTPROC
        def on_progress(handle, event, error, param):
            status = smtp.SMTPTRANSFERSTATUS()
            smtp.SmtpGetTransferStatus(handle, ctypes.byref(status))
            progress.append((param, status.dwBytesCopied, status.dwBytesTotal))

        smtp.SmtpRegisterEvent(client, smtp.SMTP_EVENT_PROGRESS, on_progress, 42)

        message = ("From: <sender@example.test>\r\nTo: <alice@example.test>\r\n"
                   "Subject: SmtpNative Python sample\r\n\r\nSent by the Python sample.\r\n").encode()
        smtp.SmtpSendMessage(client, "sender@example.test", "alice@example.test, reject-bob@example.test",
                             message, len(message), smtp.SMTP_MESSAGE_MEMORY)
        reply = smtp.get_text(smtp.SmtpGetResultString, client)
        # The same text through the W function (UTF-16, also on Linux) and the A function (UTF-8).
        if reply != smtp.get_text(smtp.SmtpGetResultStringW, client):
            print("the A and W functions disagree", file=sys.stderr)
            return 1
        print("sent:", smtp.SmtpGetResultCode(client), reply)
        print("progress (param, bytes copied, bytes total):", progress)
        if not progress or progress[-1] != (42, len(message), len(message)):
            print("the progress callback did not report the whole message", file=sys.stderr)
            return 1
        smtp.SmtpRegisterEvent(client, smtp.SMTP_EVENT_PROGRESS, None, 0)
        code = ctypes.c_int()
        for i in range(smtp.SmtpGetRecipientStatus(client, -1, None, 0, None)):
            address = smtp.ansi_buffer(256)
            smtp.SmtpGetRecipientStatus(client, i, address, 256, ctypes.byref(code))
            print(f"  {smtp.buffer_text(address)}: {code.value}")

        # The staged API: a second message built in pieces; a refused recipient fails its own call only.
        smtp.SmtpCreateMessage(client, "sender@example.test", 0, 0)
        smtp.SmtpAddRecipient(client, "alice@example.test")
        try:
            smtp.SmtpAddRecipient(client, "reject-dave@example.test")
            return 1
        except smtp.SmtpError as e:
            print(f"expected failure: {e}")
            if e.code != smtp.ST_ERROR_RECIPIENT_REJECTED:
                return 1
        for part in (b"From: <sender@example.test>\r\nTo: <alice@example.test>\r\n",
                     b"Subject: SmtpNative Python sample (staged)\r\n\r\nWritten in pieces.\r\n"):
            smtp.SmtpWrite(client, part, len(part))
        smtp.SmtpCloseMessage(client)
        print("staged message:", smtp.SmtpGetResultCode(client))

        try:
            smtp.SmtpSendMessage(client, "sender@example.test", "reject-carol@example.test",
                                 b"Subject: never sent\r\n\r\nx\r\n", 0, smtp.SMTP_MESSAGE_MEMORY)
            print("a message to refused recipients was accepted", file=sys.stderr)
            return 1
        except smtp.SmtpError as e:
            status = smtp.get_text(smtp.SmtpGetEnhancedStatus, client)
            print(f"expected failure: {e} (server said {smtp.SmtpGetResultCode(client)} {status})")
            if e.code != smtp.ST_ERROR_NO_VALID_RECIPIENTS:
                return 1
    finally:
        smtp.SmtpDisconnect(client)
        smtp.SmtpUninitialize()
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 5:
        sys.exit(f"usage: {sys.argv[0]} host port user password")
    sys.exit(main(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]))
