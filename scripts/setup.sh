#!/usr/bin/env bash
# 一键安装：系统软件包（中文字体、Graphviz、LibreOffice、Chromium）与 Python 虚拟环境 .venv。
# 可重复运行（幂等）。用法：bash scripts/setup.sh [--test]
#   --test  另外安装测试所需的 Python 包（pytest、hypothesis、playwright、zxing-cpp、check-jsonschema）
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# System packages: CJK fonts (flowcharts, PDF), Graphviz, LibreOffice (PDF), Chromium (browser tests).
pkgs="fonts-noto-cjk fontconfig graphviz libreoffice-writer-nogui python3-uno libreoffice-script-provider-python poppler-utils"
[ "$want_test" = 1 ] && pkgs="$pkgs chromium"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "安装系统软件包：$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "提示：无法自动安装系统软件包，请手动安装：$missing（缺少中文字体时流程图无法生成；缺少 LibreOffice 时不生成PDF）" >&2
  fi
fi

# Font aliases so that 宋体/黑体 in the DOCX map to the Noto CJK serif/sans faces (see notes/publishing-stack).
if [ -w /etc/fonts/conf.d ] && [ ! -f /etc/fonts/conf.d/65-stdkit-cjk.conf ]; then
  cp scripts/65-stdkit-cjk.conf /etc/fonts/conf.d/65-stdkit-cjk.conf
  fc-cache -f >/dev/null 2>&1 || true
fi

py=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$py" -m venv .venv
extra=""
[ "$want_test" = 1 ] && extra="[test]"
stamp=".venv/.stdkit-installed$extra"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".$extra"
  touch "$stamp"
fi
echo "环境就绪：.venv/bin/stdkit"
