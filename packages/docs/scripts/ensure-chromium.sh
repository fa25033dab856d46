#!/usr/bin/env bash
# Makes sure the docs' browser test (test/browser.test.ts) has what it needs: Debian's Chromium at
# /usr/bin/chromium, and a Chinese font so that the 简体中文 edition's screenshot shows text, not boxes.
# As root it installs what is missing with apt-get; otherwise it prints the command to run and exits 0,
# so that a build which does not run the browser test is not held up.
set -euo pipefail

packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh family 2>/dev/null)" ]; then
  packages+=(fonts-wqy-microhei)
fi
[ ${#packages[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: installing ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y "${packages[@]}"
else
  echo "ensure-chromium: the docs' browser test needs ${packages[*]}; install with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${packages[*]}" >&2
fi
