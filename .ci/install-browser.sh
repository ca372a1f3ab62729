#!/usr/bin/env bash
# Install what tests/test_browser.py needs on a fresh machine: Debian's chromium (Playwright's
# own browser download does not work here) and the playwright Python package that drives it.
# Idempotent: skips what is already installed; runs `apt-get update` at most once.
# Usage: bash .ci/install-browser.sh [path/to/python]   (default: .venv/bin/python, else python3)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${1:-}"
if [ -z "$python" ]; then
  if [ -x "$here/.venv/bin/python" ]; then python="$here/.venv/bin/python"; else python="python3"; fi
fi
PLAYWRIGHT_PIN="${PLAYWRIGHT_PIN:-playwright==1.65.2}"

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd="sudo"; else
    echo "install-browser: need root (or sudo) to apt-get install chromium" >&2; exit 1
  fi
fi

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# Fonts so screenshots show text the way a person sees it (DejaVu covers the page's symbols).
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-browser: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "install-browser: chromium already installed ($(command -v chromium))"
fi

if "$python" -c "import playwright.sync_api" >/dev/null 2>&1; then
  echo "install-browser: playwright already installed"
else
  echo "install-browser: pip install $PLAYWRIGHT_PIN"
  "$python" -m pip install --quiet "$PLAYWRIGHT_PIN"
fi

# Prove it works: the same launch flags the test uses (design notes section 4).
"$python" - <<'PY'
import shutil, tempfile
from playwright.sync_api import sync_playwright

binary = shutil.which("chromium")
with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
    browser = p.chromium.launch_persistent_context(
        profile, executable_path=binary, headless=True,
        args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync"])
    page = browser.new_page()
    page.set_content("<p id=ok>ok</p>")
    assert page.inner_text("#ok") == "ok"
    browser.close()
print(f"install-browser: headless chromium works ({binary})")
PY
