#!/usr/bin/env bash
# Side-by-side throughput: jobsctl serve vs. a minimal Flask server with the lab's
# semantics, on the same synthetic lab-sized file, measured in the same run with wrk.
#
#   bench/compare.sh            # DURATION=10s THREADS=2 CONNECTIONS=16 RECORDS=27005
#
# Needs: cargo, python3 with pip (Flask is installed with pip if missing) and wrk (installed
# with apt-get when running as root; otherwise the script says how).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
RECORDS=${RECORDS:-27005}
JOBSCTL_PORT=${JOBSCTL_PORT:-5601}
FLASK_PORT=${FLASK_PORT:-5602}

need() { command -v "$1" >/dev/null 2>&1; }

if ! need wrk; then
  if [ "$(id -u)" = 0 ] && need apt-get; then
    echo "== installing wrk (apt-get)" >&2
    (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
  else
    echo "wrk is missing: install it with 'sudo apt-get install wrk' (or 'brew install wrk')" >&2
    exit 1
  fi
fi
if ! python3 -c 'import flask' 2>/dev/null; then
  echo "== installing Flask (pip)" >&2
  python3 -m pip install --quiet flask
fi

echo "== building jobsctl (release)" >&2
cargo build --release --quiet --bin jobsctl --example generate_jobs

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

data="$work/jobs.json"
target/release/examples/generate_jobs --records "$RECORDS" --seed 42 > "$data"
echo "== data: $RECORDS records, $(du -h "$data" | cut -f1)" >&2

target/release/jobsctl serve --data "$data" --port "$JOBSCTL_PORT" --quiet 2>"$work/jobsctl.log" &
pids+=($!)
python3 bench/flask_lab.py "$data" "$FLASK_PORT" >"$work/flask.log" 2>&1 &
pids+=($!)

wait_for() {
  for _ in $(seq 1 300); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "server at $1 did not start; logs in $work" >&2
  exit 1
}
wait_for "http://127.0.0.1:$JOBSCTL_PORT/health"
wait_for "http://127.0.0.1:$FLASK_PORT/data/all"

# Prints "requests/s bytes/s" for one URL.
measure() {
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$1")
  local rps bps errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  bps=$(awk '/^Transfer\/sec:/ {v=$2; u=substr(v, length(v)-1); n=v+0;
        if (u=="GB") n*=1073741824; else if (u=="MB") n*=1048576; else if (u=="KB") n*=1024;
        print n}' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out")
  if [ -n "$errors" ]; then echo "$1: $errors" >&2; fi
  echo "$rps $bps"
}

row() {
  local name=$1 ours=$2 theirs=$3
  read -r our_rps our_bps < <(measure "$ours")
  read -r flask_rps flask_bps < <(measure "$theirs")
  awk -v n="$name" -v a="$our_rps" -v b="$our_bps" -v c="$flask_rps" -v d="$flask_bps" 'BEGIN {
    printf "| %-34s | %12.0f | %10.1f | %10.1f | %8.1f | %7.1fx |\n",
      n, a, b/1048576, c, d/1048576, (c > 0 ? a/c : 0) }'
}

python_q='Key%20Skills=Python'
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $RECORDS records, $(nproc) CPUs"
echo
echo "| workload                           | jobsctl req/s | jobsctl MB/s | Flask req/s | Flask MB/s | ratio |"
echo "|------------------------------------|--------------:|-------------:|------------:|-----------:|------:|"
row "/data?Key Skills=Python" \
  "http://127.0.0.1:$JOBSCTL_PORT/data?$python_q" "http://127.0.0.1:$FLASK_PORT/data?$python_q"
row "count (Flask: /data, same filter)" \
  "http://127.0.0.1:$JOBSCTL_PORT/data/count?$python_q" "http://127.0.0.1:$FLASK_PORT/data?$python_q"
row "/data/all" \
  "http://127.0.0.1:$JOBSCTL_PORT/data/all" "http://127.0.0.1:$FLASK_PORT/data/all"
