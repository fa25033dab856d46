#!/usr/bin/env bash
# Makes sure the runtime's proxy test (test/proxy.test.ts) has Debian's tinyproxy; the test starts its
# own instance on a free port with a generated config (the system service is never used). As root it
# installs it with apt-get when missing; otherwise it prints the command to run and exits 0.
set -euo pipefail

command -v tinyproxy >/dev/null 2>&1 && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-tinyproxy: installing tinyproxy"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y tinyproxy
else
  echo "ensure-tinyproxy: the runtime's proxy test needs tinyproxy; install with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y tinyproxy" >&2
fi
