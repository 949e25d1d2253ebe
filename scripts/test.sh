#!/usr/bin/env bash
# One command: the whole test suite. Uses PostgreSQL and Redis when they answer at their
# standard local addresses (CI has them), otherwise SQLite; the header says which.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv || { echo "无法创建虚拟环境：请先安装 python3-venv"; exit 1; }
fi
.venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt

export DJANGO_DEBUG=0 SECRET_KEY=${SECRET_KEY:-test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz} DJANGO_HTTPS=0
echo "==> makemigrations --check"
.venv/bin/python manage.py makemigrations --check --dry-run -v0
echo "==> pytest"
exec .venv/bin/python -m pytest -q -rs "$@"
