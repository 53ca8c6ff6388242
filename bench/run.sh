#!/usr/bin/env bash
# Hush next to Prometheus Alertmanager, the same workloads in one run, on loopback only.
# Every step is bounded and the whole run is capped at RUN_TIMEOUT seconds. Only processes
# started here are stopped, by PID. Results: out/<stamp>/results.txt (key=value) and a summary.
#
# The load tools in tools/ (ingest.lua, AmBench.java, alertmanager.yml) are the Alertmanager
# anchor's own, copied unchanged so both servers get byte-identical requests.
#
# Tunables (environment):
#   DUR=12 (s per ingestion run)  CONNS=16  WRK_THREADS=1  WARMUP=15 (s, Hush only: JIT warm-up)
#   FILL_N=100000  AM_PORT=19093  RECV_PORT=19095  HUSH_PORT=19080
#   HUSH_JAVA_OPTS="-Xms16m -Xmx80m -XX:+UseSerialGC"   PG_URL=jdbc:postgresql://127.0.0.1:5432/test?user=postgres
#   SKIP_PG=1 (no PostgreSQL phase)  ONLY=paging (only the paging phases)  OUT=out/<stamp>  RUN_TIMEOUT=900
set -uo pipefail
cd "$(dirname "$0")"

if [ -z "${HB_INNER:-}" ]; then
  export HB_INNER=1
  exec timeout -k 15 "${RUN_TIMEOUT:-900}" bash "$PWD/run.sh" "$@"
fi

for tool in prometheus-alertmanager wrk curl; do
  command -v "$tool" >/dev/null 2>&1 || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y prometheus-alertmanager wrk curl; break; }
done
# shellcheck source=../scripts/find-jdk.sh
. ../scripts/find-jdk.sh
# shellcheck source=lib.sh
. ./lib.sh
hush_find_jdk || exit 1
JAVA="$JAVA_HOME/bin/java"
JAR=../target/hush.jar
[ -f "$JAR" ] || (cd .. && ./mvnw -q -B package -DskipTests) || exit 1

AM_PORT=${AM_PORT:-19093}
RECV_PORT=${RECV_PORT:-19095}
HUSH_PORT=${HUSH_PORT:-19080}
DUR=${DUR:-12}
CONNS=${CONNS:-16}
WRK_THREADS=${WRK_THREADS:-1}
WARMUP=${WARMUP:-15}
FILL_N=${FILL_N:-100000}
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
read -r -a HUSH_OPTS <<< "${HUSH_JAVA_OPTS:--Xms16m -Xmx80m -XX:+UseSerialGC}"
OUT=${OUT:-out/$(date +%Y%m%d-%H%M%S)}
AM=http://127.0.0.1:$AM_PORT
RECV=http://127.0.0.1:$RECV_PORT
HUSH=http://127.0.0.1:$HUSH_PORT
KEY=bench-routing-key-0000000000000000
RUN_ID=$(date +%s | tail -c 6)$$
CLK_TCK=$(getconf CLK_TCK)

mkdir -p "$OUT"
RES=$OUT/results.txt
: > "$RES"
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/hush-bench.XXXXXX")
AM_PID="" RECV_PID="" HUSH_PID="" CHILD="" PG_SCHEMA=""


for p in "$AM_PORT" "$RECV_PORT" "$HUSH_PORT"; do
  if ss -ltn "sport = :$p" | grep -q LISTEN; then echo "port $p is in use; set AM_PORT/RECV_PORT/HUSH_PORT" >&2; exit 2; fi
done


cleanup() {
  [ -n "$CHILD" ] && kill "$CHILD" 2>/dev/null
  stop_pid "$AM_PID"; stop_pid "$HUSH_PID"; stop_pid "$RECV_PID"
  [ -n "$PG_SCHEMA" ] && psql_do "DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE" >/dev/null 2>&1
  rm -rf "$SCRATCH"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

rss_mb()  { awk '/^VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
hwm_mb()  { awk '/^VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
ticks()   { awk '{print $14+$15}' "/proc/$1/stat"; }

# ------------------------------------------------------------------ servers
start_am() {
  local store; store=$(mktemp -d "$SCRATCH/am-$1.XXXX")
  prometheus-alertmanager --config.file="$OUT/alertmanager.yml" --storage.path="$store" \
    --web.listen-address="127.0.0.1:$AM_PORT" --cluster.listen-address= --log.level=warn > "$OUT/am-$1.log" 2>&1 &
  AM_PID=$!
  for _ in $(seq 1 50); do curl -sf -m 1 "$AM/-/ready" > /dev/null && return 0; sleep 0.2; done
  log "alertmanager did not become ready"; return 1
}
stop_am() { stop_pid "$AM_PID"; AM_PID=""; }

# start_hush NAME STORE-ARGS... : fresh store, the bench service with its fixed routing key, an API token
start_hush() {
  local name=$1; shift
  "$JAVA" -jar "$JAR" service create bench --key "$KEY" "$@" > /dev/null 2>&1 || { log "hush service create failed"; return 1; }
  "$JAVA" -jar "$JAR" user create --email bench@hush.local --name Bench --password bench-password-1 --admin --role manager "$@" > /dev/null 2>&1
  TOKEN=$("$JAVA" -jar "$JAR" user token --as bench@hush.local "$@" 2>/dev/null | sed -n 's/.*(shown once): //p')
  # The receiver is on loopback, which pages reach only when the operator allows it.
  "$JAVA" "${HUSH_OPTS[@]}" -jar "$JAR" serve --port "$HUSH_PORT" --ingest-rate-limit 0 --admin-email first@hush.local \
    --allowed-targets 127.0.0.1/32 "$@" \
    > "$OUT/hush-$name.log" 2>&1 &
  HUSH_PID=$!
  for _ in $(seq 1 150); do curl -sf -m 1 "$HUSH/readyz" > /dev/null && return 0; sleep 0.2; done
  log "hush did not become ready"; return 1
}
stop_hush() { stop_pid "$HUSH_PID"; HUSH_PID=""; }

# ------------------------------------------------------------------ one saturation run
# wrk_run KEY URL FORMAT BATCH SERVER-PID COUNTER-URL COUNTER-METRIC
wrk_run() {
  local key=$1 url=$2 format=$3 batch=$4 pid=$5 curl_base=$6 counter=$7
  log "$key: $format batch $batch, ${DUR}s, $CONNS connections"
  local c0 c1 m0 m1 line
  c0=$(ticks "$pid"); m0=$(metric "$curl_base" "$counter")
  bounded $((DUR + 20)) env BATCH="$batch" PHASE="$key" RUN="$RUN_ID" FORMAT="$format" \
    wrk -t"$WRK_THREADS" -c"$CONNS" -d"${DUR}s" --timeout 10s -s tools/ingest.lua "$url" > "$OUT/wrk-$key.txt" 2>&1
  c1=$(ticks "$pid"); m1=$(metric "$curl_base" "$counter")
  line=$(grep '^WRK ' "$OUT/wrk-$key.txt" | tr ' ' '\n' | grep =)
  [ -n "$line" ] || { log "wrk produced no summary for $key"; return 0; }
  local requests duration_us err_status errs p50 p99 secs
  requests=$(echo "$line" | awk -F= '$1=="requests"{print $2}')
  duration_us=$(echo "$line" | awk -F= '$1=="duration_us"{print $2}')
  err_status=$(echo "$line" | awk -F= '$1=="err_status"{print $2}')
  errs=$(echo "$line" | awk -F= '$1 ~ /^err_(connect|read|write|timeout)$/ {s+=$2} END{print s+0}')
  p50=$(echo "$line" | awk -F= '$1=="lat_p50_us"{print $2}')
  p99=$(echo "$line" | awk -F= '$1=="lat_p99_us"{print $2}')
  secs=$(calc "$duration_us / 1e6")
  emit "${key}_alerts_per_s" "$(calc "($m1 - $m0) / $secs")"
  emit "${key}_requests_per_s" "$(calc "$requests / $secs")"
  emit "${key}_http_errors" "$((err_status + errs))"
  emit "${key}_req_p50_ms" "$(calc "$p50 / 1000")"
  emit "${key}_req_p99_ms" "$(calc "$p99 / 1000")"
  emit "${key}_server_cpu_cores" "$(calc "($c1 - $c0) / $CLK_TCK / $secs")"
  emit "${key}_alerts_per_server_cpu_s" "$(calc "($m1 - $m0) / (($c1 - $c0) / $CLK_TCK + 1e-9)")"
}

am_phase() { # am_phase KEY BATCH
  start_am "$1" || return 0
  wrk_run "$1" "$AM/api/v2/alerts" am-v2 "$2" "$AM_PID" "$AM" alertmanager_alerts_received_total
  stop_am
}

hush_phases() { # hush_phases PREFIX : warm-up, then PD v2 b1, AM webhook b1 and b100
  local p=$1
  log "$p: JIT warm-up ${WARMUP}s (not measured)"
  bounded $((WARMUP + 15)) env BATCH=1 PHASE=warm RUN="$RUN_ID" FORMAT=pd-v2 \
    wrk -t1 -c"$CONNS" -d"${WARMUP}s" -s tools/ingest.lua "$HUSH/v2/enqueue" > /dev/null 2>&1
  wrk_run "${p}_pd1" "$HUSH/v2/enqueue" pd-v2 1 "$HUSH_PID" "$HUSH" hush_events_received_total
  wrk_run "${p}_amw1" "$HUSH/api/v1/integrations/alertmanager/$KEY" am-webhook 1 "$HUSH_PID" "$HUSH" hush_events_received_total
  wrk_run "${p}_amw100" "$HUSH/api/v1/integrations/alertmanager/$KEY" am-webhook 100 "$HUSH_PID" "$HUSH" hush_events_received_total
}

# list_timing KEY : 30 filtered incident-list requests, p50 / p99 ms
list_timing() {
  local times
  times=$(for _ in $(seq 1 30); do
    curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$HUSH/api/v1/incidents?status=triggered&service=1&limit=50"
  done | sort -n)
  emit "$1_filtered_list_p50_ms" "$(echo "$times" | awk '{a[NR]=$1} END {printf "%.1f", a[int(NR*0.5)]*1000}')"
  emit "$1_filtered_list_p99_ms" "$(echo "$times" | awk '{a[NR]=$1} END {printf "%.1f", a[NR]*1000}')"
}

# ------------------------------------------------------------------ setup
{
  echo "# date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "# alertmanager=$(prometheus-alertmanager --version 2>&1 | head -1)"
  echo "# java=$("$JAVA" -version 2>&1 | head -1) opts=${HUSH_OPTS[*]}"
  echo "# kernel=$(uname -r) cpus=$(nproc) loadavg_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# settings: DUR=$DUR CONNS=$CONNS WRK_THREADS=$WRK_THREADS WARMUP=$WARMUP FILL_N=$FILL_N"
} >> "$RES"
sed "s#127.0.0.1:19095#127.0.0.1:$RECV_PORT#" tools/alertmanager.yml > "$OUT/alertmanager.yml"
bounded 120 "$JAVA_HOME/bin/javac" -d "$OUT/classes" tools/AmBench.java || { log "javac failed"; exit 1; }
"$JAVA" -XX:+UseSerialGC -Xms256m -Xmx2g -Dsun.net.httpserver.maxIdleConnections=20000 -Dsun.net.httpserver.idleInterval=300 \
  -cp "$OUT/classes" AmBench receiver --port "$RECV_PORT" --max-seconds 900 --log "$OUT/notifications.tsv" > "$OUT/receiver.log" 2>&1 &
RECV_PID=$!
for _ in $(seq 1 50); do curl -sf -m 1 "$RECV/stats" > /dev/null && break; sleep 0.2; done

# ------------------------------------------------------------------ 1. ingestion, interleaved
if [ "${ONLY:-}" != paging ]; then
am_phase ingest1 1            # Alertmanager: every alert its own group + notification
if start_hush sqlite --data-dir "$SCRATCH/hush-sqlite"; then
  hush_phases sqlite
  # ------------------------------------------------------------------ 3. 100k open incidents
  log "sqlite: fill to $FILL_N open incidents"
  emit sqlite_idle_rss_mb "$(rss_mb "$HUSH_PID")"
  for _ in $(seq 1 30); do
    [ "$(metric "$HUSH" hush_incidents_opened_total)" -ge "$FILL_N" ] && break
    bounded 20 env BATCH=100 PHASE=fill RUN="$RUN_ID$RANDOM" FORMAT=am-webhook \
      wrk -t1 -c8 -d3s -s tools/ingest.lua "$HUSH/api/v1/integrations/alertmanager/$KEY" > /dev/null 2>&1
  done
  emit sqlite_open_incidents "$(metric "$HUSH" hush_incidents_opened_total)"
  list_timing sqlite
  emit sqlite_filled_rss_mb "$(rss_mb "$HUSH_PID")"
  emit sqlite_peak_rss_mb "$(hwm_mb "$HUSH_PID")"
  stop_hush
fi
am_phase ingest100 100        # Alertmanager, 100 alerts a request
am_phase ingestg100 100       # Alertmanager grouped: one group, no fan-out (its API + store ceiling)
fi

# ------------------------------------------------------------------ 4. paging: POST of a new alert -> webhook received
api() { curl -sf -m 10 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -X "$1" "$HUSH$2" -d "$3"; }
setup_paging() { # the bench user is on call in a weekly rotation; the service pages that schedule at once, by webhook
  local me rot sched pol
  me=$(api GET /api/v1/me '' | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
  api POST /api/v1/me/contact-methods "{\"kind\":\"webhook\",\"address\":\"$RECV/notify\"}" > /dev/null
  rot=$(api POST /api/v1/rotations "{\"name\":\"bench\",\"zone\":\"UTC\",\"start_date\":\"$(date -u -d '-7 days' +%F)\",\"user_ids\":[$me]}" | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
  sched=$(api POST /api/v1/schedules '{"name":"bench"}' | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
  api POST "/api/v1/schedules/$sched/layers" "{\"rotation_id\":$rot}" > /dev/null
  pol=$(api POST /api/v1/escalation-policies "{\"name\":\"bench\",\"steps\":[{\"target\":\"schedule\",\"target_id\":$sched,\"delay_minutes\":5}]}" | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
  api PUT /api/v1/services/1/escalation-policy "{\"policy_id\":$pol}" > /dev/null
}
if start_am lat; then
  log "alertmanager: e2e latency, 300 alerts at 20/s, group_wait 0s"
  bounded 120 "$JAVA" -cp "$OUT/classes" AmBench latency --url "$AM/api/v2/alerts" --recv "$RECV" --n 300 --rate 20 --warmup 20 --phase amlat >> "$RES"
  # 6,000 notifications at once: 6,000 new alerts in 60 requests, each alert its own group, sent after group_wait 0s.
  log "alertmanager: 6000 new alerts at once, one notification each"
  t0us=$(date +%s%6N)
  bounded 60 "$JAVA" -cp "$OUT/classes" AmBench fill --url "$AM/api/v2/alerts" --n 6000 --batch 100 --threads 4 --phase amburst > /dev/null
  bounded 70 "$JAVA" -cp "$OUT/classes" AmBench wait --recv "$RECV" --phase amburst --target 6000 --timeout 60 --key amburst >> "$RES"
  last_us=$(curl -s -m 10 "$RECV/dump?phase=amburst" | awk '$2 > m {m = $2} END {printf "%d", m}')
  emit amburst_all_delivered_s "$(calc "($last_us - $t0us) / 1e6")"
  stop_am
fi
if start_hush paging --data-dir "$SCRATCH/hush-paging"; then
  setup_paging
  # The same JIT warm-up as the ingest phases, through the paging path (pages of phase "warm" are not measured).
  log "hush: paging warm-up ${WARMUP}s (not measured)"
  bounded $((WARMUP + 15)) env BATCH=1 PHASE=warm RUN="$RUN_ID" FORMAT=pd-v2 \
    wrk -t1 -c"$CONNS" -d"${WARMUP}s" -s tools/ingest.lua "$HUSH/v2/enqueue" > /dev/null 2>&1
  sleep 2
  log "hush: e2e latency, 300 alerts at 20/s, first step at once"
  bounded 120 "$JAVA" -cp "$OUT/classes" AmBench latency --url "$HUSH/v2/enqueue" --format pd-v2 --recv "$RECV" --n 300 --rate 20 \
    --warmup 40 --phase hushlat >> "$RES"
  stop_hush
fi
# 6,000 escalation timers due in the same second (see tools/EscalationBench.java): Hush and its loopback receiver in one JVM.
log "hush: 6000 escalations due in the same second"
bounded 400 "$JAVA" -XX:+UseSerialGC -Xmx256m -cp "$JAR" tools/EscalationBench.java 6000 2>/dev/null | grep '^escalations_' >> "$RES"
# What the machine itself costs: 6,000 bare POSTs to the same receiver, and an fsync when idle (tools/Floors.java).
log "floors: 6000 bare webhook POSTs, idle fsync"
bounded 200 "$JAVA" -XX:+UseSerialGC tools/Floors.java 6000 "$SCRATCH" 2>/dev/null | grep '^floor_' >> "$RES"

# ------------------------------------------------------------------ 2. the same on PostgreSQL
if [ -z "${SKIP_PG:-}" ] && [ "${ONLY:-}" != paging ]; then
  PG_SCHEMA="hush_bench_$RUN_ID"
  # The key file that seals stored credentials lives in the data folder, which PostgreSQL needs named.
  if start_hush pg --database-url "$PG_URL" --database-schema "$PG_SCHEMA" --data-dir "$SCRATCH/hush-pg"; then
    hush_phases pg
    stop_hush
  fi
  psql_do "DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE" >/dev/null 2>&1; PG_SCHEMA=""
fi

# ------------------------------------------------------------------ Alertmanager memory with 100k alerts
if [ "${ONLY:-}" != paging ] && start_am fill; then
  log "alertmanager: fill $FILL_N alerts"
  bounded 150 "$JAVA" -XX:+UseSerialGC -Xmx512m -cp "$OUT/classes" AmBench fill --url "$AM/api/v2/alerts" --n "$FILL_N" \
    --batch 100 --threads 4 --phase fill >> "$RES"
  emit am_filled_rss_mb "$(rss_mb "$AM_PID")"
  bounded 100 "$JAVA" -cp "$OUT/classes" AmBench probe --base "$AM" --key am_probe >> "$RES"
  stop_am
fi
log "who is on call in 1000 schedules at one instant"
bounded 240 "$JAVA" -cp "$JAR" tools/OnCallBench.java 1000 7 2>/dev/null | grep '^oncall_' >> "$RES"
emit total_wall_s "$SECONDS"

# ------------------------------------------------------------------ summary
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
{
  echo
  echo "Hush vs Alertmanager, one run: $RES"
  printf '%-52s %12s %12s %8s\n' "measure" "Hush" "Alertmgr" "ratio"
  printf '%-52s %12s %12s %8s\n' "PD v2 b1 alerts/s vs AM b1 (per-alert group+notify)" "$(v sqlite_pd1_alerts_per_s)" "$(v ingest1_alerts_per_s)" "$(ratio "$(v sqlite_pd1_alerts_per_s)" "$(v ingest1_alerts_per_s)")"
  printf '%-52s %12s %12s %8s\n' "AM webhook b1 alerts/s vs AM b1" "$(v sqlite_amw1_alerts_per_s)" "$(v ingest1_alerts_per_s)" "$(ratio "$(v sqlite_amw1_alerts_per_s)" "$(v ingest1_alerts_per_s)")"
  printf '%-52s %12s %12s %8s\n' "AM webhook b100 alerts/s vs AM grouped b100" "$(v sqlite_amw100_alerts_per_s)" "$(v ingestg100_alerts_per_s)" "$(ratio "$(v sqlite_amw100_alerts_per_s)" "$(v ingestg100_alerts_per_s)")"
  printf '%-52s %12s %12s %8s\n' "AM webhook b100 alerts/s vs AM b100 (per-alert)" "$(v sqlite_amw100_alerts_per_s)" "$(v ingest100_alerts_per_s)" "$(ratio "$(v sqlite_amw100_alerts_per_s)" "$(v ingest100_alerts_per_s)")"
  printf '%-52s %12s %12s %8s\n' "RSS MB with 100k open incidents / active alerts" "$(v sqlite_filled_rss_mb)" "$(v am_filled_rss_mb)" "$(ratio "$(v sqlite_filled_rss_mb)" "$(v am_filled_rss_mb)")"
  printf '%-52s %12s %12s %8s\n' "filtered list ms (p50) at 100k" "$(v sqlite_filtered_list_p50_ms)" "$(v am_probe_filtered_list_p50_ms)" "$(ratio "$(v sqlite_filtered_list_p50_ms)" "$(v am_probe_filtered_list_p50_ms)")"
  printf '%-52s %12s %12s %8s\n' "e2e POST -> webhook p50 ms" "$(v hushlat_e2e_p50_ms)" "$(v amlat_e2e_p50_ms)" "$(ratio "$(v hushlat_e2e_p50_ms)" "$(v amlat_e2e_p50_ms)")"
  printf '%-52s %12s %12s %8s\n' "e2e POST -> webhook p95 ms" "$(v hushlat_e2e_p95_ms)" "$(v amlat_e2e_p95_ms)" "$(ratio "$(v hushlat_e2e_p95_ms)" "$(v amlat_e2e_p95_ms)")"
  printf '%-52s %12s %12s %8s\n' "e2e POST -> webhook p99 ms" "$(v hushlat_e2e_p99_ms)" "$(v amlat_e2e_p99_ms)" "$(ratio "$(v hushlat_e2e_p99_ms)" "$(v amlat_e2e_p99_ms)")"
  printf '%-52s %12s %12s %8s\n' "6000 at once: last page after due / first POST, s" "$(calc "$(v escalations_all_delivered_ms) / 1000")" "$(v amburst_all_delivered_s)" "$(ratio "$(calc "$(v escalations_all_delivered_ms) / 1000")" "$(v amburst_all_delivered_s)")"
  printf '%-52s %12s\n' "floor: 6000 bare POSTs to that receiver, s" "$(v floor_posts_s)"
  printf '%-52s %12s\n' "floor: idle fsync p50 ms" "$(v floor_fsync_p50_ms)"
  printf '%-52s %12s\n' "who is on call, 1000 schedules at one instant, ms" "$(v oncall_all_p50_ms)"
  printf '%-52s %12s\n' "PostgreSQL: PD v2 b1 / AM webhook b100 alerts/s" "$(v pg_pd1_alerts_per_s) / $(v pg_amw100_alerts_per_s)"
  printf '%-52s %12s\n' "total wall s" "$(v total_wall_s)"
} | tee "$OUT/summary.txt"
