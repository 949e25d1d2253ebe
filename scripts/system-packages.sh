#!/usr/bin/env bash
# The Debian packages the portal needs beyond Python: Chromium (browser tests), poppler (reading
# PDFs back), Pango and HarfBuzz's subsetter (WeasyPrint; without libharfbuzz-subset0 a one-page
# form takes seconds instead of a fraction of one), and freely licensed CJK fonts so printed forms
# never depend on what a host happens to have: Noto CJK (OFL), AR PL UKai (Arphic Public
# License), HanaMin (free licence; covers rare name characters such as 镕, 赟, 堃), and the Fandol
# 仿宋/宋 faces for GB/T 9704 (scripts/install-fandol.sh).
# Installs what is missing when run as root with apt-get; otherwise says what is missing.
# Used by scripts/demo.sh and .ci/run.
set -euo pipefail

missing=()
# Read the lists once: `cmd | grep -q` under pipefail fails when grep exits early (SIGPIPE).
fonts=$(fc-list 2>/dev/null || true)
libs=$(ldconfig -p 2>/dev/null || true)
if [ "${1:-}" != "--no-browser" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
fi
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
grep -qi "Noto Sans CJK" <<<"$fonts" || missing+=(fonts-noto-cjk)
grep -qi "AR PL UKai" <<<"$fonts" || missing+=(fonts-arphic-ukai)
grep -qi "HanaMinB" <<<"$fonts" || missing+=(fonts-hanazono)
grep -q libharfbuzz-subset <<<"$libs" || missing+=(libharfbuzz-subset0)
grep -q libpango-1.0 <<<"$libs" || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ ${#missing[@]} -eq 0 ]; then
  bash "$(dirname "$0")/install-fandol.sh"
  exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "==> 安装系统包：${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "提示：缺少系统包 ${missing[*]}（以 root 运行 apt-get install 安装）；缺少字体时打印的公文和表单会缺字，相关测试将跳过。"
fi
bash "$(dirname "$0")/install-fandol.sh"
