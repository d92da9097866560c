#!/usr/bin/env bash
# Add LetterManager to the desktop's application menu for the current user
# (after `pip install .`, with `lettermanager` on PATH).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
install -Dm644 "$here/resources/desktop/lettermanager.desktop" "$data/applications/lettermanager.desktop"
install -Dm644 "$here/resources/icons/lettermanager.svg" "$data/icons/hicolor/scalable/apps/lettermanager.svg"
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
echo "LetterManager added to the application menu ($data/applications)."
