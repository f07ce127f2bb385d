#!/usr/bin/env bash
# Builds everything and runs every test: .NET unit + integration (real Azurite), web unit tests, browser tests
# in Debian's Chromium against the real app, the package check, and Bicep build + lint. Ends with a summary line.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/azurite.sh

PASSED=0; FAILED=0; APP_PID=""
OUT="$ROOT/artifacts/test"; mkdir -p "$OUT"
cleanup() { [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null; stop_azurite; }
trap cleanup EXIT INT TERM
count() { PASSED=$((PASSED + $1)); FAILED=$((FAILED + $2)); }
step() { echo; echo "==> $*"; }
fail_step() { echo "FAILED: $*"; count 0 1; }

step "Installing tools (Azurite, playwright-core) and web dependencies"
npm ci --no-audit --no-fund --loglevel=error || { echo "npm ci failed"; exit 1; }
(cd web && npm ci --no-audit --no-fund --loglevel=error) || { echo "web npm ci failed"; exit 1; }

step "Building the dashboard"
if (cd web && npm run build); then count 1 0; else fail_step "web build"; fi

step "Web unit tests (Vitest)"
if (cd web && npx vitest run --reporter=default 2>&1 | tee "$OUT/vitest.txt"); then :; fi
v_pass=$(grep -Eo 'Tests +[0-9]+ passed' "$OUT/vitest.txt" | grep -Eo '[0-9]+' | tail -1); v_fail=$(grep -Eo '[0-9]+ failed' "$OUT/vitest.txt" | grep -Eo '[0-9]+' | tail -1)
if [ -z "$v_pass$v_fail" ]; then fail_step "vitest printed no result"; else count "${v_pass:-0}" "${v_fail:-0}"; fi

step "Building .NET (Release, warnings are errors)"
dotnet build Afterglow.slnx -c Release --nologo -v q || { echo "dotnet build failed"; exit 1; }

step "Starting Azurite (in memory, free ports)"
start_azurite memory || exit 1
export AFTERGLOW_TEST_STORAGE="$AZURITE_CONNECTION"

step "Building the deployment package"
if [ -x scripts/package.sh ]; then
  if scripts/package.sh >"$OUT/package.txt" 2>&1; then export AFTERGLOW_PACKAGE="$ROOT/artifacts/afterglow.zip"; count 1 0
  else cat "$OUT/package.txt"; fail_step "scripts/package.sh"; fi
fi

step ".NET tests (unit + integration on Azurite)"
dotnet test Afterglow.slnx -c Release --no-build --nologo --logger "console;verbosity=normal" 2>&1 | tee "$OUT/dotnet.txt" | grep -E "^\s+(Failed|Passed|Skipped) |Failed!|Passed!|error" || true
d_pass=$(grep -Eo 'Passed: +[0-9]+' "$OUT/dotnet.txt" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
d_fail=$(grep -Eo 'Failed: +[0-9]+' "$OUT/dotnet.txt" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
if [ "$d_pass" = 0 ] && [ "$d_fail" = 0 ]; then fail_step "dotnet test printed no result"; else count "$d_pass" "$d_fail"; fi

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
  node --test --test-concurrency=1 tests/browser/ 2>&1 | tee "$OUT/browser.txt"
  b_pass=$(grep -Eo '^# pass [0-9]+' "$OUT/browser.txt" | grep -Eo '[0-9]+'); b_fail=$(grep -Eo '^# fail [0-9]+' "$OUT/browser.txt" | grep -Eo '[0-9]+')
  if [ -z "$b_pass$b_fail" ]; then fail_step "browser tests printed no result"; else count "${b_pass:-0}" "${b_fail:-0}"; fi
  kill "$APP_PID" 2>/dev/null; APP_PID=""
else
  echo "no browser tests yet"
fi

step "Bicep build and lint"
if [ -x scripts/bicep.sh ]; then
  if scripts/bicep.sh; then count 1 0; else fail_step "bicep build/lint"; fi
fi

echo
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
