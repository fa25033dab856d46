#!/usr/bin/env bash
# Makes sure the tests of @coze/rate-limit-redis (and `pnpm bench -- --only shared-quota`) have Debian's
# redis-server and redis-cli: every test starts its own server on a free loopback port, so only the
# binaries are needed, not the system service. As root it installs them with apt-get when missing;
# otherwise it prints the command to run and exits 0.
set -euo pipefail

command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-redis: installing redis-server"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends redis-server
  # The package starts its system service; the tests never use it (they start their own on free ports).
  if command -v service >/dev/null 2>&1; then service redis-server stop >/dev/null 2>&1 || true; fi
else
  echo "ensure-redis: the Redis store's tests need redis-server and redis-cli; install with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y redis-server" >&2
fi
