#!/usr/bin/env bash
# Restore a Better Lives backup into a new database. See docs/deploy.md, "Restore".
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/restore.sh [-s] BACKUP_FILE NEW_DATABASE

Creates NEW_DATABASE on the PostgreSQL server of DATABASE_URL, restores BACKUP_FILE (made
by scripts/backup.sh) into it, then checks it with `manage.py migrate --check` and
`manage.py check`. It never changes an existing database: NEW_DATABASE must not exist yet.
If the restore fails, the new database is dropped again.

  -s   skip the manage.py checks (for a machine without the application)
  -h   show this help

NEW_DATABASE: letters, digits and underscores, starting with a letter or underscore.

DATABASE_URL (from the environment, or else from the .env file beside manage.py) gives the
server, user and password; its database name is not used. The user needs the CREATEDB
right. The new database is created from the `postgres` database (set
RESTORE_MAINTENANCE_DB to use another). The password is handed over in PGPASSWORD: it is
never printed or put on a command line.

Exit status: 0 restored and checked; 1 failed (nothing kept); 2 wrong usage;
3 restored, but the backup is from an older release: run `manage.py migrate` on it.
EOF
}

die() { echo "restore.sh: $*" >&2; exit 1; }
usage_error() { usage >&2; echo "restore.sh: $*" >&2; exit 2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHECKS=1

while getopts ":sh" opt; do
  case "$opt" in
    s) CHECKS=0 ;;
    h) usage; exit 0 ;;
    *) usage_error "unknown option -$OPTARG" ;;
  esac
done
shift $((OPTIND - 1))
[ "$#" -eq 2 ] || usage_error "give a backup file and a new database name"
DUMP="$1"
NEW_DB="$2"
[ -f "$DUMP" ] && [ -r "$DUMP" ] || die "cannot read the backup file $DUMP"
[[ "$NEW_DB" =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] \
  || usage_error "NEW_DATABASE must be letters, digits and underscores (got '$NEW_DB')"
MAINTENANCE_DB="${RESTORE_MAINTENANCE_DB:-postgres}"
[[ "$MAINTENANCE_DB" =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] || usage_error "bad RESTORE_MAINTENANCE_DB"

for tool in psql pg_restore; do
  command -v "$tool" >/dev/null || die "$tool is not installed (sudo apt-get install postgresql-client)"
done
if [ -z "${PYTHON:-}" ]; then
  if [ -x "$ROOT/.venv/bin/python" ]; then PYTHON="$ROOT/.venv/bin/python"; else PYTHON=python3; fi
fi

pg_restore --list "$DUMP" >/dev/null 2>&1 || die "$DUMP is not a backup made by backup.sh (pg_dump custom format)"

# The address of database $1 on DATABASE_URL's server, without the password, then the
# password (each ended by a NUL byte). Only the standard library is used.
database_parts() {
  "$PYTHON" "$ROOT/scripts/database_url.py" "$ROOT" "$1"
}

{ IFS= read -r -d '' MAINTENANCE_ADDRESS && IFS= read -r -d '' DB_PASSWORD; } \
  < <(database_parts "$MAINTENANCE_DB") || die "could not read DATABASE_URL"
{ IFS= read -r -d '' NEW_ADDRESS && IFS= read -r -d ''; } \
  < <(database_parts "$NEW_DB") || die "could not read DATABASE_URL"
if [ -n "$DB_PASSWORD" ]; then export PGPASSWORD="$DB_PASSWORD"; fi
unset DB_PASSWORD

sql() {  # run one statement on the maintenance database; print the result unaligned
  psql --no-password --no-psqlrc --quiet --tuples-only --no-align -v ON_ERROR_STOP=1 \
    --dbname="$MAINTENANCE_ADDRESS" --command="$1"
}

# NEW_DB was checked above to hold only letters, digits and underscores, so quoting it
# here is safe.
if [ -n "$(sql "SELECT 1 FROM pg_database WHERE datname = '$NEW_DB'")" ]; then
  die "database $NEW_DB already exists; choose a new name (restore.sh never overwrites)"
fi

CREATED=0
RESTORED=0
cleanup() {
  if [ "$CREATED" = 1 ] && [ "$RESTORED" = 0 ]; then
    echo "restore.sh: dropping the incomplete database $NEW_DB" >&2
    sql "DROP DATABASE IF EXISTS \"$NEW_DB\"" || true
  fi
}
trap cleanup EXIT

sql "CREATE DATABASE \"$NEW_DB\" TEMPLATE template0 ENCODING 'UTF8'"
CREATED=1
echo "Created database $NEW_DB"

# One transaction: either everything is restored or nothing is. Owners and grants are
# those of the user restoring, so a backup can be restored under another account.
pg_restore --no-password --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$NEW_ADDRESS" "$DUMP" || die "pg_restore failed"
RESTORED=1
TABLES="$(psql --no-password --no-psqlrc --tuples-only --no-align --dbname="$NEW_ADDRESS" \
  --command="SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")"
echo "Restored $DUMP into $NEW_DB ($TABLES tables)"

if [ "$CHECKS" = 0 ]; then
  echo "Checks skipped (-s)."
  exit 0
fi

# Django reads the new database's address (without the password; libpq takes it from
# PGPASSWORD) and whatever settings module the environment chooses.
cd "$ROOT"
export DATABASE_URL="$NEW_ADDRESS"
"$PYTHON" manage.py check --database default || die "manage.py check found problems (the restored database is kept)"
if ! "$PYTHON" manage.py migrate --check >/dev/null; then
  echo "restore.sh: $NEW_DB is from an older release: run 'manage.py migrate' on it before use" >&2
  exit 3
fi
echo "Checks passed: manage.py check and migrate --check. $NEW_DB is ready."
