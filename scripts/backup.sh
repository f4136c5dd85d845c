#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (custom format, compressed) and the media files.
#   DATABASE_URL=postgres://... MEDIA_ROOT=./media scripts/backup.sh /var/backups/mentorship
# Produces <dir>/<timestamp>/database.dump and media.tar.gz. Run it daily from cron; keep
# copies off the server (personal data: store them where the region's rules allow).
#
# The database first, then the media (README, "Backups and restore"): pg_dump reads one
# snapshot of the database as of its start; the portal writes a file before the row that names
# it commits, and deletes one only after the row stopped naming it. So every file the dump names
# was on disk before the archive began; files added meanwhile are archived and named by no row.
# A file replaced or withdrawn meanwhile is only discarded (orgs/files.py): it stays on disk for
# MEDIA_DISCARD_GRACE_HOURS, so the archive still holds it. Keep a run shorter than that.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must point at the portal database}"
target="${1:?usage: scripts/backup.sh BACKUP_DIR}/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$target"
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" \
    --file="$target/database.dump"
media="${MEDIA_ROOT:-$(dirname "$0")/../media}"
if [ -d "$media" ]; then
    tar -czf "$target/media.tar.gz" -C "$media" .
fi
echo "$target"
