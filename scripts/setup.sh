#!/usr/bin/env bash
# 一键安装：系统软件包（中文字体、Graphviz、LibreOffice；--test 另加 Chromium）与 Python 虚拟环境 .venv，
# 然后逐项检查各工具能否真正启动；缺少什么就用中文说明并以非零状态退出。
# 可重复运行（幂等；已安装时只做检查，几秒钟）。用法：bash scripts/setup.sh [--test]
#   --test  另外安装测试和开发所需的 Python 包（pyproject.toml 的 test 组：pytest、playwright、ruff、mypy 等）
#           及测试用的系统软件包
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# System packages, one per line with its purpose; add new ones to the list they belong to.
main_pkgs=(
  python3-venv                        # the .venv below
  fontconfig                          # fc-match; the 宋体/黑体 aliases
  fonts-noto-cjk                      # Chinese text in flowcharts and PDFs
  fonts-liberation                    # Liberation Serif: Times New Roman metrics for Latin text in the standard
  graphviz                            # dot: flowcharts
  libreoffice-writer-nogui            # standard DOCX -> PDF
  python3-uno                         # LibreOffice from Python: PDF with the 目次 filled
  libreoffice-script-provider-python  # (python3-uno's macro runtime)
  poppler-utils                       # pdftotext/pdfinfo: reading PDFs back
)
# the print products (notices, QR lists) are typeset by Typst inside the typst wheel: no system package
test_pkgs=(
  chromium                            # the tests' browser (the site in Playwright)
  libatomic1                          # Playwright's driver (node) links libatomic.so.1
)
pkgs=("${main_pkgs[@]}")
[ "$want_test" = 1 ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  if command -v apt-get >/dev/null && { [ ${#sudo[@]} = 0 ] || command -v sudo >/dev/null; }; then
    echo "安装系统软件包：${missing[*]}"
    log=$(mktemp)
    if ! { "${sudo[@]}" apt-get update -qq \
        && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
          "${missing[@]}"; } >"$log" 2>&1; then
      tail -20 "$log" >&2
      echo "错误：系统软件包安装失败（见上方 apt-get 的输出）：${missing[*]}" >&2
      rm -f "$log"
      exit 1
    fi
    rm -f "$log"
  else
    echo "提示：无法自动安装系统软件包（不是 root，也没有 sudo 或 apt-get），请手动安装：${missing[*]}" >&2
  fi
fi

# Font aliases so that 宋体/黑体 in the DOCX map to the Noto CJK serif/sans faces (see notes/publishing-stack);
# system-wide as root, else for this user.
fontconf=/etc/fonts/conf.d
[ -w "$fontconf" ] || fontconf="${XDG_CONFIG_HOME:-$HOME/.config}/fontconfig/conf.d"
if ! cmp -s scripts/65-stdkit-cjk.conf "$fontconf/65-stdkit-cjk.conf"; then
  mkdir -p "$fontconf" && cp scripts/65-stdkit-cjk.conf "$fontconf/65-stdkit-cjk.conf"
  fc-cache -f >/dev/null 2>&1 || true
fi

py=${PYTHON:-python3}
if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "错误：需要 Python 3.11 或更高版本（当前：$("$py" --version 2>&1 || echo "未找到 $py")）；可用 PYTHON=python3.x 指定。" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$py" -m venv .venv
extra=""
[ "$want_test" = 1 ] && extra="[test]"
stamp=".venv/.stdkit-installed$extra"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  # --use-pep517: jieba has only a setup.py; without it an old pip warns about a legacy install
  .venv/bin/python -m pip install -q --disable-pip-version-check --use-pep517 -e ".$extra"
  touch "$stamp"
fi
# The editable install leaves the toolkit's bytecode to run time, and a machine that sets PYTHONDONTWRITEBYTECODE
# (CI containers often do) would then compile every module again in every `stdkit` process: compile it here, once
# (only what changed since the last run; __pycache__ is git-ignored).
.venv/bin/python -m compileall -q -j 0 toolkit >/dev/null

# Probes: each tool must actually start, not merely be installed.
failed=()
probe() {  # probe "what is missing, in Chinese" command... (a failing command adds the text to the list)
  local what=$1
  shift
  "$@" >/dev/null 2>&1 || failed+=("$what")
}
font_is() {  # font_is FAMILY EXPECTED: fc-match resolves FAMILY to a face whose name contains EXPECTED
  timeout 30 fc-match -f '%{family}' "$1" 2>/dev/null | grep -q "$2"
}
chromium_renders() {
  local dir
  dir=$(mktemp -d)
  timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$dir" \
    --dump-dom 'data:text/html,<p>stdkit</p>' 2>/dev/null | grep -q '<p>stdkit</p>'
  local rc=$?
  rm -rf "$dir"
  return $rc
}
probe "Graphviz（dot 无法生成流程图；软件包 graphviz）" timeout 30 sh -c 'echo "digraph{a->b}" | dot -Tsvg'
probe "中文字体（宋体应映射到 Noto Serif CJK；软件包 fonts-noto-cjk、fontconfig）" font_is 宋体 "Noto Serif CJK"
probe "中文字体（黑体应映射到 Noto Sans CJK；软件包 fonts-noto-cjk、fontconfig）" font_is 黑体 "Noto Sans CJK"
probe "西文字体（Times New Roman 应映射到 Liberation Serif；软件包 fonts-liberation）" font_is "Times New Roman" "Liberation Serif"
probe "LibreOffice（soffice 无法启动，标准不能生成 PDF；软件包 libreoffice-writer-nogui）" timeout 60 soffice --headless --version
probe "python3-uno（系统 python3 无法 import uno，PDF 的目次不能更新；软件包 python3-uno）" timeout 30 /usr/bin/python3 -c "import uno"
probe "pdftotext（软件包 poppler-utils）" timeout 30 pdftotext -v
probe "Typst 排版引擎（告知单和二维码清单的 PDF；Python 包 typst）" timeout 60 .venv/bin/python -c "import typst; typst.compile(b\"x\")"
if [ "$want_test" = 1 ]; then
  probe "Chromium（测试用浏览器无法在无界面模式下渲染网页；软件包 chromium）" chromium_renders
  probe "Playwright 驱动及其启动的 Chromium（测试用浏览器；软件包 libatomic1、chromium）" timeout 60 .venv/bin/python -c '
from playwright.sync_api import sync_playwright
with sync_playwright() as p:
    p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"]).close()'
fi
if [ ${#failed[@]} -gt 0 ]; then
  echo "错误：以下工具未安装或无法启动：" >&2
  printf '  - %s\n' "${failed[@]}" >&2
  echo "请安装上面括号中的软件包（Debian/Ubuntu：sudo apt-get install 包名）后重新运行 bash scripts/setup.sh。" >&2
  exit 1
fi
echo "环境就绪：.venv/bin/stdkit"
