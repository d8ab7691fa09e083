#!/usr/bin/env bash
# Validates the deployment files without a Docker engine or a cluster:
#   - Debian's docker-compose parses docker-compose.yml (alone and with the Confluent override);
#   - yamllint (config: .yamllint) passes on every YAML file of the deployment;
#   - when kubectl is present, `kubectl kustomize k8s` renders the kustomization.
# Installs docker-compose and yamllint with apt-get when they are missing. Exits non-zero on failure.
# The typed checks (fabric8 models, config keys, ports, images) are the Java tests in
# src/test/java/io/vaultstream/deploy.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v docker-compose > /dev/null 2>&1 || missing+=(docker-compose)
command -v yamllint > /dev/null 2>&1 || missing+=(yamllint)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== installing ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  log=$(mktemp)
  if ! { "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l \
      "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } > "$log" 2>&1; then
    cat "$log"
    echo "FAILED: apt-get install ${missing[*]}"
    exit 1
  fi
  rm -f "$log"
fi

status=0

echo "== docker-compose config ($(docker-compose version --short 2>/dev/null || echo unknown))"
for files in "docker-compose.yml" "docker-compose.yml docker-compose.confluent.yml"; do
  args=()
  for f in $files; do args+=(-f "$f"); done
  # an empty environment for interpolation, so the defaults in the file are what is checked
  if env -u APP_IMAGE -u KEYS_DIR docker-compose "${args[@]}" config --quiet; then
    echo "ok: $files"
  else
    echo "FAILED: docker-compose config for $files"
    status=1
  fi
done

echo "== yamllint $(yamllint --version 2>/dev/null | awk '{print $2}')"
if yamllint --strict -c .yamllint docker-compose.yml docker-compose.confluent.yml .yamllint k8s; then
  echo "ok: yamllint"
else
  echo "FAILED: yamllint"
  status=1
fi

if command -v kubectl > /dev/null 2>&1; then
  echo "== kubectl kustomize k8s"
  if kubectl kustomize k8s > /dev/null; then
    echo "ok: kustomize"
  else
    echo "FAILED: kubectl kustomize k8s"
    status=1
  fi
else
  echo "== kubectl not installed: kustomize rendering skipped (the Java tests check the kustomization's resources)"
fi

exit "$status"
