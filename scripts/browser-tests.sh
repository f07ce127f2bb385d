#!/usr/bin/env bash
# Runs the browser tests (tests/browser/*.test.mjs, node --test) in Debian's Chromium against the real app, on an
# Azurite of their own, and stops both afterwards. Needs the Release build (dotnet build -c Release) and web/dist.
# scripts/test.sh runs it after the .NET tests; alone: scripts/browser-tests.sh [test files...]. AFTERGLOW_APP=<executable>
# runs another build of the handler instead, e.g. the Native AOT one unpacked from the package.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/azurite.sh

APP_PID=""; CHROMIUM_PID=""
cleanup() { [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null; [ -n "$CHROMIUM_PID" ] && kill "$CHROMIUM_PID" 2>/dev/null; stop_azurite; }
trap cleanup EXIT INT TERM

if [ ! -x /usr/bin/chromium ]; then
  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || sudo apt-get install -y -qq chromium >/dev/null || true
fi
# Chinese pages need a CJK font, or the screenshots in docs/ show boxes instead of characters.
if ! fc-list 2>/dev/null | grep -qi cjk; then
  apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 || sudo apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 || true
fi

OUT="$ROOT/artifacts/test"; mkdir -p "$OUT"
AZURITE_LOG="$OUT/azurite-browser.log" start_azurite memory || exit 1
# The tests sign in a dozen times a minute; the login limit itself is tested in the .NET tests (SignInTests). The suite
# creates hundreds of retirees whose check-ins go out together, and an SMS a test waits for must not queue behind them
# at 200 a minute; pacing itself is tested in the .NET tests (AcsPacingTests). The app logs warnings and errors only:
# a line per request was 17,000 lines of app.log a run, CPU the tests share.
PORT=$(free_port)
export AFTERGLOW_URL="http://127.0.0.1:$PORT" AFTERGLOW_ADMIN_EMAIL="admin@browser.test" AFTERGLOW_ADMIN_PASSWORD="browser-test-password"
ASPNETCORE_ENVIRONMENT=Development PORT=$PORT Storage__ConnectionString="$AZURITE_CONNECTION" Storage__Prefix="browser" \
  AFTERGLOW_WEB_ROOT="$ROOT/web/dist" Sms__Gateway=devphone Auth__LoginAttemptsPerMinute=1000 Sms__RatePerMinute=5000 \
  Logging__LogLevel__Default=Warning \
  ${AFTERGLOW_APP:-dotnet functions/Afterglow.App/bin/Release/net10.0/Afterglow.dll} >"$OUT/app.log" 2>&1 &
APP_PID=$!
wait_healthy "$AFTERGLOW_URL" || { cat "$OUT/app.log"; exit 1; }

# One Chromium for every test file (each connects to it), not one launched per file.
WS_FILE="$OUT/chromium-endpoint"; rm -f "$WS_FILE"
node tests/browser/browser-server.mjs "$WS_FILE" &
CHROMIUM_PID=$!
for _ in $(seq 1 100); do [ -s "$WS_FILE" ] && break; kill -0 "$CHROMIUM_PID" 2>/dev/null || break; sleep 0.1; done
[ -s "$WS_FILE" ] || { echo "Chromium did not start"; exit 1; }
export AFTERGLOW_BROWSER_WS="$(cat "$WS_FILE")"

if [ $# -gt 0 ]; then node --test --test-concurrency=1 "$@"; else node --test --test-concurrency=1 tests/browser/; fi
