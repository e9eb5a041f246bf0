#!/usr/bin/env bash
# The two halves of jobsctl chained as a script would: start the API in the background,
# wait until it is healthy, collect counts as CSV, stop the server.
#
#   examples/pipeline.sh [path/to/jobs.json]
#
# Uses $JOBSCTL if set, else target/release/jobsctl, building it with cargo if needed.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${JOBSCTL:-target/release/jobsctl}
if [ ! -x "$bin" ]; then
  cargo build --release --quiet --bin jobsctl
fi
data_args=()
if [ $# -ge 1 ]; then
  data_args=(--data "$1")
fi

port=${PORT:-5055}
if curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; then
  echo "pipeline: port $port is already in use; set PORT to a free one" >&2
  exit 1
fi
"$bin" serve --port "$port" --quiet "${data_args[@]}" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT

# Wait for /health (at most ~10 s).
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$server" 2>/dev/null; then
    echo "pipeline: the server exited; see the error above" >&2
    exit 1
  fi
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/health" >/dev/null

# Counts as CSV on stdout, most postings last; no workbook needed here.
"$bin" collect --url "http://127.0.0.1:$port" --format csv --no-workbook --quiet \
  | { IFS= read -r header; echo "$header"; sort -t, -k3 -n; }
