#!/usr/bin/env bash
# Runs one of the benchmarks recorded in docs/benchmarks.md against a fresh in-memory Azurite.
# Usage: scripts/benchmark.sh registry
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/azurite.sh
[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund
dotnet build tests/Afterglow.Benchmarks -c Release --nologo -v q
# Measure the handler as Azure runs it: self-contained and ReadyToRun, as scripts/package.sh builds it.
dotnet publish functions/Afterglow.App -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=true -o artifacts/bench-app --nologo -v q
export AFTERGLOW_APP="$ROOT/artifacts/bench-app/Afterglow"
start_azurite memory
trap stop_azurite EXIT
AFTERGLOW_TEST_STORAGE="$AZURITE_CONNECTION" dotnet tests/Afterglow.Benchmarks/bin/Release/net10.0/Afterglow.Benchmarks.dll "$@"
