#!/usr/bin/env bash
# Back up the Better Lives PostgreSQL database. See docs/deploy.md, "Backups".
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/backup.sh [-d DIR] [-k KEEP]

Writes a backup of the PostgreSQL database in DATABASE_URL (pg_dump, custom format) to
  DIR/betterlives-<database>-<UTC date and time>.dump
then deletes the oldest backups of that database in DIR, keeping the KEEP newest.

  -d DIR   where to write backups (default: $BACKUP_DIR, or ./backups)
  -k KEEP  how many backups to keep, 1 or more (default: $BACKUP_KEEP, or 14)
  -h       show this help

DATABASE_URL is read from the environment, or else from the .env file beside manage.py.
The password is handed to pg_dump in PGPASSWORD: it is never printed or put on a command
line. Backups hold special-category data: they are written readable by their owner only.
EOF
}

die() { echo "backup.sh: $*" >&2; exit 1; }
usage_error() { usage >&2; echo "backup.sh: $*" >&2; exit 2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${BACKUP_DIR:-./backups}"
KEEP="${BACKUP_KEEP:-14}"

while getopts ":d:k:h" opt; do
  case "$opt" in
    d) DIR="$OPTARG" ;;
    k) KEEP="$OPTARG" ;;
    h) usage; exit 0 ;;
    :) usage_error "-$OPTARG needs a value" ;;
    *) usage_error "unknown option -$OPTARG" ;;
  esac
done
shift $((OPTIND - 1))
if [ "$#" -ne 0 ]; then usage_error "unexpected argument: $1"; fi
[[ "$KEEP" =~ ^[1-9][0-9]*$ ]] || usage_error "KEEP must be a whole number, 1 or more (got '$KEEP')"

for tool in pg_dump pg_restore; do
  command -v "$tool" >/dev/null || die "$tool is not installed (sudo apt-get install postgresql-client)"
done
if [ -z "${PYTHON:-}" ]; then
  if [ -x "$ROOT/.venv/bin/python" ]; then PYTHON="$ROOT/.venv/bin/python"; else PYTHON=python3; fi
fi

# Split DATABASE_URL into an address without the password, the password, and the database
# name (each ended by a NUL byte). Only the standard library is used.
database_parts() {
  "$PYTHON" "$ROOT/scripts/database_url.py" "$ROOT"
}

{ IFS= read -r -d '' DB_ADDRESS && IFS= read -r -d '' DB_PASSWORD && IFS= read -r -d '' DB_NAME; } \
  < <(database_parts) || die "could not read DATABASE_URL"
if [ -n "$DB_PASSWORD" ]; then export PGPASSWORD="$DB_PASSWORD"; fi
unset DB_PASSWORD

umask 077
mkdir -p "$DIR"
SAFE_NAME="$(printf '%s' "$DB_NAME" | tr -c 'A-Za-z0-9_.-' '_')"
PREFIX="betterlives-$SAFE_NAME-"
TARGET="$DIR/$PREFIX$(date -u +%Y%m%dT%H%M%SZ).dump"
PARTIAL="$TARGET.partial"
[ ! -e "$TARGET" ] || die "$TARGET already exists; try again in a second"
trap 'rm -f "$PARTIAL"' EXIT

# Written under another name first, so that a failed backup never looks like a good one
# and never pushes a good one out.
pg_dump --no-password --format=custom --dbname="$DB_ADDRESS" --file="$PARTIAL" \
  || die "pg_dump failed; no backup was written"
pg_restore --list "$PARTIAL" >/dev/null || die "the new backup cannot be read back; it was not kept"
mv "$PARTIAL" "$TARGET"
echo "Backup written: $TARGET ($(du -h "$TARGET" | cut -f1))"

# Keep the KEEP newest backups of this database (the names sort by date and time).
mapfile -t OLD < <(find "$DIR" -maxdepth 1 -type f -name "$PREFIX*.dump" | sort -r | tail -n +"$((KEEP + 1))")
for file in "${OLD[@]}"; do
  rm -f -- "$file"
  echo "Deleted old backup: $file"
done
