#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and media folder.
#   DATABASE_URL=postgres://.../mentorship_restored MEDIA_ROOT=./media \
#   CACHE_URL=redis://cache:6379/0 scripts/restore.sh DIR
# Then run `manage.py migrate` (a no-op for a dump of the same version) and start the portal.
#
# Cached pages are keyed on the data versions the database counts (orgs/data_versions.py). A
# restored database counts from the backup's versions again, so a page cached before the
# restore could match a key after it and show rows that are not in the database. Two steps
# make every cached page invalid:
# - every data version jumps ahead by the clock in milliseconds, past any value it reached
#   before the restore (a version grows by one per write statement), so no key of an older
#   page can come back, in the cache Redis or in a web process's own copy;
# - the cache Redis (CACHE_URL, else REDIS_URL) loses every cached entry, to free the memory
#   at once (only the cache's own keys: a broker that shares the Redis keeps its queues).
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must point at an empty database}"
source_dir="${1:?usage: scripts/restore.sh BACKUP_DIR/<timestamp>}"
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" \
    "$source_dir/database.dump"
if [ -f "$source_dir/media.tar.gz" ]; then
    media="${MEDIA_ROOT:-$(dirname "$0")/../media}"
    mkdir -p "$media"
    tar -xzf "$source_dir/media.tar.gz" -C "$media"
fi
psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -q <<'SQL'
BEGIN;
CREATE TEMP TABLE restore_jump AS
    SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS jump;
UPDATE orgs_region SET data_version = data_version + (SELECT jump FROM restore_jump);
UPDATE orgs_municipality SET data_version = data_version + (SELECT jump FROM restore_jump);
UPDATE orgs_organisation SET data_version = data_version + (SELECT jump FROM restore_jump);
UPDATE orgs_user SET data_version = data_version + (SELECT jump FROM restore_jump);
COMMIT;
SQL
echo "data versions moved past every cached page"
cache_url="${CACHE_URL:-${REDIS_URL:-}}"
if [ -n "$cache_url" ]; then
    # Django's cache keys are ":<version>:<key>" (django-redis, no KEY_PREFIX); Celery's are not.
    deleted=$(redis-cli -u "$cache_url" --scan --pattern ':[0-9]*:*' \
        | xargs -r -n 500 redis-cli -u "$cache_url" UNLINK | awk '{ n += $1 } END { print n + 0 }')
    echo "cache: $deleted cached entries deleted"
fi
echo "restored from $source_dir"
