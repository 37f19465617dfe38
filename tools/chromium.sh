#!/usr/bin/env bash
# Makes sure a Chromium is at hand for the HTML report's browser test: $CHROMIUM, one
# on PATH, or else Debian's chromium package, installed with apt-get.
set -euo pipefail

if [[ -n "${CHROMIUM:-}" ]]; then
    [[ -x "$CHROMIUM" ]] && exit 0
    echo "CHROMIUM=$CHROMIUM is not an executable file" >&2
    exit 1
fi
for name in chromium chromium-browser google-chrome google-chrome-stable; do
    command -v "$name" >/dev/null && exit 0
done
if ! command -v apt-get >/dev/null; then
    echo "The tests open the HTML report in headless Chromium, and none was found." >&2
    echo "Install Chromium, or set CHROMIUM=/path/to/chrome, then run make test again." >&2
    exit 1
fi
sudo=()
[[ "$(id -u)" == 0 ]] || sudo=(sudo)
echo "Installing Debian's chromium package for the browser test"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
