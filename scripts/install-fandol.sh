#!/usr/bin/env bash
# GB/T 9704 asks for 3号仿宋 in the body and 2号小标宋 in the title. The faces offices buy
# (方正仿宋_GB2312, 方正小标宋简体) are not free; the free stand-ins are the Fandol fonts (GPL with
# the font exception, by the Fandol team, shipped in TeX Live): FandolFang-Regular for 仿宋 and
# FandolSong-Bold for 小标宋. Both cover all 6,763 hanzi of GB 2312 (7,444 of its 7,445 characters).
# Debian ships them only inside texlive-lang-chinese (50 MB, with a TeX installation as
# dependencies), so this fetches that package from the Debian archive without installing it and
# copies the two faces (and their licence) into /usr/local/share/fonts/fandol.
# A licensed 仿宋_GB2312 / 方正小标宋, when installed, comes first (templates/print/base.html).
set -euo pipefail

target=/usr/local/share/fonts/fandol
if fc-list 2>/dev/null | grep -q "FandolFang" && fc-list 2>/dev/null | grep -q "FandolSong"; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
  echo "提示：缺少公文字体 FandolFang（仿宋）/FandolSong（小标宋替代）；以 root 运行 scripts/install-fandol.sh 安装。"
  exit 0
fi
echo "==> 安装公文字体：FandolFang（仿宋）、FandolSong-Bold（小标宋替代）"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
chmod 777 "$work"  # apt's download user (_apt) writes here
apt-get download -qq texlive-lang-chinese >/dev/null 2>&1 || { apt-get update -qq && apt-get download -qq texlive-lang-chinese >/dev/null; }
dpkg-deb --fsys-tarfile texlive-lang-chinese_*.deb | tar -x --wildcards \
  '*/fandol/FandolFang-Regular.otf' '*/fandol/FandolSong-Bold.otf' '*/fonts/fandol/README' '*/fonts/fandol/COPYING.gz'
mkdir -p "$target"
find . \( -name 'Fandol*.otf' -o -path '*fandol/README' -o -path '*fandol/COPYING.gz' \) -exec cp {} "$target/" \;
fc-cache -f "$target" >/dev/null
fc-list | grep -q FandolFang
