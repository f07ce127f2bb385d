# Counting for scripts/test.sh, sourced: each runner adds its passed and failed tests, and a runner that exits
# non-zero counts as at least one failure even when its printed counts look green (a crashed fixture, a
# runner that died before its summary). tests/scripts/test-summary.test.sh checks these rules.
PASSED=0; FAILED=0; FAILED_RUNNERS=""

# record NAME EXIT_CODE PASSED FAILED — PASSED/FAILED may be empty when the runner printed no counts.
record() {
  local name=$1 code=$2 pass=${3:-} fail=${4:-}
  if [ -z "$pass$fail" ]; then
    echo "FAILED: $name printed no result (exit $code)"; FAILED=$((FAILED + 1)); FAILED_RUNNERS="$FAILED_RUNNERS $name"; return
  fi
  PASSED=$((PASSED + ${pass:-0})); FAILED=$((FAILED + ${fail:-0}))
  if [ "$code" != 0 ]; then
    FAILED_RUNNERS="$FAILED_RUNNERS $name"
    if [ "${fail:-0}" = 0 ]; then echo "FAILED: $name exited $code although it counted no failed test"; FAILED=$((FAILED + 1)); fi
  elif [ "${fail:-0}" != 0 ]; then
    FAILED_RUNNERS="$FAILED_RUNNERS $name"
  fi
}

# record_step NAME EXIT_CODE — a step with no test counts of its own (a build, a lint): one pass or one failure.
record_step() { if [ "$2" = 0 ]; then record "$1" 0 1 0; else echo "FAILED: $1 (exit $2)"; record "$1" "$2" 0 1; fi; }

# summary — prints the final line and returns non-zero when anything failed.
summary() {
  echo
  [ -n "$FAILED_RUNNERS" ] && echo "Failed runners:$FAILED_RUNNERS"
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" = 0 ] && [ -z "$FAILED_RUNNERS" ]
}
