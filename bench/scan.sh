#!/usr/bin/env bash
# The review's anomaly scan over SERIES one-minute series (the scanned week and the baseline's four
# weeks before it each), in one JVM, capped at RUN_TIMEOUT seconds: WARM unmeasured and ROUNDS
# measured rounds of Findings.top per service, and the floor (one pass summing every point read).
# Results: out/scan-<stamp>/results.txt (key=value).
#
# Tunables (environment): SERIES=1000  ROUNDS=7  WARM=3  PER_SERVICE=10  RUN_TIMEOUT=900
#   SCAN_JAVA_OPTS="-Xmx3g"  (the series alone take 400 MB at 1,000)
set -uo pipefail
cd "$(dirname "$0")"
# shellcheck source=../scripts/find-jdk.sh
. ../scripts/find-jdk.sh
hush_find_jdk || exit 1
JAR=../target/hush.jar
[ -f "$JAR" ] || (cd .. && ./mvnw -q -B package -DskipTests) || exit 1
OUT=${OUT:-out/scan-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
read -r -a OPTS <<< "${SCAN_JAVA_OPTS:--Xmx3g}"
{
  echo "# date=$(date -u +%Y-%m-%dT%H:%M:%SZ) commit=$(git -C .. rev-parse --short HEAD)"
  echo "# java=$("$JAVA_HOME/bin/java" -version 2>&1 | head -1) opts=${OPTS[*]}"
  echo "# kernel=$(uname -r) cpus=$(nproc) loadavg_before=$(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/results.txt"
timeout -k 5 "${RUN_TIMEOUT:-900}" "$JAVA_HOME/bin/java" "${OPTS[@]}" -cp "$JAR" tools/ScanBench.java "${SERIES:-1000}" "${ROUNDS:-7}" \
  "${WARM:-3}" "${PER_SERVICE:-10}" | tee -a "$OUT/results.txt"
