#!/usr/bin/env bash
# Makes sure the machine has what the tests run for real, before ./mvnw verify (README's test command
# is `scripts/test-prerequisites.sh && ./mvnw verify`): Chromium (browser tests), Prometheus
# Alertmanager and Prometheus with promtool (compatibility and metric-source tests), wrk (the benches'
# load tool), and PostgreSQL on 127.0.0.1:5432. As root on Debian or Ubuntu it installs what is
# missing; elsewhere it says exactly what to install and stops.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v prometheus-alertmanager >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing: ${missing[*]}"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  else
    echo "The tests need these Debian packages, which are missing: ${missing[*]}" >&2
    echo "Install them (as root: apt-get install ${missing[*]}), then run this again." >&2
    exit 2
  fi
fi

# The store tests run against PostgreSQL for real: start the local server if it is installed but down.
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  fi
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null && break; sleep 1; done
fi
