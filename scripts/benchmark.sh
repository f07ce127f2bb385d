#!/usr/bin/env bash
# Runs one of the benchmarks recorded in docs/benchmarks.md against a fresh in-memory Azurite.
# Usage: scripts/benchmark.sh start [runs] | registry | import [runs] [name=path/Afterglow.dll ...] | care | sms | dashboard [runs] [retirees] [raw-days]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/azurite.sh
[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund

if [ "${1:-}" = "dashboard" ]; then
  # Every page's first screen in Debian's Chromium on a seeded office (6,000 retirees, a year of work; `seed-office`
  # writes it through the app's stores), then the app as run.sh starts it (Release build) on the same storage. Its
  # timers are off (the seeded office must not change under the runs), so health allows a day without a sweep.
  # Usage: [AFTERGLOW_AOT=<unpacked package>] scripts/benchmark.sh dashboard [runs] [retirees] [raw check-in days]
  (cd web && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run build)
  dotnet build tests/Afterglow.Benchmarks -c Release --nologo -v q
  start_azurite memory
  trap stop_azurite EXIT
  SEEDED=$(AFTERGLOW_TEST_STORAGE="$AZURITE_CONNECTION" dotnet tests/Afterglow.Benchmarks/bin/Release/net10.0/Afterglow.Benchmarks.dll \
    seed-office office "${3:-6000}" "${4:-14}" | sed -n 's/^SEEDED //p')
  echo "seeded: $SEEDED"
  export AFTERGLOW_ADMIN_EMAIL="bench@afterglow.local" AFTERGLOW_ADMIN_PASSWORD="bench-password-1" AFTERGLOW_SEEDED="$SEEDED"
  APP_PIDS=()
  trap 'for p in "${APP_PIDS[@]}"; do kill $p 2>/dev/null; done; stop_azurite' EXIT
  serve() { # serve VAR COMMAND... — the app on the seeded storage, timers off; VAR is its URL once healthy
    local var=$1 port; shift; port=$(free_port)
    ASPNETCORE_ENVIRONMENT=Production PORT=$port Storage__ConnectionString="$AZURITE_CONNECTION" Storage__Prefix=office AFTERGLOW_WEB_ROOT="$ROOT/web/dist" \
      Sms__Gateway=acs Acs__ConnectionString="endpoint=https://acs.invalid/;accesskey=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" \
      Scheduler__Enabled=false Health__SweepStaleMinutes=1440 Health__OutboxStaleMinutes=1440 Health__StepOverdueMinutes=1440 \
      "$@" >/dev/null 2>&1 &
    APP_PIDS+=($!)
    wait_healthy "http://127.0.0.1:$port"
    printf -v "$var" 'http://127.0.0.1:%s' "$port"
  }
  serve AFTERGLOW_URL dotnet functions/Afterglow.App/bin/Release/net10.0/Afterglow.dll
  export AFTERGLOW_URL
  # AFTERGLOW_AOT=<unpacked package>: also the package's Native AOT binary (what Azure runs), the two measured alternately.
  if [ -n "${AFTERGLOW_AOT:-}" ]; then serve AOT_URL "$AFTERGLOW_AOT/Afterglow"; export AFTERGLOW_COMPARE="release=$AFTERGLOW_URL,aot=$AOT_URL"; fi
  node tests/browser/first-screen.bench.mjs "${2:-20}"
  exit
fi
if [ "${1:-}" = "start" ]; then
  # Cold start (issue 18): the handler and an empty ASP.NET Core app, both published Native AOT the same way, started
  # alternately; medians and the ratio. AFTERGLOW_AOT=<folder> measures an already unpacked package.
  # The handler is the package's (scripts/package.sh), unpacked.
  AOT="${AFTERGLOW_AOT:-artifacts/bench-aot}"
  if [ -z "${AFTERGLOW_AOT:-}" ]; then
    scripts/package.sh artifacts/bench-aot.zip && rm -rf "$AOT" && mkdir -p "$AOT" && unzip -q artifacts/bench-aot.zip -d "$AOT" || exit 1
  fi
  source scripts/aot-linker.sh
  dotnet publish tools/empty-app/EmptyApp.cs -c Release -r linux-x64 -p:CppCompilerAndLinker="$(aot_linker)" -o artifacts/bench-empty --nologo -v q
  dotnet build tests/Afterglow.Benchmarks -c Release --nologo -v q
  start_azurite memory
  trap stop_azurite EXIT
  AFTERGLOW_TEST_STORAGE="$AZURITE_CONNECTION" dotnet tests/Afterglow.Benchmarks/bin/Release/net10.0/Afterglow.Benchmarks.dll \
    start artifacts/bench-empty/EmptyApp "$AOT/Afterglow" "${2:-9}"
  exit
fi
dotnet build tests/Afterglow.Benchmarks -c Release --nologo -v q
# Measure the handler as Azure runs it: self-contained and ReadyToRun, as scripts/package.sh builds it.
dotnet publish functions/Afterglow.App -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=true -o artifacts/bench-app --nologo -v q
export AFTERGLOW_APP="$ROOT/artifacts/bench-app/Afterglow"
start_azurite memory
trap stop_azurite EXIT
AFTERGLOW_TEST_STORAGE="$AZURITE_CONNECTION" dotnet tests/Afterglow.Benchmarks/bin/Release/net10.0/Afterglow.Benchmarks.dll "$@"
