#!/usr/bin/env bash
# The weekly review and the insights on a year of history, on SQLite and on PostgreSQL, and ingest
# before/after the rollups, in one run, on loopback only. Every step is bounded and the whole run is
# capped at RUN_TIMEOUT seconds. Only processes started here are stopped, by PID.
# Results: out/review-<stamp>/results.txt (key=value) and summary.txt.
#
#   1. per store: `hush bench-history` fills a fresh store (EVENTS alert events over WEEKS weeks),
#      `hush serve` runs on it, last week's review of the busiest team is prepared through the API,
#      then every page and API below gets WARM unmeasured and N measured sequential requests
#      (each bounded by curl's -m 10): p50 / p95 / p99 against the 300 ms target.
#   2. ingest before/after the rollups: the jar of the last commit on HEAD's first-parent line without
#      the rollup migration (built in a temporary worktree, removed afterwards) and the current jar,
#      interleaved A/B/A/B on fresh SQLite stores, with run.sh's PagerDuty v2 batch-1 and Alertmanager
#      webhook batch-100 workloads (wrk + tools/ingest.lua); the ratio after/before (target >= 0.95).
#
# Tunables (environment):
#   EVENTS=5000000  PG_EVENTS=$EVENTS  WEEKS=52  TEAMS=8  SERVICES=40  SEED=1  N=100  WARM=5
#   INSIGHT_WEEKS=52 (the ?weeks= of the *_52w requests)   HUSH_PORT=19081
#   HUSH_JAVA_OPTS="-Xms16m -Xmx80m -XX:+UseSerialGC"   PG_URL=jdbc:postgresql://127.0.0.1:5432/test?user=postgres
#   SKIP_SQLITE=1  SKIP_PG=1  SKIP_INGEST=1   ROUNDS=2 (A/B pairs)  DUR=12  CONNS=16  WARMUP=15
#   BEFORE_REF=<commit> (default: as above)   OUT=out/review-<stamp>   RUN_TIMEOUT=3600
#   PAGES_MATCH=<regex> (measure only the keys it matches, e.g. 'noise')
set -uo pipefail
cd "$(dirname "$0")"

if [ -z "${HR_INNER:-}" ]; then
  export HR_INNER=1
  exec timeout -k 15 "${RUN_TIMEOUT:-3600}" bash "$PWD/review.sh" "$@"
fi

for tool in wrk curl; do
  command -v "$tool" >/dev/null 2>&1 || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk curl; break; }
done
# shellcheck source=../scripts/find-jdk.sh
. ../scripts/find-jdk.sh
# shellcheck source=lib.sh
. ./lib.sh
hush_find_jdk || exit 1
JAVA="$JAVA_HOME/bin/java"
JAR=$PWD/../target/hush.jar
[ -f "$JAR" ] || (cd .. && ./mvnw -q -B package -DskipTests) || exit 1

EVENTS=${EVENTS:-5000000}
PG_EVENTS=${PG_EVENTS:-$EVENTS}
WEEKS=${WEEKS:-52}
TEAMS=${TEAMS:-8}
SERVICES=${SERVICES:-40}
SEED=${SEED:-1}
N=${N:-100}
WARM=${WARM:-5}
INSIGHT_WEEKS=${INSIGHT_WEEKS:-52}
HUSH_PORT=${HUSH_PORT:-19081}
ROUNDS=${ROUNDS:-2}
DUR=${DUR:-12}
CONNS=${CONNS:-16}
WARMUP=${WARMUP:-15}
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
read -r -a HUSH_OPTS <<< "${HUSH_JAVA_OPTS:--Xms16m -Xmx80m -XX:+UseSerialGC}"
OUT=${OUT:-out/review-$(date +%Y%m%d-%H%M%S)}
HUSH=http://127.0.0.1:$HUSH_PORT
KEY=bench-routing-key-0000000000000000
RUN_ID=$(date +%s | tail -c 6)$$
TARGET_MS=300

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
RES=$OUT/results.txt
: > "$RES"
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/hush-review.XXXXXX")
HUSH_PID="" CHILD="" PG_SCHEMA="" BEFORE_WT=""


if ss -ltn "sport = :$HUSH_PORT" | grep -q LISTEN; then echo "port $HUSH_PORT is in use; set HUSH_PORT" >&2; exit 2; fi


cleanup() {
  [ -n "$CHILD" ] && kill "$CHILD" 2>/dev/null
  stop_pid "$HUSH_PID"
  [ -n "$PG_SCHEMA" ] && psql_do "DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE" >/dev/null 2>&1
  [ -n "$BEFORE_WT" ] && git -C .. worktree remove --force "$BEFORE_WT" >/dev/null 2>&1
  rm -rf "$SCRATCH"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

api() { curl -sf -m 30 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -X "$1" "$HUSH$2" ${3:+-d "$3"}; }

serve() { # serve JAR NAME STORE-ARGS... : starts Hush, waits until ready
  local jar=$1 name=$2; shift 2
  "$JAVA" "${HUSH_OPTS[@]}" -jar "$jar" serve --port "$HUSH_PORT" --ingest-rate-limit 0 --admin-email first@hush.local "$@" \
    > "$OUT/hush-$name.log" 2>&1 &
  HUSH_PID=$!
  for _ in $(seq 1 300); do curl -sf -m 1 "$HUSH/readyz" > /dev/null && return 0; kill -0 "$HUSH_PID" 2>/dev/null || break; sleep 0.2; done
  log "hush did not become ready ($name)"; return 1
}
stop_hush() { stop_pid "$HUSH_PID"; HUSH_PID=""; }

# timing KEY PATH : WARM unmeasured + N measured sequential GETs; p50/p95/p99 (nearest rank), non-200 count
timing() {
  local key=$1 path=$2 f="$OUT/times-$1.txt"
  for _ in $(seq 1 "$WARM"); do curl -s -o /dev/null -m 10 -H "Authorization: Bearer $TOKEN" "$HUSH$path"; done
  : > "$f"
  for _ in $(seq 1 "$N"); do
    curl -s -o /dev/null -m 10 -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $TOKEN" "$HUSH$path" >> "$f"
  done
  local sorted; sorted=$(awk '{print $2 * 1000}' "$f" | sort -n)
  pct() { echo "$sorted" | awk -v p="$1" '{a[NR]=$1} END {i = int(NR * p + 0.999999); if (i < 1) i = 1; printf "%.1f", a[i]}'; }
  emit "${key}_p50_ms" "$(pct 0.50)"
  emit "${key}_p95_ms" "$(pct 0.95)"
  emit "${key}_p99_ms" "$(pct 0.99)"
  emit "${key}_errors" "$(awk '$1 != "200"' "$f" | wc -l)"
  emit "${key}_bytes" "$(curl -s -m 10 -H "Authorization: Bearer $TOKEN" "$HUSH$path" | wc -c)"
}

# The pages and APIs measured, as KEY PATH (TEAM and REVIEW filled in): each as a person opens it (the
# page's default window: 12 weeks of pages and MTTA/MTTR, 52 of quiet weeks, 4 of noise, 13 of the
# person insights), then every insights page over the whole year (?weeks=INSIGHT_WEEKS, key *_52w).
PAGES=(
  "review_page /reviews/REVIEW"
  "review_api /api/v1/reviews/REVIEW"
  "insights_pages_page /teams/TEAM/insights/pages"
  "insights_quiet_page /teams/TEAM/insights/quiet"
  "insights_response_page /teams/TEAM/insights/response"
  "insights_noise_page /teams/TEAM/insights/noise"
  "insights_interruptions_page /teams/TEAM/insights/interruptions"
  "insights_fairness_page /teams/TEAM/insights/fairness"
  "insights_expertise_page /teams/TEAM/insights/expertise"
  "insights_pages_api /api/v1/teams/TEAM/insights/pages-per-week"
  "insights_quiet_api /api/v1/teams/TEAM/insights/quiet-streak"
  "insights_response_api /api/v1/teams/TEAM/insights/mtta-mttr"
  "insights_noise_api /api/v1/teams/TEAM/insights/noise"
  "insights_interruptions_api /api/v1/teams/TEAM/insights/interruptions"
  "insights_fairness_api /api/v1/teams/TEAM/insights/fairness"
  "insights_expertise_api /api/v1/teams/TEAM/insights/expertise"
  "insights_pages_page_52w /teams/TEAM/insights/pages?weeks=W"
  "insights_response_page_52w /teams/TEAM/insights/response?weeks=W"
  "insights_noise_page_52w /teams/TEAM/insights/noise?weeks=W"
  "insights_interruptions_page_52w /teams/TEAM/insights/interruptions?weeks=W"
  "insights_fairness_page_52w /teams/TEAM/insights/fairness?weeks=W"
  "insights_expertise_page_52w /teams/TEAM/insights/expertise?weeks=W"
)

# review_phase PREFIX EVENTS STORE-ARGS... : generate, serve, prepare, measure
review_phase() {
  local p=$1 events=$2; shift 2
  log "$p: generating $events events over $WEEKS weeks"
  if ! bounded 1500 "$JAVA" -XX:+UseParallelGC -jar "$JAR" bench-history --events "$events" --weeks "$WEEKS" --teams "$TEAMS" \
      --services "$SERVICES" --seed "$SEED" "$@" > "$OUT/history-$p.txt" 2> "$OUT/history-$p.log"; then
    log "$p: bench-history failed (see history-$p.log)"; return 1
  fi
  sed -n 's/^\(history_[a-z_]*\)=/'"$p"'_\1=/p' "$OUT/history-$p.txt" >> "$RES"
  grep '^check' "$OUT/history-$p.txt" | sed "s/^/# $p /" >> "$RES"
  local team; team=$(sed -n 's/^history_busiest_team=//p' "$OUT/history-$p.txt")
  "$JAVA" -jar "$JAR" user create --email bench@hush.local --name Bench --password bench-password-1 --admin --team "$team" --role manager "$@" \
    > /dev/null 2>&1
  TOKEN=$("$JAVA" -jar "$JAR" user token --as bench@hush.local "$@" 2>/dev/null | sed -n 's/.*(shown once): //p')
  [ -n "$TOKEN" ] || { log "$p: no API token"; return 1; }
  serve "$JAR" "review-$p" "$@" || return 1
  local t0 review; t0=$(date +%s%N)
  review=$(api POST "/api/v1/teams/$team/reviews" '' | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
  emit "${p}_prepare_ms" "$(calc "($(date +%s%N) - $t0) / 1e6")"
  [ -n "$review" ] || { log "$p: preparing the review failed"; stop_hush; return 1; }
  emit "${p}_team" "$team"
  emit "${p}_review" "$review"
  emit "${p}_review_incidents" "$(api GET "/api/v1/reviews/$review" | grep -o '"total":[0-9]*' | head -1 | cut -d: -f2)"
  local entry key path
  for entry in "${PAGES[@]}"; do
    key=${entry%% *}; path=${entry#* }
    [[ "$key" =~ ${PAGES_MATCH:-.} ]] || continue
    path=${path//REVIEW/$review}; path=${path//TEAM/$team}; path=${path//=W/=$INSIGHT_WEEKS}
    log "$p: $key ($path)"
    timing "${p}_$key" "$path"
  done
  emit "${p}_rss_mb" "$(awk '/^VmRSS/ {printf "%.0f", $2/1024}' "/proc/$HUSH_PID/status")"
  stop_hush
}

{
  echo "# date=$(date -u +%Y-%m-%dT%H:%M:%SZ) commit=$(git -C .. rev-parse --short HEAD)"
  echo "# java=$("$JAVA" -version 2>&1 | head -1) opts=${HUSH_OPTS[*]}"
  echo "# kernel=$(uname -r) cpus=$(nproc) loadavg_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# settings: EVENTS=$EVENTS PG_EVENTS=$PG_EVENTS WEEKS=$WEEKS TEAMS=$TEAMS SERVICES=$SERVICES SEED=$SEED N=$N WARM=$WARM INSIGHT_WEEKS=$INSIGHT_WEEKS ROUNDS=$ROUNDS DUR=$DUR CONNS=$CONNS WARMUP=$WARMUP"
} >> "$RES"

# ------------------------------------------------------------------ 1. review and insights
if [ -z "${SKIP_SQLITE:-}" ]; then
  review_phase sqlite "$EVENTS" --data-dir "$SCRATCH/review-sqlite"
  rm -rf "$SCRATCH/review-sqlite"
fi
if [ -z "${SKIP_PG:-}" ]; then
  PG_SCHEMA="hush_review_$RUN_ID"
  review_phase pg "$PG_EVENTS" --database-url "$PG_URL" --database-schema "$PG_SCHEMA" --data-dir "$SCRATCH/review-pg"
  psql_do "DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE" >/dev/null 2>&1; PG_SCHEMA=""
fi

# ------------------------------------------------------------------ 2. ingest before/after the rollups
ingest_round() { # ingest_round LABEL JAR ROUND
  local label=$1 jar=$2 r=$3 dir="$SCRATCH/ingest-$1-$3"
  "$JAVA" -jar "$jar" service create bench --key "$KEY" --data-dir "$dir" > /dev/null 2>&1 || { log "service create failed ($label)"; return 1; }
  serve "$jar" "ingest-$label-$r" --data-dir "$dir" || return 1
  bounded $((WARMUP + 15)) env BATCH=1 PHASE=warm RUN="$RUN_ID$r$label" FORMAT=pd-v2 \
    wrk -t1 -c"$CONNS" -d"${WARMUP}s" -s tools/ingest.lua "$HUSH/v2/enqueue" > /dev/null 2>&1
  local w url format batch m0 m1 line secs
  for w in "pd1 $HUSH/v2/enqueue pd-v2 1" "amw100 $HUSH/api/v1/integrations/alertmanager/$KEY am-webhook 100"; do
    read -r name url format batch <<< "$w"
    m0=$(metric "$HUSH" hush_events_received_total)
    bounded $((DUR + 20)) env BATCH="$batch" PHASE="$name$label$r" RUN="$RUN_ID" FORMAT="$format" \
      wrk -t1 -c"$CONNS" -d"${DUR}s" --timeout 10s -s tools/ingest.lua "$url" > "$OUT/wrk-$label-$name-$r.txt" 2>&1
    m1=$(metric "$HUSH" hush_events_received_total)
    line=$(grep '^WRK ' "$OUT/wrk-$label-$name-$r.txt" | tr ' ' '\n' | grep =)
    secs=$(calc "$(echo "$line" | awk -F= '$1=="duration_us"{print $2}') / 1e6")
    emit "ingest_${label}_${name}_r${r}_alerts_per_s" "$(calc "($m1 - $m0) / $secs")"
    emit "ingest_${label}_${name}_r${r}_errors" "$(echo "$line" | awk -F= '$1 ~ /^err_/ {s+=$2} END{print s+0}')"
  done
  stop_hush
  rm -rf "$dir"
}

if [ -z "${SKIP_INGEST:-}" ]; then
  # the rollup migration (V13__insights_rollup.sql), by name, whatever its version number
  has_rollup() { git -C .. ls-tree --name-only "$1" src/main/resources/db/migration/ | grep -q '__insights_rollup\.sql$'; }
  REF=${BEFORE_REF:-}
  if [ -z "$REF" ]; then
    for c in $(git -C .. rev-list --first-parent -n 200 HEAD); do
      has_rollup "$c" || { REF=$c; break; }
    done
  fi
  if [ -z "$REF" ] || ! has_rollup HEAD; then
    log "ingest: no commit before the rollups found (or HEAD has none); skipped"
  else
    emit ingest_before_commit "$(git -C .. rev-parse --short "$REF")"
    emit ingest_after_commit "$(git -C .. rev-parse --short HEAD)"
    log "ingest: building the jar of $REF (before the rollups)"
    BEFORE_WT="$SCRATCH/before"
    git -C .. worktree add -q --detach "$BEFORE_WT" "$REF" > /dev/null 2>&1
    if (cd "$BEFORE_WT" && bounded 600 ./mvnw -q -B -o package -DskipTests > "$OUT/build-before.log" 2>&1 \
        || bounded 600 ./mvnw -q -B package -DskipTests >> "$OUT/build-before.log" 2>&1); then
      cp "$BEFORE_WT/target/hush.jar" "$SCRATCH/hush-before.jar"
    fi
    git -C .. worktree remove --force "$BEFORE_WT" > /dev/null 2>&1; BEFORE_WT=""
    if [ -f "$SCRATCH/hush-before.jar" ]; then
      for r in $(seq 1 "$ROUNDS"); do
        log "ingest round $r: before"; ingest_round before "$SCRATCH/hush-before.jar" "$r"
        log "ingest round $r: after"; ingest_round after "$JAR" "$r"
      done
    else
      log "ingest: the before jar did not build (see build-before.log)"
    fi
  fi
fi
emit total_wall_s "$SECONDS"

# ------------------------------------------------------------------ summary
mean() { awk -F= -v re="$1" '$1 ~ re {s += $2; n++} END { if (n) printf "%.1f", s / n; else print "" }' "$RES"; }
{
  echo
  echo "Weekly review and insights: $RES"
  for p in sqlite pg; do
    [ -n "$(v "${p}_history_incidents")" ] || continue
    echo
    echo "$p: $(v "${p}_history_alert_events") events, $(v "${p}_history_incidents") incidents, generated in $(v "${p}_history_total_s") s" \
      "(rollups match: $(v "${p}_history_rollups_match")); review $(v "${p}_review") of team $(v "${p}_team"):" \
      "$(v "${p}_review_incidents") incidents in the week"
    printf '%-30s %9s %9s %9s %7s %7s %s\n' "page" "p50 ms" "p95 ms" "p99 ms" "errors" "target" "p95"
    for entry in "${PAGES[@]}"; do
      key=${entry%% *}
      p95=$(v "${p}_${key}_p95_ms")
      [ -n "$p95" ] || continue
      verdict=$(awk -v a="$p95" -v t="$TARGET_MS" 'BEGIN { print (a < t) ? "PASS" : "FAIL" }')
      [ "$(v "${p}_${key}_errors")" = 0 ] || verdict=FAIL
      printf '%-30s %9s %9s %9s %7s %7s %s\n' "$key" "$(v "${p}_${key}_p50_ms")" "$p95" "$(v "${p}_${key}_p99_ms")" \
        "$(v "${p}_${key}_errors")" "<$TARGET_MS" "$verdict"
    done
  done
  for name in pd1 amw100; do
    b=$(mean "^ingest_before_${name}_r[0-9]+_alerts_per_s$"); a=$(mean "^ingest_after_${name}_r[0-9]+_alerts_per_s$")
    [ -n "$b" ] && [ -n "$a" ] || continue
    ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }')
    echo "$name=$ratio" >> "$OUT/ratios"
    echo "ingest $name alerts/s: before $b, after $a (mean of $ROUNDS interleaved rounds), after/before $ratio" \
      "$(awk -v r="$ratio" 'BEGIN { print (r >= 0.95) ? "PASS (>= 0.95)" : "FAIL (< 0.95)" }')"
  done
  echo "total wall s: $(v total_wall_s)"
} | tee "$OUT/summary.txt"
[ -f "$OUT/ratios" ] && sed 's/^\(.*\)=/ingest_ratio_\1=/' "$OUT/ratios" >> "$RES" && rm -f "$OUT/ratios"
exit 0
