#!/usr/bin/env bash
# Lint and formatting check with the pinned ruff from the project's virtualenv (config:
# pyproject.toml). `.ci/run` calls it before the tests; `make lint` runs it by hand.
# Fix locally with: .venv/bin/ruff check --fix . && .venv/bin/ruff format .
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv || { echo "无法创建虚拟环境：请先安装 python3-venv"; exit 1; }
fi
# The ruff pinned in requirements-dev.txt, never one found on PATH: another version reports
# other findings.
.venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt

# Both steps run, so one CI log lists every finding; the script fails if either found something.
status=0
echo "==> ruff check"
.venv/bin/ruff check --no-cache . || status=1
echo "==> ruff format --check"
.venv/bin/ruff format --no-cache --check . || status=1
exit $status
