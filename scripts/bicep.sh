#!/usr/bin/env bash
# Builds and lints infra/bicep/main.bicep with the Bicep CLI from NuGet (tools/bicep/bicep.proj), offline, and
# builds the Azure China parameters (main.china.bicepparam) against it, so both clouds are checked.
# Fails on any warning or error. Writes the ARM template to artifacts/bicep/main.json (or $BICEP_OUT/main.json)
# and the China parameters to main.china.parameters.json beside it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="${BICEP_OUT:-$ROOT/artifacts/bicep}"
mkdir -p "$OUT"

dotnet restore tools/bicep/bicep.proj --nologo -v q >"$OUT/restore.log" 2>&1 || { cat "$OUT/restore.log"; echo "Could not fetch the Bicep CLI"; exit 1; }
PACKAGE_DIR=$(dotnet msbuild tools/bicep/bicep.proj -nologo -v:q -getProperty:BicepPackageDir)
BICEP="$PACKAGE_DIR/tools/bicep"
[ -x "$BICEP" ] || chmod +x "$BICEP" 2>/dev/null || true
[ -x "$BICEP" ] || { echo "No Bicep CLI at $BICEP"; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1

status=0
run() {
  local label=$1; shift
  local log="$OUT/$label.log"
  if ! "$BICEP" "$@" >"$log" 2>&1; then status=1; fi
  # Bicep prints diagnostics as "file(line,col) : Warning|Error code: message".
  if grep -Eq ': (Warning|Error) ' "$log"; then status=1; fi
  if [ -s "$log" ]; then cat "$log"; fi
}

run build build infra/bicep/main.bicep --outfile "$OUT/main.json"
run lint lint infra/bicep/main.bicep
run build-china build-params infra/bicep/main.china.bicepparam --outfile "$OUT/main.china.parameters.json"
run lint-china lint infra/bicep/main.china.bicepparam

if [ "$status" = 0 ]; then echo "Bicep $("$BICEP" --version | grep -Eo '[0-9]+\.[0-9]+\.[0-9]+'): build and lint clean ($OUT/main.json)"; else echo "Bicep build/lint reported problems"; fi
exit "$status"
