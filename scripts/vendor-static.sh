#!/usr/bin/env bash
# Refresh the vendored front-end assets under static/vendor/ from the npm registry.
#
# The schools' networks are closed, so nothing is loaded from a CDN: the files are fetched once
# with npm in a temporary folder OUTSIDE the repository, copied here and committed.
# sourceMappingURL comments are removed, because the .map files are not vendored and
# Django's manifest static storage (whitenoise) fails on references to missing files.
#
# Usage: scripts/vendor-static.sh            # newest releases within the pinned major versions
#        BOOTSTRAP=5.3.8 scripts/vendor-static.sh   # or pin any package exactly
set -euo pipefail

BOOTSTRAP="${BOOTSTRAP:-5}"
BOOTSTRAP_ICONS="${BOOTSTRAP_ICONS:-1}"
HTMX="${HTMX:-2}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/static/vendor"
BUILD="$(mktemp -d /tmp/vendor-build.XXXXXX)"
trap 'rm -rf "$BUILD"' EXIT

command -v npm >/dev/null || { echo "npm is required (apt-get install npm)" >&2; exit 1; }

echo "==> npm install in $BUILD"
(
    cd "$BUILD"
    npm init -y >/dev/null
    npm install --no-audit --no-fund --ignore-scripts --loglevel=error \
        "bootstrap@$BOOTSTRAP" "bootstrap-icons@$BOOTSTRAP_ICONS" \
        "htmx.org@$HTMX"
)
NM="$BUILD/node_modules"

strip_maps() {
    # Drop whole sourceMappingURL comment lines, then any inline /*# sourceMappingURL=... */.
    sed -i -E -e '/^[[:space:]]*(\/\/|\/\*)[#@] sourceMappingURL=/d' \
        -e 's#/\*[#@] sourceMappingURL=[^*]*\*/##g' "$@"
}

version() { node -p "require('$NM/$1/package.json').version"; }
licence() { node -p "require('$NM/$1/package.json').license"; }

echo "==> copying into $DEST"
rm -rf "$DEST/bootstrap" "$DEST/bootstrap-icons" "$DEST/htmx"
mkdir -p "$DEST/bootstrap" "$DEST/bootstrap-icons/fonts" \
    "$DEST/htmx"

cp "$NM/bootstrap/dist/css/bootstrap.min.css" "$DEST/bootstrap/"
cp "$NM/bootstrap/dist/js/bootstrap.bundle.min.js" "$DEST/bootstrap/"
cp "$NM/bootstrap/LICENSE" "$DEST/bootstrap/LICENSE"

# The icon CSS refers to url("fonts/bootstrap-icons.woff2?..."): keep the fonts/ folder beside it.
cp "$NM/bootstrap-icons/font/bootstrap-icons.css" "$NM/bootstrap-icons/font/bootstrap-icons.min.css" \
    "$DEST/bootstrap-icons/"
cp "$NM/bootstrap-icons/font/fonts/bootstrap-icons.woff2" "$NM/bootstrap-icons/font/fonts/bootstrap-icons.woff" \
    "$DEST/bootstrap-icons/fonts/"
cp "$NM/bootstrap-icons/LICENSE" "$DEST/bootstrap-icons/LICENSE"


cp "$NM/htmx.org/dist/htmx.min.js" "$DEST/htmx/htmx.min.js"
cp "$NM/htmx.org/LICENSE" "$DEST/htmx/LICENSE"

strip_maps "$DEST"/bootstrap/*.css "$DEST"/bootstrap/*.js "$DEST"/bootstrap-icons/*.css \
    "$DEST"/htmx/*.js
if grep -rl 'sourceMappingURL' "$DEST" --include='*.js' --include='*.css'; then
    echo "sourceMappingURL still present in the files above" >&2
    exit 1
fi

echo "==> writing $DEST/README.md"
cat > "$DEST/README.md" <<MD
# Vendored front-end assets

Fetched from the npm registry and committed, because the schools' networks are closed: pages
load nothing from a CDN. Served by Django staticfiles / whitenoise from \`static/vendor/\`.

| folder | npm package | version | licence | files |
|---|---|---|---|---|
| \`bootstrap/\` | bootstrap | $(version bootstrap) | $(licence bootstrap) | \`bootstrap.min.css\`, \`bootstrap.bundle.min.js\` (includes Popper) |
| \`bootstrap-icons/\` | bootstrap-icons | $(version bootstrap-icons) | $(licence bootstrap-icons) | \`bootstrap-icons.min.css\`, \`bootstrap-icons.css\`, \`fonts/bootstrap-icons.woff2\`, \`fonts/bootstrap-icons.woff\` |
| \`htmx/\` | htmx.org | $(version htmx.org) | $(licence htmx.org) | \`htmx.min.js\` |

Each folder keeps the package's licence file.

Template usage: \`{% static 'vendor/bootstrap/bootstrap.min.css' %}\`,
\`{% static 'vendor/bootstrap/bootstrap.bundle.min.js' %}\`,
\`{% static 'vendor/bootstrap-icons/bootstrap-icons.min.css' %}\`,
\`{% static 'vendor/htmx/htmx.min.js' %}\`.

## Refreshing

    scripts/vendor-static.sh

It runs \`npm install\` in a temporary folder outside the repository (newest releases within
Bootstrap 5, Bootstrap Icons 1 and htmx 2; set \`BOOTSTRAP=\`, \`BOOTSTRAP_ICONS=\`
or \`HTMX=\` to pin a version), copies the files above, removes the
\`sourceMappingURL\` comments (the \`.map\` files are not vendored, and the manifest static
storage would fail on the missing references) and rewrites this README. Review the diff, run
\`make test\`, and commit.
MD

echo "==> done"
for p in bootstrap bootstrap-icons htmx.org; do echo "   $p $(version $p) ($(licence $p))"; done
