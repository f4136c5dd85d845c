#!/usr/bin/env bash
# Create the PostgreSQL database named in DATABASE_URL if it does not exist yet.
# Does nothing for SQLite or when DATABASE_URL is unset. Needs the project's virtualenv (psycopg).
#
# Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentorship scripts/ensure-database.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"

case "${DATABASE_URL:-}" in
    postgres://* | postgresql://* | pgsql://* | psql://*) ;;
    *) exit 0 ;;
esac

"$PY" - <<'PYEOF'
import os
import sys
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg import sql

url = urlsplit(os.environ["DATABASE_URL"])
name = unquote(url.path.lstrip("/"))
if not name:
    sys.exit(0)
params = {
    "host": url.hostname or None,
    "port": url.port or 5432,
    "user": unquote(url.username) if url.username else None,
    "password": unquote(url.password) if url.password else None,
    "dbname": "postgres",
    "connect_timeout": 5,
}
try:
    with psycopg.connect(**params, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            print(f"ensure-database: database {name!r} exists")
        else:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"ensure-database: created database {name!r}")
except psycopg.Error as exc:
    print(f"ensure-database: cannot reach PostgreSQL at {url.hostname}:{params['port']}: {exc}",
          file=sys.stderr)
    sys.exit(1)
PYEOF
