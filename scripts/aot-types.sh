#!/usr/bin/env bash
# Regenerates functions/Afterglow.App/Hosting/aot-types.rd.xml: the generic types the dependency container closes while
# the handler starts as the Functions host starts it and serves its first requests (health, a timer, the dashboard).
# The Native AOT compile builds them ahead, so the run-time type loader does not at every cold start (ADR 0018).
# Run it after adding services or middleware; a stale list costs start time, not correctness.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/azurite.sh
[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund

dotnet build functions/Afterglow.App -c Release --nologo -v q
start_azurite memory
APP=""
trap '[ -n "$APP" ] && kill "$APP" 2>/dev/null; stop_azurite' EXIT
TRACE="$(mktemp -d)/start.nettrace"
PORT=$(free_port)
# The runtime writes the container's events (each call site it builds, as JSON) to a trace file: no tool to install.
env -u ASPNETCORE_ENVIRONMENT DOTNET_EnableEventPipe=1 DOTNET_EventPipeOutputPath="$TRACE" \
  DOTNET_EventPipeConfig='Microsoft-Extensions-DependencyInjection:0xFFFFFFFFFFFFFFFF:5' \
  FUNCTIONS_CUSTOMHANDLER_PORT=$PORT FUNCTIONS_WORKER_RUNTIME=custom Storage__ConnectionString="$AZURITE_CONNECTION" Storage__Prefix=aottypes \
  Sms__Gateway=acs Acs__ConnectionString="endpoint=https://acs.invalid/;accesskey=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" \
  dotnet functions/Afterglow.App/bin/Release/net10.0/Afterglow.dll >/dev/null 2>&1 &
APP=$!
wait_healthy "http://127.0.0.1:$PORT"
node -e '
  const base = process.argv[1];
  (async () => {
    await fetch(base + "/CheckInSweep", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    await fetch(base + "/app/");
  })().catch((e) => { console.error(e); process.exit(1); });' "http://127.0.0.1:$PORT"
kill -TERM "$APP"; wait "$APP" || true; APP=""
dotnet run tools/aot-types/AotTypes.cs -- "$TRACE" "$ROOT/functions/Afterglow.App/bin/Release/net10.0" "$ROOT/functions/Afterglow.App/Hosting/aot-types.rd.xml"
