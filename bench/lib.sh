# Helpers both benchmarks use (sourced by run.sh and review.sh after they set RES and CHILD).
# Every wait is bounded; only processes started by the script are stopped, by PID.

log()  { printf '[%5ss] %s\n' "$SECONDS" "$*" >&2; }
emit() { echo "$1=$2" >> "$RES"; }
calc() { awk "BEGIN { printf \"%.2f\", $* }"; }
# The last value a run emitted for a key.
v()    { awk -F= -v k="$1" '$1==k {print $2}' "$RES" | tail -1; }

bounded() { local t=$1; shift; timeout -k 3 "$t" "$@" & CHILD=$!; wait "$CHILD"; local rc=$?; CHILD=""; return $rc; }
stop_pid() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 75); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}
psql_do() { psql "postgresql://postgres@127.0.0.1:5432/test" -qAtc "$1"; }
metric()  { curl -s -m 10 "$1/metrics" | awk -v m="$2" 'index($1, m) == 1 {s += $2} END {printf "%.0f", s}'; }
