#!/usr/bin/env bash
# Build the wheel and the source archive into dist/. The build compiles the translation
# catalogs (.po -> .mo), so the wheel carries them; nothing compiled is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv-build
.venv-build/bin/pip install -q --upgrade pip build
.venv-build/bin/python -m build --outdir dist .
ls -l dist
