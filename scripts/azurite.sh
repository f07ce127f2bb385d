#!/usr/bin/env bash
# Sourced by run.sh, test.sh and benchmark.sh: starts Azurite (Table + Blob) on free ports and stops it on exit,
# and waits for the app started against it to answer.
# Usage: start_azurite <data-dir or "memory">; sets AZURITE_CONNECTION and AZURITE_PID. wait_healthy <app url>.

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

start_azurite() {
  local where="$1" blob table queue log
  blob=$(free_port); table=$(free_port); queue=$(free_port)
  local storage_args=(--inMemoryPersistence)
  if [ "$where" != "memory" ]; then mkdir -p "$where"; storage_args=(--location "$where"); fi
  log="${AZURITE_LOG:-/tmp/azurite-$$.log}"
  "$ROOT/node_modules/.bin/azurite" --silent --skipApiVersionCheck --loose --disableTelemetry \
    --blobHost 127.0.0.1 --blobPort "$blob" --tableHost 127.0.0.1 --tablePort "$table" \
    --queueHost 127.0.0.1 --queuePort "$queue" "${storage_args[@]}" >"$log" 2>&1 &
  AZURITE_PID=$!
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  AZURITE_CONNECTION="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;"
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$table") 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$blob") 2>/dev/null; then
      return 0
    fi
    kill -0 "$AZURITE_PID" 2>/dev/null || { echo "Azurite did not start:"; cat "$log"; return 1; }
    sleep 0.1
  done
  echo "Azurite did not open its ports in 10 s"; cat "$log"; return 1
}

stop_azurite() {
  [ -n "${AZURITE_PID:-}" ] && kill "$AZURITE_PID" 2>/dev/null && wait "$AZURITE_PID" 2>/dev/null
  AZURITE_PID=""
}

# Waits up to 20 s for GET <url>/api/health to answer 200; says so and fails if it never does.
wait_healthy() {
  for _ in $(seq 1 100); do
    node -e "fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" "$1/api/health" && return 0
    sleep 0.2
  done
  echo "The app at $1 did not answer /api/health in 20 s."; return 1
}
