#!/usr/bin/env bash
# One command: the whole test suite, in parallel. Uses PostgreSQL and Redis when they answer at their
# standard local addresses (CI has them), otherwise SQLite; the header says which.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv || { echo "无法创建虚拟环境：请先安装 python3-venv"; exit 1; }
fi
.venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt

export DJANGO_DEBUG=0 SECRET_KEY=${SECRET_KEY:-test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz} DJANGO_HTTPS=0
# test-only personal-data keys (the same defaults as tests/environment.py)
export PII_KEYS=${PII_KEYS:-1:nJf9+2P7jQRmJJYTuxkQlg==,2:kOGm3x/6VEKfHIHYUW1ueQ==} PII_ACTIVE_KEY=${PII_ACTIVE_KEY:-2} \
  PII_INDEX_KEY=${PII_INDEX_KEY:-GCGqcJBQSgrl+Sd3oB8LW4kY09oJ9JvwA6gJOUwIHlg=} \
  AUDIT_CHAIN_KEY=${AUDIT_CHAIN_KEY:-3q0Xb3Zf1m0m7l8Hk2nJd9hQ1VwX4zYp6cR5tU8eA0s=}
echo "==> makemigrations --check"
mkdir -p var  # the default SQLite file lives there; without it the check warns it cannot open it
.venv/bin/python manage.py makemigrations --check --dry-run -v0
# In parallel (pytest-xdist): one process and one test database per core (test_bureau_gw0 ...);
# PYTEST_WORKERS=0 runs everything in this one process. Tests go to whichever worker is free
# (--dist load): no fixture outlives a module worth keeping files together, and measured on
# tests/petitions + tests/documents with 2 workers it took 53 s against 81 s for loadfile.
echo "==> pytest (workers: ${PYTEST_WORKERS:-auto})"
exec .venv/bin/python -m pytest -q -rs -n "${PYTEST_WORKERS:-auto}" --dist "${PYTEST_DIST:-load}" "$@"
