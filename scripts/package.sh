#!/usr/bin/env bash
# Builds the zip Azure Functions runs: artifacts/afterglow.zip with, at its root, the self-contained linux-x64
# handler `Afterglow` (execute bit kept) beside its libraries, host.json, one folder per function, and the dashboard in wwwroot/.
# No local.settings.json, no development settings. Needs only the .NET SDK (and Node if web/dist is not built).
# Usage: scripts/package.sh [output.zip]   (AFTERGLOW_WEB_DIST=<folder> packages an already built dashboard from elsewhere;
# the handler is one Native AOT executable, the fastest start (ADR 0018); it needs clang and zlib (Debian/Ubuntu: clang zlib1g-dev).
# AFTERGLOW_NATIVE_AOT=false publishes it JIT-compiled and ReadyToRun instead, for a machine without clang: slower to start.)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
ZIP="$(realpath -m "${1:-artifacts/afterglow.zip}")"
STAGE="$ROOT/artifacts/package"
rm -rf "$STAGE"
mkdir -p "$STAGE" "$(dirname "$ZIP")"

WEB_DIST="$(realpath -m "${AFTERGLOW_WEB_DIST:-web/dist}")"
if [ ! -f "$WEB_DIST/index.html" ]; then
  [ -z "${AFTERGLOW_WEB_DIST:-}" ] || { echo "$WEB_DIST/index.html does not exist"; exit 1; }
  [ -f web/package.json ] || { echo "web/dist is not built and there is no web/package.json to build it from"; exit 1; }
  echo "==> Building the dashboard (web/dist)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build)
fi

if [ "${AFTERGLOW_NATIVE_AOT:-true}" = "true" ]; then
  echo "==> Publishing the handler (Native AOT, linux-x64)"
  # One native executable; trimming and AOT warnings are errors (the project's TreatWarningsAsErrors). The ILCompiler
  # package is the SDK's choice, the linker clang (scripts/aot-linker.sh). No debug information (DebugType=none): the
  # package never carried the symbol file, and not writing it saves build time (docs/benchmarks.md).
  source scripts/aot-linker.sh
  LINKER="$(aot_linker)" || { echo "or set AFTERGLOW_NATIVE_AOT=false"; exit 1; }
  # The compiler's trimming and AOT analyzers are off here: the native compile checks the same rules on the compiled
  # code, for the app and every library in it, and it is the one that decides (ADR 0018); they cost ~70 s of CPU.
  dotnet publish functions/Afterglow.App -c Release -r linux-x64 -p:PublishAot=true -p:CppCompilerAndLinker="$LINKER" \
    -p:EnableTrimAnalyzer=false -p:EnableAotAnalyzer=false -p:DebugType=none -o "$STAGE/publish" --nologo -v q
else
  echo "==> Publishing the handler (self-contained linux-x64, ReadyToRun)"
  # Not a single file: that makes the SDK compile the whole framework into one composite image, four times the build's
  # CPU for 90 ms of start-up, and single file without it does not start (ADR 0012d).
  dotnet publish functions/Afterglow.App -c Release -r linux-x64 --self-contained true \
    -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=false -p:DebugType=embedded \
    -o "$STAGE/publish" --nologo -v q
fi

echo "==> Assembling the app root"
APP="$STAGE/root"
mkdir -p "$APP"
cp -R "$STAGE/publish/." "$APP/"
# The Functions app root: host.json and every function folder, straight from the source of truth.
cp functions/host/host.json "$APP/"
for fn in functions/host/*/; do
  [ -f "$fn/function.json" ] || continue
  rm -rf "$APP/$(basename "$fn")"
  cp -R "$fn" "$APP/$(basename "$fn")"
done
mkdir -p "$APP/wwwroot"
cp -R "$WEB_DIST/." "$APP/wwwroot/"
# Nothing local or development-only goes to Azure.
rm -f "$APP/local.settings.json" "$APP"/appsettings.Development.json "$APP"/*.staticwebassets.*.json "$APP"/*.staticwebassets.json
chmod 0755 "$APP/Afterglow"

echo "==> Zipping"
dotnet run --file tools/zip/Zip.cs -- "$APP" "$ZIP" Afterglow
