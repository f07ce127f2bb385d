#!/usr/bin/env bash
# Builds everything and runs every test: .NET unit + integration (real Azurite), web unit tests, browser tests
# in Debian's Chromium against the real app, the package check, and Bicep build + lint. Ends with a summary line.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/azurite.sh
source scripts/test-summary.sh   # record/record_step/summary: exit codes count, not only printed lines

APP_PID=""
OUT="$ROOT/artifacts/test"; mkdir -p "$OUT"
cleanup() { [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null; stop_azurite; }
trap cleanup EXIT INT TERM
step() { echo; echo "==> $*"; }

step "The test script's own counting (tests/scripts/test-summary.test.sh)"
bash tests/scripts/test-summary.test.sh >"$OUT/summary-test.txt" 2>&1; code=$?
cat "$OUT/summary-test.txt"
record "summary self-test" $code "$(grep -Eo '^# pass [0-9]+' "$OUT/summary-test.txt" | grep -Eo '[0-9]+')" "$(grep -Eo '^# fail [0-9]+' "$OUT/summary-test.txt" | grep -Eo '[0-9]+')"

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
dotnet build Afterglow.slnx -c Release --nologo -v q || { echo "dotnet build failed"; exit 1; }

step "Starting Azurite (in memory, free ports)"
start_azurite memory || exit 1
export AFTERGLOW_TEST_STORAGE="$AZURITE_CONNECTION"

step "Building the deployment package"
if [ -x scripts/package.sh ]; then
  if scripts/package.sh >"$OUT/package.txt" 2>&1; then export AFTERGLOW_PACKAGE="$ROOT/artifacts/afterglow.zip"; record_step package 0
  else code=$?; cat "$OUT/package.txt"; record_step "scripts/package.sh" $code; fi
fi

step ".NET tests (unit + integration on Azurite)"
dotnet test Afterglow.slnx -c Release --no-build --nologo --logger "console;verbosity=normal" >"$OUT/dotnet.txt" 2>&1; code=$?
grep -E "^\s+(Failed|Passed|Skipped) |Failed!|Passed!|error" "$OUT/dotnet.txt"
# A failure's message and stack, so the log alone says what broke.
[ "$code" -ne 0 ] && { echo "--- failures ---"; grep -E -A14 "^\s+Failed [A-Z]" "$OUT/dotnet.txt"; }
d_pass=$(grep -Eo 'Passed: +[0-9]+' "$OUT/dotnet.txt" | grep -Eo '[0-9]+' | awk '{s+=$1} END {if (NR) print s}')
d_fail=$(grep -Eo 'Failed: +[0-9]+' "$OUT/dotnet.txt" | grep -Eo '[0-9]+' | awk '{s+=$1} END {if (NR) print s}')
record "dotnet test" $code "$d_pass" "$d_fail"

step "Browser tests (Debian Chromium against the real app)"
# The tests sign in a dozen times a minute; the login limit itself is tested in the .NET tests (SignInTests).
if [ -d tests/browser ] && ls tests/browser/*.test.mjs >/dev/null 2>&1; then
  if [ ! -x /usr/bin/chromium ]; then
    (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || sudo apt-get install -y -qq chromium >/dev/null || true
  fi
  # Chinese pages need a CJK font, or the screenshots in docs/ show boxes instead of characters.
  if ! fc-list 2>/dev/null | grep -qi cjk; then
    apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 || sudo apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 || true
  fi
  PORT=$(free_port)
  export AFTERGLOW_URL="http://127.0.0.1:$PORT" AFTERGLOW_ADMIN_EMAIL="admin@browser.test" AFTERGLOW_ADMIN_PASSWORD="browser-test-password"
  ASPNETCORE_ENVIRONMENT=Development PORT=$PORT Storage__ConnectionString="$AZURITE_CONNECTION" Storage__Prefix="browser" \
    AFTERGLOW_WEB_ROOT="$ROOT/web/dist" Sms__Gateway=devphone Auth__LoginAttemptsPerMinute=1000 \
    dotnet functions/Afterglow.App/bin/Release/net10.0/Afterglow.dll >"$OUT/app.log" 2>&1 &
  APP_PID=$!
  wait_healthy "$AFTERGLOW_URL" || cat "$OUT/app.log"
  node --test --test-concurrency=1 tests/browser/ 2>&1 | tee "$OUT/browser.txt"; code=${PIPESTATUS[0]}
  b_pass=$(grep -Eo '^# pass [0-9]+' "$OUT/browser.txt" | grep -Eo '[0-9]+'); b_fail=$(grep -Eo '^# fail [0-9]+' "$OUT/browser.txt" | grep -Eo '[0-9]+')
  record "browser tests" $code "$b_pass" "$b_fail"
  kill "$APP_PID" 2>/dev/null; APP_PID=""
else
  echo "no browser tests yet"
fi

step "Bicep build and lint"
if [ -x scripts/bicep.sh ]; then
  scripts/bicep.sh; record_step "bicep build/lint" $?
fi

summary
