#!/usr/bin/env bash
# Builds everything and runs every test: .NET unit + integration (real Azurite), web unit tests, browser tests
# in Debian's Chromium against the real app, the package check, and Bicep build + lint. Ends with a summary line.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/azurite.sh
source scripts/test-summary.sh   # record/record_step/summary: exit codes count, not only printed lines

OUT="$ROOT/artifacts/test"; mkdir -p "$OUT"
CLONE=""; PACKAGE_PID=""; BROWSER_PID=""
cleanup() {
  # The package build and the browser tests run in process groups of their own (setsid): stop all of each if the script ends first.
  [ -n "$PACKAGE_PID" ] && kill -- "-$PACKAGE_PID" 2>/dev/null
  [ -n "$BROWSER_PID" ] && kill -- "-$BROWSER_PID" 2>/dev/null
  stop_azurite; [ -n "$CLONE" ] && rm -rf "$CLONE"
}
trap cleanup EXIT INT TERM
# Each step prints the time since the start, so a slow step shows in the log (docs/benchmarks.md).
step() { echo; echo "==> [$(( SECONDS / 60 ))m$(( SECONDS % 60 ))s] $*"; }

step "The test script's own counting (tests/scripts/test-summary.test.sh)"
bash tests/scripts/test-summary.test.sh >"$OUT/summary-test.txt" 2>&1; code=$?
cat "$OUT/summary-test.txt"
record "summary self-test" $code "$(grep -Eo '^# pass [0-9]+' "$OUT/summary-test.txt" | grep -Eo '[0-9]+')" "$(grep -Eo '^# fail [0-9]+' "$OUT/summary-test.txt" | grep -Eo '[0-9]+')"

step "Building the deployment package in the background, from a clean clone of HEAD (what a stranger gets)"
# Built once: PackageTests runs this artifact and CleanCloneTests checks where it came from. Only committed files
# reach it, so a build that needs an untracked file fails here, not in Azure. It runs beside the steps below at a
# lower priority, filling the cores they leave idle (its Native AOT compile is the longest single step; at the same
# priority it delayed the .NET build and tests by more than it gained, docs/benchmarks.md), and the package tests wait for it.
# The handler is published Native AOT, which links with clang and zlib (ADR 0018): installed with apt when missing.
if { ! command -v clang && ! ls /usr/bin/clang-[0-9]*; } >/dev/null 2>&1 || [ ! -e /usr/include/zlib.h ]; then
  (apt-get update -qq && apt-get install -y -qq clang zlib1g-dev >/dev/null) || sudo apt-get install -y -qq clang zlib1g-dev >/dev/null || true
fi
CLONE="$(mktemp -d /tmp/afterglow-clone.XXXXXX)"
[ -n "$(git status --porcelain)" ] && echo "note: uncommitted changes are not in the package (it is built from HEAD $(git rev-parse --short HEAD))"
setsid bash -c 'git clone --quiet --no-checkout "$1" "$2" && git -C "$2" checkout --quiet --detach "$3" && cd "$2" \
  && env -u NODE_PATH -u AFTERGLOW_WEB_DIST nice -n 5 scripts/package.sh "$2/artifacts/afterglow.zip"' _ "$ROOT" "$CLONE" "$(git rev-parse HEAD)" \
  >"$OUT/package.txt" 2>&1 &
PACKAGE_PID=$!

step "Installing tools (Azurite, playwright-core) and web dependencies"
npm ci --no-audit --no-fund --loglevel=error || { echo "npm ci failed"; exit 1; }
(cd web && npm ci --no-audit --no-fund --loglevel=error) || { echo "web npm ci failed"; exit 1; }

step "Building the dashboard"
(cd web && npm run build); record_step "web build" $?

step "Web unit tests (Vitest)"
(cd web && npx vitest run --reporter=default 2>&1 | tee "$OUT/vitest.txt"; exit "${PIPESTATUS[0]}"); code=$?
v_line=$(grep -E '^ *Tests ' "$OUT/vitest.txt" | tail -1)   # "Tests  1 failed | 39 passed (40)"
v_pass=$(grep -Eo '[0-9]+ passed' <<<"$v_line" | grep -Eo '[0-9]+'); v_fail=$(grep -Eo '[0-9]+ failed' <<<"$v_line" | grep -Eo '[0-9]+')
record vitest $code "$v_pass" "$v_fail"

step "Building .NET (Release, warnings are errors)"
# Without the compiler's trimming and AOT analyzers: they took half of the handler's compile (~70 s of CPU), and the
# package's Native AOT publish above checks the same rules on the compiled code, warnings as errors (ADR 0018).
dotnet build Afterglow.slnx -c Release --nologo -v q -p:EnableTrimAnalyzer=false -p:EnableAotAnalyzer=false || { echo "dotnet build failed"; exit 1; }

step "Bicep build and lint"
if [ -x scripts/bicep.sh ]; then
  # Built once: the .NET tests read this template (AFTERGLOW_BICEP_OUT) instead of building it again.
  BICEP_OUT="$OUT/bicep" scripts/bicep.sh; code=$?; record_step "bicep build/lint" $code
  [ "$code" = 0 ] && export AFTERGLOW_BICEP_OUT="$OUT/bicep"
fi

step "Starting Azurite (in memory, free ports)"
start_azurite memory || exit 1
export AFTERGLOW_TEST_STORAGE="$AZURITE_CONNECTION"

step ".NET tests (unit + integration on Azurite; the package's own tests run at the end, once it is built)"
PACKAGE_TESTS="FullyQualifiedName~Afterglow.Tests.Deployment.PackageTests|FullyQualifiedName~Afterglow.Tests.Deployment.CleanCloneTests"
dotnet_tests() { # dotnet_tests NAME FILTER — runs, prints results and failures, records the counts
  local name=$1 log="$OUT/$1.txt" code
  dotnet test Afterglow.slnx -c Release --no-build --nologo --logger "console;verbosity=normal" --filter "$2" >"$log" 2>&1; code=$?
  grep -E "^\s+(Failed|Passed|Skipped) |Failed!|Passed!|error" "$log"
  # A failure's message and stack, so the log alone says what broke.
  [ "$code" -ne 0 ] && { echo "--- failures ---"; grep -E -A14 "^\s+Failed [A-Z]" "$log"; }
  record "$name" $code "$(grep -Eo 'Passed: +[0-9]+' "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {if (NR) print s}')" \
    "$(grep -Eo 'Failed: +[0-9]+' "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {if (NR) print s}')"
}
dotnet_tests dotnet "FullyQualifiedName!~Afterglow.Tests.Deployment.PackageTests&FullyQualifiedName!~Afterglow.Tests.Deployment.CleanCloneTests"

step "Browser tests (Debian Chromium against the real app, on an Azurite of their own)"
# After the .NET tests, not beside them: both keep the two cores busy, and side by side they took longer than one after
# the other (docs/benchmarks.md).
if [ -d tests/browser ] && ls tests/browser/*.test.mjs >/dev/null 2>&1; then
  # In a process group of its own, so that the script ending early stops the app, Azurite and Chromium with it.
  setsid scripts/browser-tests.sh >"$OUT/browser.txt" 2>&1 &
  BROWSER_PID=$!
  tail -n +1 -f --pid="$BROWSER_PID" "$OUT/browser.txt" & TAIL_PID=$!
  wait "$BROWSER_PID"; code=$?; BROWSER_PID=""; wait "$TAIL_PID"
  b_pass=$(grep -Eo '^# pass [0-9]+' "$OUT/browser.txt" | grep -Eo '[0-9]+'); b_fail=$(grep -Eo '^# fail [0-9]+' "$OUT/browser.txt" | grep -Eo '[0-9]+')
  record "browser tests" $code "$b_pass" "$b_fail"
else
  echo "no browser tests yet"
fi

step "Waiting for the package, then its tests (PackageTests, CleanCloneTests)"
if wait "$PACKAGE_PID"; then PACKAGE_PID=""
  export AFTERGLOW_PACKAGE="$CLONE/artifacts/afterglow.zip" AFTERGLOW_PACKAGE_CLONE="$CLONE"; record_step package 0
else code=$?; PACKAGE_PID=""; cat "$OUT/package.txt"; record_step "scripts/package.sh (clean clone)" $code; fi
dotnet_tests dotnet-package "$PACKAGE_TESTS"

step "Done"
summary
