#!/usr/bin/env bash
# Median / min / max / spread of every figure over several runs of run.sh.
# usage: ./aggregate.sh [RESULTS_FILE...]   (default: every out/*/results.txt)
set -euo pipefail
here=$(dirname "$0")
. "$here/../scripts/find-jdk.sh"
hush_find_jdk
if [ $# -eq 0 ]; then set -- "$here"/out/*/results.txt; fi
exec "$JAVA_HOME/bin/java" "$here/tools/AmBench.java" aggregate "$@"
