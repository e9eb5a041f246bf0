#!/usr/bin/env bash
# The two halves of jobsctl chained as a script would: start the API in the background,
# wait until it listens and is healthy, collect counts as CSV, stop the server.
#
#   examples/pipeline.sh [path/to/jobs.json]
#
# Runs from any directory; a relative data path is taken from the caller's directory.
# Uses $JOBSCTL if set, else target/release/jobsctl, building it with cargo if needed.
# The server listens on a free port (or $PORT), learnt from its --port-file.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

bin=${JOBSCTL:-$repo/target/release/jobsctl}
if [ ! -x "$bin" ]; then
  (cd "$repo" && cargo build --release --quiet --bin jobsctl)
fi
data_args=()
if [ $# -ge 1 ]; then
  data_args=(--data "$1")
fi

work=$(mktemp -d)
port_file=$work/port
"$bin" serve --port "${PORT:-0}" --port-file "$port_file" --quiet "${data_args[@]}" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

# Wait for the port file, written once the server listens (at most ~30 s).
for _ in $(seq 1 600); do
  if [ -s "$port_file" ]; then
    break
  fi
  if ! kill -0 "$server" 2>/dev/null; then
    echo "pipeline: the server exited; see the error above" >&2
    exit 1
  fi
  sleep 0.05
done
if [ ! -s "$port_file" ]; then
  echo "pipeline: the server did not start listening within 30 s" >&2
  exit 1
fi
base="http://127.0.0.1:$(cat "$port_file")"
curl -fsS "$base/health" >/dev/null

# Counts as CSV on stdout, most postings last; no workbook needed here.
"$bin" collect --url "$base" --format csv --no-workbook --quiet \
  | { IFS= read -r header; echo "$header"; sort -t, -k3 -n; }
