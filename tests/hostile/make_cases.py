#!/usr/bin/python3
"""Writes the generated cases: cases/stage-*.case (every connection fault at every stage of a
session, with and without PIPELINING), cases/split-*.case (replies split at every offset) and
cases/cancel-*.case (SmtpCancel while the server is silent at each stage).
Run it again after changing the matrix; the files are checked in so each scenario stays readable
on its own and both runners (xunit and C) play them."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# (name, what the server does instead of the reply, client outcome, what the server checks after)
FAULTS = [
    ("421", ["send 421 4.3.2 hostile.test shutting down"], "SERVER_UNAVAILABLE", "expect-closed"),
    ("reset", ["reset"], "CONNECTION_CLOSED", None),
    ("close", ["close"], "CONNECTION_CLOSED", None),
    ("silent-after-partial-reply", ["sendraw 250-first\\sline\\r\\n250\\spart"], "TIMEOUT", "hang"),
    ("silent", [], "TIMEOUT", "hang"),
    ("one-byte-per-300ms", ["slow 300 CODE this reply arrives one byte every 300 ms"], "TIMEOUT", "hang"),
]
STAGES = ["greeting", "ehlo", "mail", "rcpt", "data", "dot"]
PIPELINED_STAGES = ["mail", "rcpt", "data", "dot"]

GOOD = {
    "greeting": "send 220 hostile.test ESMTP",
    "mail": "send 250 2.1.0 sender ok",
    "rcpt": "send 250 2.1.5 recipient ok",
    "data": "send 354 go ahead",
    "dot": "send 250 2.0.0 queued",
}


def ehlo(pipelining):
    lines = ["send 250-hostile.test", "send 250-8BITMIME"]
    if pipelining:
        lines.append("send 250-PIPELINING")
    lines.append("send 250 ENHANCEDSTATUSCODES")
    return lines


EXPECT = {
    "ehlo": "expect EHLO client.test",
    "mail": "expect MAIL FROM:<a@x.test>",
    "rcpt": "expect RCPT TO:<b@x.test>",
    "data": "expect DATA",
    "dot": "expect-data Subject:\\sx\\r\\n\\r\\nbody\\r\\n",
}


def stage_action(action, stage):
    """The fault's lines, with CODE replaced by the code a good reply at this stage would carry."""
    code = {"greeting": "220", "data": "354"}.get(stage, "250")
    return [a.replace("CODE", code) for a in action]


def case(fault, stage, pipelining):
    name, action, outcome, after = fault
    title = "%s at the %s stage%s" % (name, stage, " (pipelined)" if pipelining else "")
    out = ["# class: connection-faults", "# " + title,
           "# The call fails cleanly with %s within the timeout; the handle is then cleanly dead." % outcome, ""]
    if pipelining:
        server = pipelined(fault, stage)
    else:
        server = []
        for s in STAGES:
            if s in EXPECT:
                server.append(EXPECT[s])
            if s == stage:
                server += stage_action(action, s) + ([after] if after else [])
                break
            server += ehlo(False) if s == "ehlo" else [GOOD[s]]
    out += server + [""]
    if stage in ("greeting", "ehlo"):
        out += ["client connect 1 => " + outcome]
    else:
        out += ["client connect 1 => ok",
                "client send a@x.test b@x.test Subject:\\sx\\r\\n\\r\\nbody\\r\\n => " + outcome]
    out += ["client connected no"]
    if name == "421" and stage not in ("greeting", "ehlo"):
        out.append("client code 421")
    return out


def pipelined(fault, stage):
    name, action, outcome, after = fault
    server = [GOOD["greeting"], "expect EHLO client.test"] + ehlo(True)
    server += ["expect MAIL FROM:<a@x.test>", "expect RCPT TO:<b@x.test>", "expect DATA"]
    for s in ("mail", "rcpt", "data"):
        if s == stage:
            return server + stage_action(action, s) + ([after] if after else [])
        server.append(GOOD[s])
    server += ["expect-data Subject:\\sx\\r\\n\\r\\nbody\\r\\n"] + stage_action(action, "dot") + ([after] if after else [])
    return server


SPLITS = [
    ("split-every-offset-ehlo-reply", "the multi-line EHLO reply",
     "250-hostile.test\\r\\n250-PIPELINING\\r\\n250 8BITMIME", "ehlo"),
    ("split-every-offset-pipelined-replies", "the three pipelined replies to MAIL, RCPT and DATA",
     "250 2.1.0 ok\\r\\n250 2.1.5 ok\\r\\n354 go", "pipeline"),
]


def split_case(name, what, text, where):
    """One connection per split offset of 'text' (CRLF added); each must send its message."""
    length = len(text.replace("\\r", "\r").replace("\\n", "\n")) + 2
    out = ["# class: malformed-replies", "# %s split into two TCP segments at every offset (1..%d);" % (what, length - 1),
           "# one connection per offset, each must deliver its message.", ""]
    client = []
    for k in range(1, length):
        if k > 1:
            out.append("accept")
        out += ["send 220 hostile.test ESMTP", "expect EHLO client.test"]
        out += ["split %d %s" % (k, text)] if where == "ehlo" else ["send 250-hostile.test", "send 250 PIPELINING"]
        out += ["expect MAIL FROM:<a@x.test>", "expect RCPT TO:<b@x.test>", "expect DATA"]
        out += ["split %d %s" % (k, text)] if where == "pipeline" else ["send 250 ok", "send 250 ok", "send 354 go"]
        out += ["expect-data x\\r\\n", "send 250 2.0.0 queued", "expect-end"]
        client += ["client connect 2 => ok", "client send a@x.test b@x.test x => ok", "client code 250"]
    out += [""] + client + ["client messages %d" % (length - 1)]
    return out


def cancel_case(stage, pipelining):
    """SmtpCancel from another thread while the server says nothing at this stage."""
    out = ["# class: cancel", "# SmtpCancel from another thread while the server is silent at the %s stage%s:" %
           (stage, " (pipelined)" if pipelining else ""),
           "# the call returns ST_ERROR_OPERATION_CANCELED at once, the handle is cleanly dead.", ""]
    if pipelining:
        out += pipelined(("cancel", [], None, "hang"), stage)
    else:
        for s in STAGES:
            if s in EXPECT:
                out.append(EXPECT[s])
            if s == stage:
                out.append("hang")
                break
            out += ehlo(False) if s == "ehlo" else [GOOD[s]]
    out += ["", "client connect 10 => ok", "client cancel-after 300",
            "client send a@x.test b@x.test Subject:\\sx\\r\\n\\r\\nbody\\r\\n => OPERATION_CANCELED",
            "client connected no"]
    return out


def main():
    for stage in ("mail", "rcpt", "data", "dot"):
        for p in (False, True):
            with open(os.path.join(HERE, "cases", "cancel-%s%s.case" % (stage, "-pipelined" if p else "")), "w") as f:
                f.write("\n".join(cancel_case(stage, p)) + "\n")
    for name, what, text, where in SPLITS:
        with open(os.path.join(HERE, "cases", name + ".case"), "w") as f:
            f.write("\n".join(split_case(name, what, text, where)) + "\n")
    written = 0
    for fault in FAULTS:
        for stage in STAGES:
            for p in ([False, True] if stage in PIPELINED_STAGES else [False]):
                path = os.path.join(HERE, "cases", "stage-%s-%s%s.case" % (fault[0], stage, "-pipelined" if p else ""))
                with open(path, "w") as f:
                    f.write("\n".join(case(fault, stage, p)) + "\n")
                written += 1
    print("%d stage cases written" % written)


if __name__ == "__main__":
    main()
