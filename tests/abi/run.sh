#!/usr/bin/env bash
# ABI tests: the library as a C program sees it. Usage: tests/abi/run.sh <dist/linux-x64> [name glob]
# (the glob picks C tests by name, e.g. "wide*" runs test_wide*.c; default: all).
# Each check prints PASS/FAIL; the last line is "abi: N passed, N failed".
set -uo pipefail
DIST=$(cd "${1:?usage: run.sh <dist dir>}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=$HERE/build
HDR=$DIST/include/smtpnative.h
LIB=$DIST/lib/libSmtpNative.so
mkdir -p "$BUILD"
. "$ROOT/tests/check.sh"

# --- the header compiles cleanly in every language mode, with and without UNICODE ---
printf '#include "smtpnative.h"\nint main(void) { return SmtpGetVersion() == SMTPNATIVE_VERSION_NUM ? 0 : 1; }\n' > "$BUILD/hdr.c"
cp "$BUILD/hdr.c" "$BUILD/hdr.cpp"
for std in c89 c99 c11; do
  check "header compiles as $std -Wall -Wextra -Werror -pedantic" \
    gcc -std=$std -pedantic -Wall -Wextra -Werror -I"$DIST/include" -c "$BUILD/hdr.c" -o "$BUILD/hdr-$std.o"
  check "header compiles as $std with UNICODE" \
    gcc -std=$std -pedantic -Wall -Wextra -Werror -DUNICODE -I"$DIST/include" -c "$BUILD/hdr.c" -o "$BUILD/hdr-$std-u.o"
done
check "header compiles as C++17 -Wall -Wextra -Werror -pedantic" \
  g++ -std=c++17 -pedantic -Wall -Wextra -Werror -I"$DIST/include" -c "$BUILD/hdr.cpp" -o "$BUILD/hdr-cpp.o"
check "header compiles as C++98 with UNICODE" \
  g++ -std=c++98 -pedantic -Wall -Wextra -Werror -DUNICODE -I"$DIST/include" -c "$BUILD/hdr.cpp" -o "$BUILD/hdr-cpp98.o"

# --- exported symbols == declared functions (+ plain-name aliases declared as UNICODE macros) ---
symbols_match() {
  local exported declared
  exported=$(nm -D --defined-only "$LIB" | awk '$2=="T"{sub(/@.*/,"",$3);print $3}' | grep -E '^(Smtp|Dns|Mime)' | sort -u)
  declared=$( { grep -oE '^SMTPNATIVE_IMPORT [A-Z_]+ SMTPAPI [A-Za-z0-9_]+\(' "$HDR" | awk '{sub(/\(/,"",$4); print $4}';
                grep -oE '^#define (Smtp|Dns|Mime)[A-Za-z0-9_]+ ' "$HDR" | awk '{print $2}'; } | sort -u)
  if [ "$exported" != "$declared" ]; then
    echo "exported but not declared:"; comm -23 <(echo "$exported") <(echo "$declared")
    echo "declared but not exported:"; comm -13 <(echo "$exported") <(echo "$declared")
    return 1
  fi
  echo "$(echo "$exported" | wc -l) symbols"
}
check "exported symbols equal the header's declarations" symbols_match
check "library has SONAME libSmtpNative.so.1" bash -c "readelf -d '$LIB' | grep -q 'SONAME.*\[libSmtpNative.so.1\]'"
check "checked-in header equals the one in dist" cmp "$ROOT/native-headers/smtpnative.h" "$HDR"

# --- abi.txt is append-only: along main's history every version is a prefix of the next ---
abi_append_only() {
  local file=native-headers/abi.txt prev="" rev
  cd "$ROOT"
  git rev-parse --git-dir >/dev/null 2>&1 || { echo "not a git checkout"; return 1; }
  # main's history when the branch exists (a feature branch that merged main has main's abi.txt
  # interleaved with its own, which is not main's history); then this tree must extend main's latest.
  local line=HEAD
  git rev-parse --verify -q refs/heads/main >/dev/null && line=refs/heads/main
  for rev in $(git log --first-parent --reverse --format=%H "$line" -- "$file") WORKTREE; do
    local cur
    if [ "$rev" = WORKTREE ]; then cur=$(cat "$file"); else cur=$(git show "$rev:$file" 2>/dev/null) || continue; fi
    cur=$(printf '%s\n' "$cur" | grep -v '^#')
    if [ -n "$prev" ] && [ "${cur:0:${#prev}}" != "$prev" ]; then
      echo "abi.txt at $rev is not an append to the version before it"; return 1
    fi
    prev=$cur
  done
  # every entry still holds: exported symbols and constant values
  local missing
  # nm's output is read once: "nm | grep -q" under pipefail fails at random once grep stops reading early (SIGPIPE)
  local symbols
  symbols=$(nm -D --defined-only "$LIB")
  missing=$(grep '^export ' "$file" | awk '{print $2}' | while read -r s; do grep -q " T $s@" <<<"$symbols" || echo "$s"; done)
  [ -z "$missing" ] || { echo "published exports missing from the library: $missing"; return 1; }
  grep '^const ' "$file" | while read -r _ name value; do
    grep -qE "^#define $name \(\([A-Z]+\)$value(UL)?\)" "$HDR" || { echo "constant $name changed or vanished (published $value)"; exit 1; }
  done
}
check "abi.txt is append-only and still holds" abi_append_only

# --- C programs against the real library and a real server (aiosmtpd) ---
# A test names its server's options in a comment line "// server-args: ..." (default: none); $CERTS
# there is the directory of a test PKI made once for this run (tests/servers/make_test_certs.sh), whose
# CA every test trusts the production way: SSL_CERT_FILE in its environment.
CERTS=$(mktemp -d)
bash "$ROOT/tests/servers/make_test_certs.sh" "$CERTS" >/dev/null || { echo "FAIL making the test certificates"; exit 1; }
CFLAGS=(-std=c99 -Wall -Wextra -Werror -I"$DIST/include" -I"$HERE")
LDFLAGS=(-L"$DIST/lib" -lSmtpNative -lpthread -Wl,-rpath,"$DIST/lib")
CFLAGS+=(-I"$BUILD")
# Every published error code, for tests that walk them all.
grep -oE '^#define ST_ERROR_[A-Z0-9_]+' "$HDR" | awk '{print $2 ","}' > "$BUILD/errors.inc"
grep -oE '^#define ST_ERROR_[A-Z0-9_]+' "$HDR" | awk '{n=$2; sub(/^ST_ERROR_/,"",n); print "{ \"" n "\", " $2 " },"}' > "$BUILD/error_names.inc"
build_c() { gcc "${CFLAGS[@]}" "$HERE/$1.c" -o "$BUILD/$1" "${LDFLAGS[@]}"; }

. "$ROOT/tests/servers/capture.sh"
trap 'stop_capture; [ -n "${CERTS:-}" ] && rm -rf "$CERTS"' EXIT

for t in "$HERE"/test_${2:-*}.c; do
  name=$(basename "${t%.c}")
  if ! build_c "$name" > "$BUILD/$name.log" 2>&1; then
    failed=$((failed + 1)); echo "FAIL $name (does not compile)"; sed 's/^/    /' "$BUILD/$name.log"; continue
  fi
  server_args=$(sed -n 's|^// server-args: *||p' "$t" | head -1)
  # shellcheck disable=SC2086  # the args are words on purpose
  start_capture ${server_args//\$CERTS/$CERTS} || { failed=$((failed + 1)); echo "FAIL $name (aiosmtpd did not start)"; continue; }
  # Tests that say DELIVERY_LAB also get dnsmasq and SMTP servers on 127.0.0.x (LAB_* variables).
  lab=()
  grep -q DELIVERY_LAB "$t" && lab=(/usr/bin/python3 "$ROOT/tests/servers/delivery_lab.py" --)
  check "$name" env CAPTURE_PORT="$CAPTURE_PORT" CAPTURE_DIR="$CAPTURE_DIR" SMTPNATIVE_TEST_CERTS="$CERTS" SSL_CERT_FILE="$CERTS/ca.pem" \
    SMTPNATIVE_LIB="$LIB" SMTPNATIVE_ABI_LIST="$ROOT/native-headers/abi.txt" SMTPNATIVE_ROOT="$ROOT" "${lab[@]}" "$BUILD/$name"
  stop_capture
done

echo "abi: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
