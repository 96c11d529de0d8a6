"""Split DATABASE_URL for the backup scripts (standard library only).

Usage: database_url.py ROOT [DATABASE]. Reads DATABASE_URL from the environment, or else
from ROOT/.env, and writes three fields, each ended by a NUL byte: the address without the
password (of DATABASE on the same server when given), the password, and the database name.
"""

import os
import sys
from urllib.parse import quote, unquote, urlsplit, urlunsplit


def main(root, database=None):
    url = os.environ.get("DATABASE_URL", "")
    env_file = os.path.join(root, ".env")
    if not url and os.path.exists(env_file):
        with open(env_file, encoding="utf-8") as lines:
            for line in lines:
                key, sep, value = line.strip().removeprefix("export ").partition("=")
                if sep and key.strip() == "DATABASE_URL":
                    url = value.strip().strip("'\"")
    if not url:
        sys.exit("DATABASE_URL is not set (in the environment or in .env)")
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql", "psql", "postgis"):
        sys.exit("DATABASE_URL is not a PostgreSQL address (postgres://...)")
    userinfo, at, hostport = parts.netloc.rpartition("@")
    user, _colon, password = userinfo.partition(":")
    netloc = f"{user}@{hostport}" if at else hostport
    name = database if database is not None else unquote(parts.path.lstrip("/"))
    if not name:
        sys.exit("DATABASE_URL names no database")
    path = "/" + quote(database, safe="") if database is not None else parts.path
    address = urlunsplit(("postgresql", netloc, path, parts.query, ""))
    sys.stdout.write(f"{address}\0{unquote(password)}\0{name}\0")


if __name__ == "__main__":
    main(*sys.argv[1:3])
