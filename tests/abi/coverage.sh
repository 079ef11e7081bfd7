#!/usr/bin/env bash
# Every export in native-headers/abi.txt must be called by at least one C program that runs against
# the built library: tests/abi/*.c or interop-samples/c/*.c. Usage: tests/abi/coverage.sh
#   XA / XW / a function without text: its name appears in the code (comments removed);
#   a plain call X(...) of a text function counts for XA (the header maps X to XA without UNICODE);
#   the plain alias X itself: reached by name through dlsym in a test that takes every alias from
#   abi.txt at run time (test_plain_names.c reads SMTPNATIVE_ABI_LIST), so no list here can go stale.
# Prints each export nobody calls; the last line is "coverage: N passed, N failed" (one per export).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"

exports=$(awk '$1 == "export" { print $2 }' native-headers/abi.txt)
sources=(tests/abi/*.c interop-samples/c/*.c)

# The dlsym test that walks every alias published in abi.txt.
alias_test=$(grep -l 'SMTPNATIVE_ABI_LIST' tests/abi/test_*.c 2>/dev/null | xargs -r grep -l 'dlsym' | head -1)

# Identifiers in the code of the given files, comments removed (gcc -fpreprocessed strips comments, expands nothing).
identifiers() {
  for f in "$@"; do gcc -fpreprocessed -dD -E -P -x c "$f" 2>/dev/null; done | grep -ohE '\b(Smtp|Dns|Mime)[A-Za-z0-9_]*\b' | sort -u
}
used=$(identifiers "${sources[@]}")
# Plain names count for XA only where they are calls through the header, not names handed to dlsym.
# shellcheck disable=SC2046  # one file name per word
macro_calls=$(identifiers $(printf '%s\n' "${sources[@]}" | grep -vx "${alias_test:-/}"))

is_export() { grep -qx "$1" <<<"$exports"; }
is_used() { grep -qx "$1" <<<"$used"; }
is_plain_alias() { is_export "${1}A" && is_export "${1}W"; }

passed=0 failed=0
while read -r name; do
  ok=
  if is_plain_alias "$name"; then
    [ -n "$alias_test" ] && ok=1           # resolved and checked through dlsym by the alias test
  elif is_used "$name"; then
    ok=1
  elif [[ $name == *A ]] && is_plain_alias "${name%A}" && grep -qx "${name%A}" <<<"$macro_calls"; then
    ok=1                                   # X(...) through the header's macro is XA
  fi
  if [ -n "$ok" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); echo "not called from any C test or sample: $name"
  fi
done <<<"$exports"

[ -n "$alias_test" ] && echo "plain-name aliases are checked through dlsym by $alias_test"
echo "coverage: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
