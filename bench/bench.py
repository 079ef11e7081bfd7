"""SmtpNative benchmark runner (bench/run builds the clients, then runs this).

Every client sends to the same Postfix smtp-sink on loopback, in one run, alternating (round-robin
per repetition), and the medians are reported as a Markdown table in bench/results.md.
Counts come from the environment (defaults = the issue's numbers):
  BENCH_REPS=3 BENCH_SMALL=20000 BENCH_MIB=300 BENCH_10MIB=10 BENCH_THREADS=8 BENCH_RSS=100000
Usage: bench.py BUILD_DIR OUT_MARKDOWN"""
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time

BUILD, OUT = sys.argv[1], sys.argv[2]
ENV = os.environ
REPS = int(ENV.get("BENCH_REPS", "3"))
SMALL = int(ENV.get("BENCH_SMALL", "20000"))
MIB = int(ENV.get("BENCH_MIB", "300"))
TEN = int(ENV.get("BENCH_10MIB", "10"))
THREADS = int(ENV.get("BENCH_THREADS", "8"))
RSS_COUNT = int(ENV.get("BENCH_RSS", "100000"))
MAILKIT = [ENV.get("DOTNET", "dotnet"), os.path.join(BUILD, "mailkit", "BenchMailKit.dll")]
PY = ["/usr/bin/python3", os.path.join(os.path.dirname(os.path.abspath(__file__)), "smtplib_bench.py")]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_message(path, size):
    """A plain text message of exactly `size` bytes, canonical CRLF, no line starting with '.'."""
    head = b"From: bench@sender.test\r\nTo: sink@receiver.test\r\nSubject: benchmark\r\nMessage-ID: <bench@sender.test>\r\n\r\n"
    line = b"The quick brown fox jumps over the lazy dog; 0123456789 abcdefghijklmnopqrstuvwxyz\r\n"
    body = bytearray(head)
    while len(body) + len(line) <= size:
        body += line
    pad = size - len(body)
    if pad >= 2:
        body += b"x" * (pad - 2) + b"\r\n"
    elif pad == 1:
        body[-3:-2] = b"xx"
    with open(path, "wb") as f:
        f.write(bytes(body[:size]))


def run(cmd, timed_outside=False):
    """Runs one client; returns (seconds, fields, peak RSS KiB).

    Peak RSS comes from GNU time around the client (%M): the ru_maxrss of a child forked straight from
    this Python process would start at this process's own size."""
    start = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-f", "maxrss_kib=%M user_s=%U sys_s=%S", *cmd], capture_output=True, text=True)
    wall = time.monotonic() - start
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr.strip()[-500:]}")
    fields = {}
    for token in (p.stdout + " " + p.stderr).split():
        if "=" in token:
            k, v = token.split("=", 1)
            fields[k] = float(v)
    seconds = wall if timed_outside or "elapsed" not in fields else fields["elapsed"]
    return seconds, fields, fields.get("maxrss_kib", 0)


SINK_PID = None


def sink_cpu_seconds():
    """CPU time (user + system) smtp-sink has used so far: the server's share of each run."""
    with open(f"/proc/{SINK_PID}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Row:
    def __init__(self, name, cmd, messages, size, timed_outside=False):
        self.name, self.cmd, self.messages, self.size, self.outside = name, cmd, messages, size, timed_outside
        self.times, self.rss, self.fields = [], [], []

    def once(self):
        sink_before = sink_cpu_seconds()
        seconds, fields, rss = run(self.cmd, self.outside)
        fields["sink_s"] = sink_cpu_seconds() - sink_before
        self.times.append(seconds)
        self.rss.append(rss)
        self.fields.append(fields)

    @property
    def seconds(self):
        return statistics.median(self.times)

    def cpu_us(self, key):
        """Median CPU microseconds per message: the client's (user + system) or the sink's."""
        per = [(f["user_s"] + f["sys_s"] if key == "client" else f["sink_s"]) * 1e6 / self.messages for f in self.fields]
        return statistics.median(per)

    @property
    def msgs(self):
        return self.messages / self.seconds

    @property
    def mibs(self):
        return self.messages * self.size / self.seconds / 1048576


def scenario(rows):
    for _ in range(REPS):
        for r in rows:
            r.once()
    return rows


def main():
    work = tempfile.mkdtemp(prefix="smtpnative-bench-")
    small, mib, ten = (os.path.join(work, n) for n in ("1k.eml", "1m.eml", "10m.eml"))
    make_message(small, 1024)
    make_message(mib, 1 << 20)
    make_message(ten, 10 << 20)
    port = free_port()
    global SINK_PID
    sink = subprocess.Popen(["smtp-sink", "-u", "root", f"127.0.0.1:{port}", "256"])
    SINK_PID = sink.pid
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        results = measure(port, small, mib, ten)
    finally:
        sink.terminate()
        sink.wait()
        for f in (small, mib, ten):
            os.remove(f)
        os.rmdir(work)
    write(results)


def native(mode, port, path, count, *extra):
    return [os.path.join(BUILD, "bench_smtpnative"), mode, str(port), path, str(count), *map(str, extra)]


def c_client(name, mode, port, path, count):
    return [os.path.join(BUILD, name), mode, str(port), path, str(count)]


def source(port, count, size, sessions=1):
    return ["smtp-source", "-d", "-m", str(count), "-l", str(size), "-s", str(sessions),
            "-f", "bench@sender.test", "-t", "sink@receiver.test", "-M", "bench.local", f"127.0.0.1:{port}"]


def measure(port, small, mib, ten):
    P = port
    s = {}
    print(f"bench: {REPS} repetitions; {SMALL} x 1 KiB, {MIB} x 1 MiB, {TEN} x 10 MiB, {THREADS} threads, {RSS_COUNT} for RSS", flush=True)

    def peers(mode, path, count, size, label=lambda name: name, with_probe=True):
        rows = [
            Row(label("SmtpNative"), native(mode, P, path, count), count, size),
            Row(label("MailKit 4.18.2"), [*MAILKIT, mode, str(P), path, str(count)], count, size),
            Row(label("libcurl"), c_client("bench_curl", mode, P, path, count), count, size),
            Row(label("Python smtplib"), [*PY, mode, str(P), path, str(count)], count, size),
        ]
        if mode != "cold":
            rows.append(Row("smtp-source", source(P, count, size), count, size, timed_outside=True))
        if with_probe:
            rows.append(Row("pipelining probe (ceiling)", [os.path.join(BUILD, "probe"), str(P), path, str(count)], count, size))
        return rows

    # (1) and (2) alternate in one round-robin, so the batch meets the probe under the same load
    s[1] = peers("send", small, SMALL, 1024)
    s[2] = [Row("SmtpNative batch", native("batch", P, small, SMALL), SMALL, 1024)]
    scenario(s[1] + s[2])
    print("bench: (1) and (2) done", flush=True)
    s[3] = scenario(peers("send", mib, MIB, 1 << 20))
    print("bench: (3) done", flush=True)
    file_labels = {"SmtpNative": "SMTP_MESSAGE_FILE", "MailKit 4.18.2": "MimeMessage.Load of the file",
                   "libcurl": "read callback on the file", "Python smtplib": "file read whole"}
    s[4] = scenario(peers("file", ten, TEN, 10 << 20, lambda n: f"{n} ({file_labels[n]})", with_probe=False))
    print("bench: (4) done", flush=True)
    s[5] = scenario([Row(r.name, r.cmd, 1, 1024, timed_outside=True) for r in peers("cold", small, 1, 1024, with_probe=False)])
    print("bench: (5) done", flush=True)
    s[6] = scenario([
        Row(f"SmtpNative, {THREADS} threads", native("threads", P, small, SMALL, THREADS), SMALL, 1024),
        Row(f"MailKit 4.18.2, {THREADS} threads", [*MAILKIT, "threads", str(P), small, str(SMALL), str(THREADS)], SMALL, 1024),
        Row(f"smtp-source, {THREADS} sessions", source(P, SMALL, 1024, THREADS), SMALL, 1024, timed_outside=True),
    ])
    print("bench: (6) done", flush=True)
    s[7] = scenario([Row("SmtpNative", native("rss", P, small, RSS_COUNT), RSS_COUNT, 1024)])
    print("bench: (7) done", flush=True)
    return s


def table(rows, peers=None, labels=None):
    peers = peers or rows
    names = labels or [p.name.split(" (")[0].split(",")[0] for p in peers]
    lines = ["| client | msg/s | MiB/s | median s | peak RSS MiB | client CPU µs/msg | sink CPU µs/msg | "
             + " | ".join(f"× {n}" for n in names) + " |",
             "|---|---:|---:|---:|---:|---:|---:|" + "---:|" * len(peers)]
    for r in rows:
        ratios = " | ".join(f"{r.msgs / p.msgs:.2f}" for p in peers)
        lines.append(f"| {r.name} | {r.msgs:,.0f} | {r.mibs:,.1f} | {r.seconds:.3f} | {max(r.rss) / 1024:.1f} | "
                     f"{r.cpu_us('client'):,.0f} | {r.cpu_us('sink'):,.0f} | {ratios} |")
    return "\n".join(lines)


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def verdict(ok, text):
    return f"- {'met' if ok else 'MISSED'}: {text}"


def write(s):
    one = {r.name: r for r in s[1]}
    native1, mk, curl, probe = one["SmtpNative"], one["MailKit 4.18.2"], one["libcurl"], one["pipelining probe (ceiling)"]
    batch = s[2][0]
    big = {r.name.split(" (")[0]: r for r in s[3]}
    files = {r.name.split(" (")[0]: r for r in s[4]}
    cold = {r.name: r for r in s[5]}
    threads = s[6][0]
    rss = s[7][0]
    rss_first = statistics.median(f["rss_first_kib"] for f in rss.fields)
    rss_last = statistics.median(f["rss_last_kib"] for f in rss.fields)
    peak = max(max(r.rss) for r in (native1, batch, big["SmtpNative"], files["SmtpNative"], threads, rss)) / 1024
    ncpu = os.cpu_count()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    machine = f"{cpu_name()}, {ncpu} cores, Linux {platform.release()}"
    targets = [
        verdict(native1.msgs >= 1.3 * mk.msgs, f"(1) SmtpSendMessage {native1.msgs / mk.msgs:.3f}× MailKit (target ≥ 1.3)"),
        verdict(native1.msgs >= 2 * curl.msgs, f"(1) SmtpSendMessage {native1.msgs / curl.msgs:.3f}× libcurl (target ≥ 2)"),
        verdict(batch.msgs >= 2 * mk.msgs, f"(2) SmtpSendMessageBatch {batch.msgs / mk.msgs:.3f}× MailKit (target ≥ 2)"),
        verdict(batch.msgs >= 0.9 * probe.msgs, f"(2) SmtpSendMessageBatch {batch.msgs / probe.msgs:.3f}× the pipelining probe (target ≥ 0.9)"),
        verdict(big["SmtpNative"].mibs >= 0.95 * big["smtp-source"].mibs,
                f"(3) 1 MiB messages {big['SmtpNative'].mibs / big['smtp-source'].mibs:.3f}× smtp-source MiB/s (target ≥ 0.95)"),
        verdict(files["SmtpNative"].mibs >= 0.95 * files["smtp-source"].mibs,
                f"(4) 10 MiB files {files['SmtpNative'].mibs / files['smtp-source'].mibs:.3f}× smtp-source MiB/s (target ≥ 0.95)"),
        verdict(cold["SmtpNative"].seconds <= cold["libcurl"].seconds,
                f"(5) cold process {cold['SmtpNative'].seconds * 1000:.1f} ms vs libcurl {cold['libcurl'].seconds * 1000:.1f} ms (target ≤)"),
        verdict(threads.msgs >= 1.6 * native1.msgs, f"(6) {THREADS} threads {threads.msgs / native1.msgs:.3f}× scenario (1) (target ≥ 1.6 on {ncpu} cores)"),
        verdict(peak <= 30, f"(7) peak RSS {peak:.1f} MiB over all SmtpNative runs (target ≤ 30)"),
        verdict(rss_last <= 1.1 * rss_first,
                f"(7) RSS after {RSS_COUNT:,} messages {rss_last / 1024:.1f} MiB vs {rss_first / 1024:.1f} MiB after {RSS_COUNT // 10:,} "
                f"({(rss_last / rss_first - 1) * 100:+.1f}%, target within 10%)"),
    ]
    md = f"""## Benchmark results

{when}; {machine}. Medians of {REPS} alternating runs against one Postfix smtp-sink on 127.0.0.1
(the machine is shared: compare the ratios, not the absolute numbers). Ratios are msg/s of the row
divided by msg/s of the column. Peak RSS is the client process's maximum resident set; CPU is user +
system time per message of the client process and of smtp-sink during that client's runs.

### (1) {SMALL:,} × 1 KiB over one connection, one call per message
{table(s[1])}

### (2) the same through SmtpSendMessageBatch (RFC 2920 pipelining across messages)
{table(s[2], s[1])}

### (3) {MIB} × 1 MiB from memory
{table(s[3])}

### (4) {TEN} × 10 MiB from a file
{table(s[4])}

### (5) cold process: load, initialize, connect, send one 1 KiB message, quit (whole process wall time)
{table(s[5])}

### (6) {THREADS} threads × one connection each ({SMALL:,} × 1 KiB in total)
{table(s[6], [*s[6], native1], [f"SmtpNative {THREADS} threads", f"MailKit {THREADS} threads", f"smtp-source {THREADS} sessions", "SmtpNative in (1)"])}

### (7) memory
SmtpNative sending {RSS_COUNT:,} × 1 KiB: RSS {rss_first / 1024:.1f} MiB after {RSS_COUNT // 10:,} messages,
{rss_last / 1024:.1f} MiB after {RSS_COUNT:,}; peak RSS {max(rss.rss) / 1024:.1f} MiB.

### Targets
{chr(10).join(targets)}
"""
    with open(OUT, "w") as f:
        f.write(md)
    print(md)


main()
