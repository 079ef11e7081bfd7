#!/usr/bin/env bash
# SmtpNative build script (Linux).
#
#   ./build.sh          install what is missing, build the library, header and samples into
#                       dist/linux-x64/, then run the demo: a C program sends a real message
#                       through libSmtpNative.so to a local aiosmtpd, which prints what it got.
#   ./build.sh test     build, then run every test (xunit, ABI, C/C++ samples, misuse).
#   ./build.sh publish  build only.
#   ./build.sh bench    build, then run the benchmark (bench/run): SmtpNative and its peers against one
#                       smtp-sink, table in bench/results.md. Not part of test.
#   ./build.sh fuzz [S] each fuzz target under AFL++ (SharpFuzz-instrumented) for S seconds (default 600).
#   ./build.sh soak [N] N messages (default 1,000,000) to smtp-sink, RSS reported; fails on growth.
#
# Needs only the .NET SDK on a Debian machine: missing Debian packages are installed with
# apt-get (as root), NuGet packages are restored by dotnet.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
RID=linux-x64
DIST=$ROOT/dist/$RID
OUT=$ROOT/out
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '\n== %s\n' "$*"; }

# Debian packages the build, the demo and the tests use (each a real, independent tool).
DEB_PACKAGES=(gcc g++ make cmake pkg-config binutils python3 python3-aiosmtpd openssl swaks dnsmasq-base fpc libcurl4-openssl-dev postfix afl++)

install_deps() {
  local missing=()
  for p in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then
    echo "run as root, or install: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  # postfix is only wanted for smtp-sink/smtp-source: no mail system is configured or started.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

publish() {
  log "publishing the NativeAOT library ($RID)"
  dotnet publish src/SmtpNative/SmtpNative.csproj -c Release -r "$RID" -o "$OUT/publish" -nologo -v quiet
  log "generating the header and bindings"
  dotnet run --project src/SmtpNative.HeaderGen -c Release -- native-headers
  rm -rf "$DIST"
  mkdir -p "$DIST/lib/pkgconfig" "$DIST/lib/cmake/SmtpNative" "$DIST/include"
  cp "$OUT/publish/SmtpNative.so" "$DIST/lib/libSmtpNative.so.1"
  ln -sf libSmtpNative.so.1 "$DIST/lib/libSmtpNative.so"
  cp native-headers/smtpnative.h "$DIST/include/"
  local version
  version=$(sed -n 's/^#define SMTPNATIVE_VERSION_STRING "\(.*\)"/\1/p' native-headers/smtpnative.h)
  sed "s|@VERSION@|$version|" packaging/smtpnative.pc.in > "$DIST/lib/pkgconfig/smtpnative.pc"
  sed "s|@VERSION@|$version|" packaging/SmtpNativeConfig.cmake.in > "$DIST/lib/cmake/SmtpNative/SmtpNativeConfig.cmake"
  sed "s|@VERSION@|$version|" packaging/SmtpNativeConfigVersion.cmake.in > "$DIST/lib/cmake/SmtpNative/SmtpNativeConfigVersion.cmake"
  build_samples
}

build_samples() {
  log "building the C samples against dist/"
  mkdir -p "$OUT/samples"
  for src in interop-samples/c/*.c; do
    gcc -std=c99 -Wall -Wextra -Werror -I"$DIST/include" "$src" -L"$DIST/lib" -lSmtpNative \
      -Wl,-rpath,"$DIST/lib" -o "$OUT/samples/$(basename "${src%.c}")"
  done
}

# start_capture / stop_capture: aiosmtpd (tests/servers/capture_server.py) on a free port.
. tests/servers/capture.sh

demo() {
  log "demo: a C program sends a message through libSmtpNative.so to aiosmtpd on 127.0.0.1"
  start_capture
  trap stop_capture EXIT
  "$OUT/samples/send" 127.0.0.1 "$CAPTURE_PORT" sender@example.test "recipient@example.test, reject-nobody@example.test"
  "$OUT/samples/send" 127.0.0.1 "$CAPTURE_PORT" sender@example.test "rejectme@example.test" || echo "(as expected: every recipient refused)"
  echo; echo "-- aiosmtpd received (envelope, then the message as it arrived):"
  cat "$CAPTURE_DIR/1.env"; echo; cat "$CAPTURE_DIR/1.eml"
  stop_capture; trap - EXIT
}

# Each step prints its own summary; the counts are added up into the closing line. A step whose
# output has no summary counts as one test.
run_tests() {
  local failed=0 passed=0 log
  log=$(mktemp)
  step() {
    local name=$1; shift
    log "test: $name"
    local rc
    set +e
    "$@" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    set -e
    local p f
    read -r p f < <(python3 - "$log" <<'PY'
import re, sys
p = f = 0; found = False
for line in open(sys.argv[1], errors="replace"):
    m = re.search(r"Failed:\s*(\d+), Passed:\s*(\d+)", line)          # dotnet test
    if m: f += int(m.group(1)); p += int(m.group(2)); found = True; continue
    m = re.match(r"^\s+(Passed|Failed): (\d+)$", line)                  # dotnet test, detailed logger
    if m:
        if m.group(1) == "Passed": p += int(m.group(2))
        else: f += int(m.group(2))
        found = True; continue
    m = re.match(r"^\s*(?:[\w-]+: )?(\d+) passed, (\d+) failed", line)  # our scripts
    if m: p += int(m.group(1)); f += int(m.group(2)); found = True
print(p, f) if found else print(-1, -1)
PY
)
    if [ "$p" -lt 0 ]; then if [ "$rc" -eq 0 ]; then p=1 f=0; else p=0 f=1; fi; fi
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    passed=$((passed + p)); failed=$((failed + f))
    [ "$rc" -eq 0 ] || echo "FAILED: $name"
  }
  step "header and bindings are up to date (regenerated, no diff)" \
    dotnet run --project src/SmtpNative.HeaderGen -c Release --no-build -- native-headers -check
  step "ABI and C tests (tests/abi)" bash tests/abi/run.sh "$DIST"
  step "every export is called from a C test or sample (tests/abi/coverage.sh)" bash tests/abi/coverage.sh
  step "interop samples: C, CMake, pkg-config, C++, Pascal, Python, C# against aiosmtpd (tests/samples/languages.sh)" \
    bash tests/samples/languages.sh "$DIST"
  step "samples: relay.c and direct.c against local servers (tests/samples)" bash tests/samples/run.sh "$OUT/samples"
  # TLS tests trust a CA made for this run, the way a user trusts a private CA: SSL_CERT_FILE.
  local certs
  certs=$(mktemp -d)
  bash tests/servers/make_test_certs.sh "$certs" >/dev/null
  step "xunit: managed engine and native library" \
    env SMTPNATIVE_LIB="$DIST/lib/libSmtpNative.so" SMTPNATIVE_TEST_CERTS="$certs" SSL_CERT_FILE="$certs/ca.pem" dotnet test tests/SmtpNative.Tests/SmtpNative.Tests.csproj -c Release --logger "console;verbosity=normal"
  step "fuzz targets: seed corpora, regressions, then a bounded mutation run (10 s each)" \
    dotnet run --project tests/fuzz/SmtpNative.Fuzz -c Release -- run all 10 tests/fuzz 20261204
  rm -rf "$certs"
  rm -f "$log"
  echo
  echo "tests: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

# Long fuzzing: every target under afl-fuzz, SharpFuzz instrumenting the engine. Crashes are copied to
# tests/fuzz/crashes/<target>/ (fix, then move them to tests/fuzz/regressions/<target>/).
fuzz() {
  local seconds=${1:-600} crashed=0 t
  log "fuzzing each target for $seconds s under AFL++"
  dotnet tool list --tool-path "$OUT/tools" | grep -qi sharpfuzz \
    || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$OUT/tools"
  rm -rf "$OUT/fuzz"
  dotnet publish tests/fuzz/SmtpNative.Fuzz -c Release -o "$OUT/fuzz" -nologo -v quiet
  "$OUT/tools/sharpfuzz" "$OUT/fuzz/SmtpNative.Core.dll"
  for t in reply ehlo address data mime; do
    rm -rf "$OUT/fuzz-findings/$t"
    AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
      afl-fuzz -V "$seconds" -i "tests/fuzz/corpus/$t" -o "$OUT/fuzz-findings/$t" -t 5000 -m none \
      -- dotnet "$OUT/fuzz/SmtpNative.Fuzz.dll" afl "$t" > "$OUT/fuzz-findings/$t.log" 2>&1 || true
    local stats=$OUT/fuzz-findings/$t/default/fuzzer_stats crashes
    if [ ! -f "$stats" ]; then
      echo "$t: afl-fuzz did not run (see $OUT/fuzz-findings/$t.log)"; crashed=1; continue
    fi
    crashes=$(find "$OUT/fuzz-findings/$t/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
    echo "$t: $(grep -E '^execs_done' "$stats" | awk '{print $3}') executions, $(grep -E '^corpus_count' "$stats" | awk '{print $3}') corpus entries, $crashes crashes"
    if [ "$crashes" -gt 0 ]; then
      crashed=1
      mkdir -p "tests/fuzz/crashes/$t"
      cp "$OUT/fuzz-findings/$t/default/crashes/"id:* "tests/fuzz/crashes/$t/"
    fi
  done
  [ "$crashed" -eq 0 ] || { echo "crashes saved under tests/fuzz/crashes/"; return 1; }
}

cmd=${1:-all}
case "$cmd" in
  all) install_deps; publish; demo ;;
  publish) install_deps; publish ;;
  test) install_deps; publish; run_tests ;;
  bench) install_deps; publish; bench/run "${@:2}" ;;
  fuzz) install_deps; fuzz "${2:-600}" ;;
  soak) install_deps; publish; bash tests/soak/run.sh "$DIST" "${2:-1000000}" ;;
  *) echo "usage: $0 [test|publish|bench [--readme]|fuzz [seconds]|soak [messages]]" >&2; exit 2 ;;
esac
