#!/usr/bin/env bash
# Soak test (not part of ./build.sh test): N messages through libSmtpNative.so to Postfix's smtp-sink.
# Usage: tests/soak/run.sh <dist/linux-x64> [messages] [messages per connection]
set -euo pipefail
DIST=$(cd "${1:?usage: run.sh <dist dir> [messages]}" && pwd)
COUNT=${2:-1000000}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
gcc -std=c99 -O2 -Wall -Wextra -Werror -I"$DIST/include" "$HERE/soak.c" -o "$WORK/soak" -L"$DIST/lib" -lSmtpNative -Wl,-rpath,"$DIST/lib"
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SINK_USER=()
[ "$(id -u)" = 0 ] && SINK_USER=(-u root)
smtp-sink "${SINK_USER[@]}" 127.0.0.1:"$PORT" 256 &
SINK=$!
trap 'kill $SINK 2>/dev/null; wait $SINK 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break; sleep 0.05; done
echo "soak: $COUNT messages to smtp-sink on 127.0.0.1:$PORT"
"$WORK/soak" "$PORT" "$COUNT" ${3:+"$3"}
