#!/usr/bin/env bash
# Starts Afterglow on http://127.0.0.1:7071 with Azurite and the dev phone. Ctrl+C stops both.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/azurite.sh

echo "==> Installing tools (Azurite) and building the dashboard"
[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund
(cd web && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run build)

echo "==> Building the app"
dotnet build functions/Afterglow.App -c Debug --nologo -v quiet

echo "==> Starting Azurite (data in .azurite/)"
start_azurite "$ROOT/.azurite"
trap 'echo; echo "Stopping"; kill ${APP_PID:-} 2>/dev/null || true; stop_azurite' EXIT INT TERM

export ASPNETCORE_ENVIRONMENT=Development
export Storage__ConnectionString="$AZURITE_CONNECTION"
export AFTERGLOW_WEB_ROOT="$ROOT/web/dist"
export Sms__Gateway="${Sms__Gateway:-devphone}"
if [ -z "${AFTERGLOW_ADMIN_EMAIL:-}" ]; then
  export AFTERGLOW_ADMIN_EMAIL="admin@afterglow.local" AFTERGLOW_ADMIN_PASSWORD="afterglow-dev-password"
  echo "==> Development sign-in: $AFTERGLOW_ADMIN_EMAIL / $AFTERGLOW_ADMIN_PASSWORD"
fi

echo "==> Afterglow on http://127.0.0.1:${PORT:-7071} (Ctrl+C to stop)"
dotnet functions/Afterglow.App/bin/Debug/net10.0/Afterglow.dll &
APP_PID=$!
wait $APP_PID
