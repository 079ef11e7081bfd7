#!/usr/bin/env bash
# Runs the relay and direct-delivery samples (built into out/samples) against real local servers and
# checks what arrived. Usage: tests/samples/run.sh <out/samples dir>
set -uo pipefail
BIN=$(cd "${1:?usage: run.sh <samples dir>}" && pwd)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../check.sh
. "$ROOT/tests/check.sh"

relay() {
  local dir port pid rc=0
  dir=$(mktemp -d)
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  /usr/bin/python3 "$ROOT/tests/servers/capture_server.py" --port "$port" --dir "$dir" --ready-file "$dir/.ready" \
    --auth "relayuser:relay secret" &
  pid=$!
  for _ in $(seq 200); do [ -f "$dir/.ready" ] && break; sleep 0.05; done
  "$BIN/relay" 127.0.0.1 "$port" relayuser "relay secret" "Sender <sender@example.test>" "To One <to1@example.test>, to2@example.test" \
    "Team: cc@example.test;" "hidden@example.test" || rc=1
  # envelope: To, Cc (group expanded) and the Bcc; headers: no Bcc, the subject, the extra header
  grep -qx "RCPT to1@example.test" "$dir/1.env" && grep -qx "RCPT to2@example.test" "$dir/1.env" \
    && grep -qx "RCPT cc@example.test" "$dir/1.env" && grep -qx "RCPT hidden@example.test" "$dir/1.env" \
    && grep -q "^Subject: Relayed by SmtpNative" "$dir/1.eml" && grep -q "^X-Mailer: SmtpNative relay sample" "$dir/1.eml" \
    && ! grep -q "hidden" "$dir/1.eml" && grep -q " relayuser ok$" "$dir/auth.log" \
    || { echo "unexpected arrival:"; cat "$dir/1.env" "$dir/1.eml" "$dir/auth.log"; rc=1; }
  kill "$pid"; wait "$pid" 2>/dev/null
  rm -rf "$dir"
  return $rc
}

direct() {
  # inside the delivery lab: multi.test (refusing, 451, accepting exchangers) and nomx.test
  /usr/bin/python3 "$ROOT/tests/servers/delivery_lab.py" -- bash -c '
    set -e
    "$0/direct" "$LAB_DNS" "$LAB_SMTP_PORT" sender@example.test a@multi.test b@nomx.test | tee "$LAB_DIR/out.txt"
    grep -q "by hand: a@multi.test delivered by mx3.multi.test" "$LAB_DIR/out.txt"
    grep -q "by hand: b@nomx.test delivered by nomx.test" "$LAB_DIR/out.txt"
    grep -Eq "one call: a@multi.test +delivered +250 mx3.multi.test" "$LAB_DIR/out.txt"
    grep -Eq "one call: b@nomx.test +delivered +250 nomx.test" "$LAB_DIR/out.txt"
    # by hand and in one call: two messages at each accepting server, none at the 451 one
    test -f "$LAB_DIR/mx/2.eml" && test -f "$LAB_DIR/domain/2.eml" && ! test -f "$LAB_DIR/tempfail/1.eml"
    grep -c "a@multi.test" "$LAB_DIR/tempfail/attempts.log" | grep -qx 2
  ' "$BIN"
}

check "relay.c: compose, enumerate recipients, connect, authenticate, send (aiosmtpd with AUTH)" relay
check "direct.c: MX by hand and SmtpDeliverMessage (dnsmasq + aiosmtpd on 127.0.0.x)" direct
echo "samples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
