#!/usr/bin/env bash
# Install the Debian libraries WeasyPrint needs (Pango, HarfBuzz subsetting, fonts), but only the
# ones that are missing. Uses apt-get when running as root, or sudo when available; otherwise,
# or on a system without dpkg/apt, prints what to install and carries on (exit 0).
#
# Usage: scripts/system-deps.sh [extra-package ...]
set -uo pipefail

PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core "$@")

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: not a Debian/Ubuntu system; make sure Pango, HarfBuzz and Liberation fonts" \
        "are installed for WeasyPrint (see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html)."
    exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
    [ "$status" = "installed" ] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "system-deps: missing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
    SUDO=(sudo)
else
    echo "system-deps: not root and no usable sudo; skipping. Install them yourself:"
    echo "    sudo apt-get install --no-install-recommends ${missing[*]}"
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
if "${SUDO[@]}" apt-get update -q \
    && "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    echo "system-deps: installed ${missing[*]}"
else
    echo "system-deps: WARNING: apt-get failed; PDF generation (WeasyPrint) may not work." \
        "Install manually: apt-get install --no-install-recommends ${missing[*]}"
fi
exit 0
