#!/usr/bin/env bash
# Checks scripts/test-summary.sh: a runner's exit code decides, not only the counts it printed.
set -u
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ok=0; bad=0
check() { # check DESCRIPTION EXPECTED_EXIT EXPECTED_LINE -- commands run in a fresh shell after sourcing
  local desc=$1 want_code=$2 want_line=$3; shift 3
  local out code
  out=$(bash -c "source '$ROOT/scripts/test-summary.sh'; $*; summary" 2>&1); code=$?
  local last; last=$(printf '%s\n' "$out" | tail -1)
  if { [ "$want_code" = 0 ] && [ "$code" = 0 ]; } || { [ "$want_code" != 0 ] && [ "$code" != 0 ]; }; then
    if [ "$last" = "$want_line" ]; then ok=$((ok + 1)); echo "ok - $desc"; return; fi
  fi
  bad=$((bad + 1)); echo "not ok - $desc (exit $code, last line '$last', wanted exit $want_code and '$want_line')"
}
check "all green" 0 "12 passed, 0 failed" "record dotnet 0 10 0; record_step build 0; record_step lint 0"
check "counts green but the runner exited 1" 1 "10 passed, 1 failed" "record dotnet 1 10 0"
check "counted failures and exit 1 are not counted twice" 1 "8 passed, 2 failed" "record dotnet 1 8 2"
check "a runner that printed nothing" 1 "0 passed, 1 failed" "record browser 0 '' ''"
check "counted failures with exit 0 still fail" 1 "5 passed, 1 failed" "record vitest 0 5 1"
check "only failures given" 1 "0 passed, 3 failed" "record vitest 1 '' 3"
check "a failed step" 1 "3 passed, 1 failed" "record dotnet 0 3 0; record_step bicep 2"
check "sums across runners" 0 "7 passed, 0 failed" "record a 0 3 0; record b 0 4 ''"
echo "# pass $ok"; echo "# fail $bad"
[ "$bad" = 0 ]
