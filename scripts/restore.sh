#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and media folder.
#   DATABASE_URL=postgres://.../mentorship_restored MEDIA_ROOT=./media scripts/restore.sh DIR
# Then run `manage.py migrate` (a no-op for a dump of the same version) and start the portal.
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
echo "restored from $source_dir"
