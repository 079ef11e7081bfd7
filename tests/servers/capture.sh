# Sourced by the test scripts and build.sh: start/stop the aiosmtpd capture server
# (capture_server.py next to this file) on a free port.
# start_capture [server options] sets CAPTURE_PORT, CAPTURE_DIR (a fresh temp dir) and CAPTURE_PID.
CAPTURE_SERVER=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/capture_server.py
CAPTURE_PID=
start_capture() {
  CAPTURE_DIR=$(mktemp -d)
  CAPTURE_PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  /usr/bin/python3 "$CAPTURE_SERVER" --port "$CAPTURE_PORT" --dir "$CAPTURE_DIR" --ready-file "$CAPTURE_DIR/.ready" "$@" &
  CAPTURE_PID=$!
  for _ in $(seq 200); do
    [ -f "$CAPTURE_DIR/.ready" ] && return 0
    kill -0 "$CAPTURE_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "aiosmtpd did not start" >&2
  return 1
}
stop_capture() {
  [ -n "$CAPTURE_PID" ] || return 0
  kill "$CAPTURE_PID" 2>/dev/null
  wait "$CAPTURE_PID" 2>/dev/null
  CAPTURE_PID=
  return 0
}
