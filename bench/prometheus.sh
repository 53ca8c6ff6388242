#!/usr/bin/env bash
# The review's dashboards of 20 services read from a real Prometheus on 127.0.0.1: five weeks of
# one-minute OpenMetrics (tools/PrometheusBench.java generate), TSDB blocks built by promtool, a
# prometheus serving them on a free loopback port, then WARM unmeasured and ROUNDS measured rounds of
# the fetch (60 query_range through PrometheusService.fetch), the scan (Findings.top per service)
# and the floor (the same 60 requests with a bare JDK HttpClient). The whole run is capped at
# RUN_TIMEOUT seconds. Results: out/prometheus-<stamp>/results.txt (key=value).
#
# Tunables (environment): ROUNDS=7  WARM=3  RUN_TIMEOUT=900  BLOCK=486h (promtool's largest block)
#   PROMETHEUS=/usr/bin/prometheus  PROMTOOL=/usr/bin/promtool  BENCH_JAVA_OPTS="-Xmx1g --enable-native-access=ALL-UNNAMED"
set -uo pipefail
if [ -z "${PROMBENCH_CAPPED:-}" ]; then
  PROMBENCH_CAPPED=1 exec timeout -k 10 "${RUN_TIMEOUT:-900}" "$0" "$@"
fi
cd "$(dirname "$0")"
# shellcheck source=../scripts/find-jdk.sh
. ../scripts/find-jdk.sh
hush_find_jdk || exit 1
PROMETHEUS=${PROMETHEUS:-/usr/bin/prometheus}
PROMTOOL=${PROMTOOL:-/usr/bin/promtool}
for b in "$PROMETHEUS" "$PROMTOOL"; do
  [ -x "$b" ] || { echo "$b is missing (Debian package prometheus)" >&2; exit 2; }
done
JAR=../target/hush.jar
[ -f "$JAR" ] || (cd .. && ./mvnw -q -B package -DskipTests) || exit 1
OUT=${OUT:-out/prometheus-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
RES=$OUT/results.txt
CHILD=""
PROM=""
# shellcheck source=lib.sh
. ./lib.sh
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hush-prombench.XXXXXX")
cleanup() { stop_pid "$CHILD"; stop_pid "$PROM"; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM
read -r -a OPTS <<< "${BENCH_JAVA_OPTS:--Xmx1g --enable-native-access=ALL-UNNAMED}"
JAVA=$JAVA_HOME/bin/java
{
  echo "# date=$(date -u +%Y-%m-%dT%H:%M:%SZ) commit=$(git -C .. rev-parse --short HEAD)"
  echo "# java=$("$JAVA" -version 2>&1 | head -1) opts=${OPTS[*]}"
  echo "# prometheus=$("$PROMETHEUS" --version 2>&1 | head -1)"
  echo "# kernel=$(uname -r) cpus=$(nproc) uptime_before=$(uptime)"
} > "$RES"

log "generating five weeks of OpenMetrics"
bounded 300 "$JAVA" "${OPTS[@]}" -cp "$JAR" tools/PrometheusBench.java generate "$WORK/history.om" > "$WORK/generate.txt" || exit 1
cat "$WORK/generate.txt" >> "$RES"
log "building TSDB blocks with promtool"
mkdir -p "$WORK/data"
t0=$SECONDS
bounded 600 "$PROMTOOL" tsdb create-blocks-from openmetrics --max-block-duration="${BLOCK:-486h}" --quiet "$WORK/history.om" "$WORK/data" \
  || { echo "promtool failed" >&2; exit 1; }
emit promtool_s $((SECONDS - t0))
emit tsdb_blocks "$(find "$WORK/data" -mindepth 1 -maxdepth 1 -type d | wc -l)"
emit tsdb_kib "$(du -sk "$WORK/data" | cut -f1)"
rm -f "$WORK/history.om"

PORT=$("$JAVA" -cp "$JAR" tools/PrometheusBench.java port) || exit 1
printf 'global:\n  evaluation_interval: 1m\n' > "$WORK/prometheus.yml"
# The history lies in the past: a retention of years keeps its blocks (the default 15 days would drop them).
"$PROMETHEUS" --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/data" --storage.tsdb.retention.time=100y \
  --web.listen-address="127.0.0.1:$PORT" --log.level=warn > "$WORK/prometheus.log" 2>&1 &
PROM=$!
URL=http://127.0.0.1:$PORT
for _ in $(seq 1 300); do
  curl -sf -m 2 "$URL/-/ready" > /dev/null && break
  kill -0 "$PROM" 2>/dev/null || { cat "$WORK/prometheus.log" >&2; exit 1; }
  sleep 0.2
done
curl -sf -m 2 "$URL/-/ready" > /dev/null || { echo "prometheus not ready within 60 s" >&2; exit 1; }
log "prometheus on $URL; measuring ${ROUNDS:-7} rounds after ${WARM:-3}"
bounded 600 "$JAVA" "${OPTS[@]}" -cp "$JAR" tools/PrometheusBench.java run "$URL" "${ROUNDS:-7}" "${WARM:-3}" "$PROM" | tee -a "$RES"
rc=${PIPESTATUS[0]}
echo "# uptime_after=$(uptime)" >> "$RES"
log "results: $RES"
exit "$rc"
