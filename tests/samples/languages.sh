#!/usr/bin/env bash
# Sample tests: every program in interop-samples/ is built the way its user would build it, run
# against aiosmtpd (a real server that refuses local parts starting with "reject"), and what the
# server received is checked. Usage: tests/samples/languages.sh <dist/linux-x64>
#
# Every sample does the same against a server that requires nothing but checks credentials
# (--auth sample:secret): authenticate with a wrong password (must fail with
# ST_ERROR_AUTHENTICATION_FAILED) and then the right one; send one message to alice@ and
# reject-bob@ (bob is refused, the message goes to alice); build a second one with the staged API
# (SmtpCreateMessage, SmtpAddRecipient for alice@ and reject-dave@, which must fail with
# ST_ERROR_RECIPIENT_REJECTED, SmtpWrite in pieces, SmtpCloseMessage); then try one to
# reject-carol@ only (must fail with ST_ERROR_NO_VALID_RECIPIENTS). Each failure is reported
# through the language's own error path. The server must then hold exactly those messages, each
# from sender@ to alice@ only with the expected Subject, after one refused and one accepted
# authentication.
set -uo pipefail
DIST=$(cd "${1:?usage: languages.sh <dist dir>}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SAMPLES=$ROOT/interop-samples
BUILD=$(mktemp -d)
. "$ROOT/tests/servers/capture.sh"
. "$ROOT/tests/check.sh"
trap 'stop_capture; rm -rf "$BUILD"' EXIT
export PKG_CONFIG_PATH=$DIST/lib/pkgconfig

# What the server must hold after a sample ran: one message per Subject in SUBJECTS (separated by
# "|"), in order, each to alice only; with "auth", one refused and then one accepted
# authentication as user "sample".
received() {
  local subjects=$1 auth=$2 envelope subject n=0
  IFS='|' read -ra subjects <<<"$subjects"
  for subject in "${subjects[@]}"; do
    n=$((n + 1))
    [ -f "$CAPTURE_DIR/$n.eml" ] || { echo "message $n ($subject) missing:"; ls "$CAPTURE_DIR"; return 1; }
    envelope=$(grep -v '^MAILOPT' "$CAPTURE_DIR/$n.env")
    [ "$envelope" = $'MAIL sender@example.test\nRCPT alice@example.test' ] || { echo "envelope $n was:"; echo "$envelope"; return 1; }
    grep -q "^Subject: $subject"$'\r'"\$" "$CAPTURE_DIR/$n.eml" || { echo "Subject '$subject' not in $n.eml:"; cat "$CAPTURE_DIR/$n.eml"; return 1; }
  done
  [ ! -f "$CAPTURE_DIR/$((n + 1)).eml" ] || { echo "more than $n messages arrived"; return 1; }
  if [ "$auth" = auth ]; then
    grep -qxE '[A-Z0-9-]+ sample fail' <(sed -n 1p "$CAPTURE_DIR/auth.log") &&
      grep -qxE '[A-Z0-9-]+ sample ok' <(sed -n 2p "$CAPTURE_DIR/auth.log") &&
      [ "$(wc -l < "$CAPTURE_DIR/auth.log")" -eq 2 ] || { echo "auth.log:"; cat "$CAPTURE_DIR/auth.log"; return 1; }
  fi
}

# run_sample SUBJECTS auth|noauth COMMAND...: the command gets host, port, user and password as its
# last four arguments.
run_sample() {
  local subject=$1 auth=$2; shift 2
  start_capture --auth sample:secret || return 1
  local rc=0
  "$@" 127.0.0.1 "$CAPTURE_PORT" sample secret || rc=$?
  [ "$rc" -eq 0 ] && received "$subject" "$auth" || rc=1
  stop_capture
  rm -rf "$CAPTURE_DIR"
  return "$rc"
}

# send.c is the smallest command-line tool (host port from recipients, no authentication): the
# scenario from the outside.
c_send_scenario() {
  local exe=$1 host=$2 port=$3 err
  "$exe" "$host" "$port" sender@example.test "alice@example.test, reject-bob@example.test" || return 1
  if err=$("$exe" "$host" "$port" sender@example.test reject-carol@example.test 2>&1); then
    echo "a message to refused recipients was accepted"; return 1
  fi
  echo "$err"
  grep -q '0x80043008' <<<"$err"
}

# --- C: pkg-config consumer ---
build_pkgconfig() { gcc -std=c99 -Wall -Wextra -Werror "$SAMPLES/c/send.c" -o "$BUILD/send-pc" $(pkg-config --cflags --libs smtpnative); }
check "C sample builds with pkg-config (cc \$(pkg-config --cflags --libs smtpnative))" build_pkgconfig
check "C sample (pkg-config build) sends, reports the refused recipient and the error" \
  run_sample "Hello from SmtpNative" noauth c_send_scenario "$BUILD/send-pc"

# --- C: CMake consumer (find_package(SmtpNative)) ---
build_cmake() {
  cmake -S "$SAMPLES/cmake" -B "$BUILD/cmake" -DCMAKE_PREFIX_PATH="$DIST" -DCMAKE_BUILD_TYPE=Release >/dev/null &&
    cmake --build "$BUILD/cmake"
}
check "CMake consumer builds with find_package(SmtpNative)" build_cmake
check "C sample (CMake build) sends, reports the refused recipient and the error" \
  run_sample "Hello from SmtpNative" noauth c_send_scenario "$BUILD/cmake/send"

# --- C: the whole session (authentication, refused recipient, error reporting), the staged API ---
check "C session sample builds (gcc -std=c89 -pedantic -Wall -Wextra -Werror)" \
  bash -c 'gcc -std=c89 -pedantic -Wall -Wextra -Werror "$1" -o "$2" $(pkg-config --cflags --libs smtpnative)' _ "$SAMPLES/c/session.c" "$BUILD/session"
check "C session sample authenticates, sends and reports each error" run_sample "SmtpNative C sample" auth "$BUILD/session"
check "C staged sample builds (gcc -std=c89 -pedantic -Wall -Wextra -Werror)" \
  bash -c 'gcc -std=c89 -pedantic -Wall -Wextra -Werror "$1" -o "$2" $(pkg-config --cflags --libs smtpnative)' _ "$SAMPLES/c/staged.c" "$BUILD/staged"
check "C staged sample: refused recipient fails its call only, content in pieces, no-recipient message reset" \
  run_sample "SmtpNative C staged sample" noauth "$BUILD/staged"

# --- C++17: RAII wrapper, exceptions from error codes ---
check "C++ sample builds (g++ -std=c++17 -Wall -Wextra -Werror -pedantic)" \
  bash -c 'g++ -std=c++17 -Wall -Wextra -Werror -pedantic "$1" -o "$2" $(pkg-config --cflags --libs smtpnative)' _ "$SAMPLES/cpp/client.cpp" "$BUILD/client-cpp"
check "C++ sample authenticates, sends, maps error codes to smtp::RejectedError" run_sample "SmtpNative C++ sample|SmtpNative C++ sample (staged)" auth "$BUILD/client-cpp"

# --- Free Pascal in Delphi mode, through the generated unit ---
build_pascal() {
  mkdir -p "$BUILD/pascal"
  fpc -Mdelphi -vw -Sew -Fu"$SAMPLES/delphi" -FU"$BUILD/pascal" -FE"$BUILD/pascal" -Fl"$DIST/lib" -k-rpath="$DIST/lib" "$SAMPLES/delphi/Sample.dpr"
}
check "Pascal sample builds (fpc -Mdelphi, warnings are errors) with SmtpNative.pas" build_pascal
check "Pascal sample authenticates, sends (progress callback), reports the errors" run_sample "SmtpNative Pascal sample|SmtpNative Pascal sample (staged)" auth "$BUILD/pascal/Sample"

# --- Python ctypes, through the generated module ---
check "Python sample authenticates, sends (progress callback reading a struct) and raises SmtpError" \
  run_sample "SmtpNative Python sample|SmtpNative Python sample (staged)" auth env SMTPNATIVE_LIB="$DIST/lib/libSmtpNative.so" /usr/bin/python3 "$SAMPLES/python/sample.py"

# --- C# [LibraryImport], through the generated declarations ---
check "C# sample builds with the generated bindings" \
  dotnet build "$SAMPLES/csharp/SmtpNativeSample.csproj" -c Release -nologo -v quiet -o "$BUILD/csharp"
check "C# sample authenticates, sends (progress callback), throws on the error codes" \
  run_sample "SmtpNative C# sample|SmtpNative C# sample (staged)" auth env LD_LIBRARY_PATH="$DIST/lib" dotnet "$BUILD/csharp/SmtpNativeSample.dll"

# --- every export of the built library is in every generated binding ---
bindings_cover_exports() {
  local exports missing=0 file name
  exports=$(nm -D --defined-only "$DIST/lib/libSmtpNative.so" | awk '$2=="T"{sub(/@.*/,"",$3);print $3}' | grep -E '^(Smtp|Dns|Mime)')
  for file in delphi/SmtpNative.pas python/smtpnative.py csharp/SmtpNative.Bindings.cs vb6/SmtpNative.bas; do
    for name in $exports; do
      grep -qw "$name" "$SAMPLES/$file" || { echo "$file lacks $name"; missing=1; }
    done
  done
  [ "$missing" -eq 0 ] && echo "$(echo "$exports" | wc -l) exports in each of 4 bindings"
}
check "every export of libSmtpNative.so is in the Pascal, Python, C# and VB6 bindings" bindings_cover_exports

echo "samples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
