#!/usr/bin/env bash
# One command: set up and start the portal with demo data on the embedded default
# (SQLite + Celery worker/beat on a filesystem broker; no other server needed).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

if [ ! -x .venv/bin/python ]; then
  echo "==> 创建 Python 虚拟环境 .venv"
  "$PYTHON" -m venv .venv || { echo "无法创建虚拟环境：请先安装 python3-venv（apt-get install python3-venv）"; exit 1; }
fi
# Fonts and libraries for the printed forms (no browser needed for the demo).
bash scripts/system-packages.sh --no-browser
echo "==> 安装依赖（requirements.txt）"
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt

export DJANGO_DEBUG=1
mkdir -p var
echo "==> 初始化数据库（SQLite: var/bureau.sqlite3）"
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py seed_demo

echo "==> 启动 Celery（期限巡检，每 ${DEADLINE_SWEEP_MINUTES:-5} 分钟一次；日志 var/celery.log）"
.venv/bin/celery -A bureau worker -B --loglevel=INFO --concurrency=1 \
  --schedule var/celerybeat-schedule > var/celery.log 2>&1 &
CELERY_PID=$!
trap 'kill $CELERY_PID 2>/dev/null || true' EXIT INT TERM

cat <<MSG

============================================================
  区司法局办公平台（演示）已启动： http://$HOST:$PORT/
  演示账号密码（全部相同）： Demo#2026bureau
    科员 office.clerk   科长 office.chief   分管领导 leader.lu
    局长 director       档案员 office.archive  收发员 office.receiver
    系统管理员 sysadmin  安全管理员 secadmin  审计管理员 auditor
    （管理员登录还要两步验证码，另开终端运行：
      DJANGO_DEBUG=1 .venv/bin/python manage.py demo_otp sysadmin）
  其他科室：personnel / law / recon / enforce / service /
            lawyer / correct 加 .chief 或 .clerk
  按 Ctrl+C 停止。
============================================================

MSG
.venv/bin/python manage.py runserver "$HOST:$PORT" --noreload
