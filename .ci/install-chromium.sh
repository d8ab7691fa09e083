#!/usr/bin/env bash
# Installs Debian's chromium (the headless browser DashboardBrowserIT drives) when /usr/bin/chromium is
# absent. Idempotent and quiet: prints one line when it installs, nothing when chromium is already
# there, and apt-get's output only when the installation fails.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

echo "== installing chromium"
if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# env after sudo: sudo drops the caller's environment, so the variables are set on apt-get itself
if ! { "${sudo[@]}" apt-get update -qq \
    && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l apt-get install -y -qq chromium; } \
    > "$log" 2>&1; then
  cat "$log"
  echo "FAILED: apt-get install chromium"
  exit 1
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "FAILED: chromium installed but /usr/bin/chromium is missing"
  exit 1
fi
