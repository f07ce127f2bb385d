#!/usr/bin/env bash
# Rebuilds a storage account's tables from one of Afterglow's own backups (the backups container, written nightly
# by the NightlyBackup function; docs/deploy.md section 8). Every row comes back with its types; attachments stay
# in their versioned container and the restore reports any the backup's index names but the container lacks.
#
# Usage:  scripts/restore.sh [--account NAME [--suffix core.chinacloudapi.cn]] [--list | BACKUP]
#   BACKUP      the backup's folder name, e.g. 2026-12-02T173000Z-4f1a2b (default: the newest complete one)
#   --list      list the complete backups, newest first
#   --account   an Azure storage account, signed in as you (az login; Storage Table Data Contributor and a blob
#               data role on it: deploy with operatorPrincipalId). Without it, Storage__ConnectionString is used.
# Stop the app first (az functionapp stop) so nothing writes while the rows come back; start it afterwards.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
ACCOUNT=""; SUFFIX="core.windows.net"; ACTION=(restore)
while [ $# -gt 0 ]; do
  case "$1" in
    --account) ACCOUNT="$2"; shift 2 ;;
    --suffix) SUFFIX="$2"; shift 2 ;;
    --list) ACTION=(backups); shift ;;
    -h|--help) sed -n 2,13p "$0"; exit 0 ;;
    *) ACTION=(restore "$1"); shift ;;
  esac
done
if [ -n "$ACCOUNT" ]; then
  unset Storage__ConnectionString
  export Storage__TableServiceUri="https://$ACCOUNT.table.$SUFFIX/" Storage__BlobServiceUri="https://$ACCOUNT.blob.$SUFFIX/"
elif [ -z "${Storage__ConnectionString:-}" ]; then
  echo "Give --account NAME, or set Storage__ConnectionString." >&2; exit 2
fi
DLL="functions/Afterglow.App/bin/Release/net10.0/Afterglow.dll"
[ -f "$DLL" ] || dotnet build functions/Afterglow.App -c Release --nologo -v q >&2
exec dotnet "$DLL" "${ACTION[@]}"
