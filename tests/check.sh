# Sourced by the shell test scripts: check NAME COMMAND... runs the command, prints PASS/FAIL
# (with the last 30 lines of its output on failure) and counts into $passed / $failed.
passed=0; failed=0
check() {
  local name=$1; shift
  local out
  if out=$("$@" 2>&1); then
    passed=$((passed + 1)); echo "PASS $name"
  else
    failed=$((failed + 1)); echo "FAIL $name"; printf '%s\n' "$out" | tail -30 | sed 's/^/    /'
  fi
}
