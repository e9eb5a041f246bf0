#!/usr/bin/env bash
# Soak test: wrk at 256 connections for 60 s against a count, a filtered list and /data/all,
# one after another, on one jobsctl serve. Reports non-2xx responses, socket errors and the
# server's resident memory before and after (growth must stay within 10%).
#
#   bench/soak.sh               # DURATION=60s CONNECTIONS=256 THREADS=2 DATA=<bundled>
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-60s}
CONNECTIONS=${CONNECTIONS:-256}
THREADS=${THREADS:-2}
PORT=${PORT:-5611}

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
  else
    echo "wrk is missing: install it with 'sudo apt-get install wrk'" >&2
    exit 1
  fi
fi
cargo build --release --quiet --bin jobsctl

data_args=()
if [ -n "${DATA:-}" ]; then data_args=(--data "$DATA"); fi
target/release/jobsctl serve --port "$PORT" --quiet "${data_args[@]}" 2>/tmp/jobsctl-soak.log &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health" 2>/dev/null && break
  sleep 0.1
done
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$server/status"; }
paths=("/data/count?Key%20Skills=Python&_match=token" "/data?Key%20Skills=Python" "/data/all")
echo "rss when started: $(rss) KiB"
# Warm up at full concurrency, so that "before" includes the buffers that 256 open
# connections need; growth after that is what a leak would show.
for path in "${paths[@]}"; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "http://127.0.0.1:$PORT$path" >/dev/null
done
before=$(rss)
echo "rss before (after a 3 s warm-up per workload): ${before} KiB"
echo
echo "| workload | requests | req/s | non-2xx | socket errors | p99 latency |"
echo "|---|---:|---:|---:|---:|---:|"
failed=0
for path in "${paths[@]}"; do
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT$path")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); non2xx=${non2xx:-0}
  sockets=$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' <<<"$out"); sockets=${sockets:-0}
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  echo "| $path | $requests | $rps | $non2xx | $sockets | $p99 |"
  if [ "$non2xx" != 0 ] || [ "$sockets" != 0 ]; then failed=1; fi
done
after=$(rss)
echo
echo "rss after: ${after} KiB"
growth=$(awk -v a="$before" -v b="$after" 'BEGIN {printf "%.1f", (b - a) * 100 / a}')
echo "rss growth: ${growth}%"
if awk -v g="$growth" 'BEGIN {exit !(g > 10)}'; then failed=1; fi
if kill -0 "$server" 2>/dev/null; then echo "server: still up"; else echo "server: DIED"; failed=1; fi
exit "$failed"
