#!/usr/bin/env bash
# Installs Debian's wrk (4.x, LuaJIT scripting), the HTTP load generator `bench webhook` and `bench query`
# use (BenchSmokeIT runs both), when it is not on the PATH. Without it the benches fall back to java.net.http
# in their own JVM, which competes with the server under test for the cores. Idempotent and quiet: prints one
# line when it installs, nothing when wrk is already there, and apt-get's output only when installing fails.
set -euo pipefail

if command -v wrk > /dev/null; then
  exit 0
fi

echo "== installing wrk"
if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# env after sudo: sudo drops the caller's environment, so the variables are set on apt-get itself
if ! { "${sudo[@]}" apt-get update -qq \
    && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l apt-get install -y -qq wrk; } \
    > "$log" 2>&1; then
  cat "$log"
  echo "FAILED: apt-get install wrk"
  exit 1
fi
if ! command -v wrk > /dev/null; then
  echo "FAILED: wrk installed but not on the PATH"
  exit 1
fi
