#!/usr/bin/env bash
# Soak test: wrk at 256 connections against a count, a filtered list and /data/all, one
# after another, on one jobsctl serve; then the same three again, right after. Reports
# non-2xx answers, socket errors, p99 latency and the server's resident memory (RSS): after
# each workload (once its connections have closed), and the peak of each round.
#
#   bench/soak.sh               # DURATION=60s CONNECTIONS=256 THREADS=2 DATA=<bundled>
#
# It fails (exit 1) if any answer is not 2xx, any socket error occurs, the server dies, or
# the second round's peak RSS is more than MAX_SECOND_GROWTH percent (default 5) above the
# first round's. The first round reaches what this load needs (mostly the buffers of 256
# connections each receiving a 10.6 MB /data/all answer); a leak would raise every later
# peak. The RSS left after a round is reported, not judged: glibc's malloc keeps some freed
# memory, more in one run than another, so it moves by tens of percent with no leak at all.
# The server picks a free port (PORT chooses a fixed one) and reports it in a port file;
# if it does not come up, the script says so and exits 1 instead of measuring another
# process. JOBSCTL runs another binary instead of building target/release/jobsctl.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-60s}
CONNECTIONS=${CONNECTIONS:-256}
THREADS=${THREADS:-2}
PORT=${PORT:-0}
MAX_SECOND_GROWTH=${MAX_SECOND_GROWTH:-5}

. bench/servers.sh

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
  else
    echo "wrk is missing: install it with 'sudo apt-get install wrk'" >&2
    exit 1
  fi
fi
bin=${JOBSCTL:-target/release/jobsctl}
if [ -z "${JOBSCTL:-}" ]; then cargo build --release --quiet --bin jobsctl; fi

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

data_args=()
if [ -n "${DATA:-}" ]; then data_args=(--data "$DATA"); fi
"$bin" serve --port "$PORT" --port-file "$work/port" --quiet "${data_args[@]}" 2>"$work/serve.log" &
server=$!
PORT=$(await_server "jobsctl serve" "$server" "$work/port" "$work/serve.log" /health)
echo "server: pid $server, port $PORT"

rss() { awk '/^VmRSS:/ {print $2}' "/proc/$server/status"; }
peak() { awk '/^VmHWM:/ {print $2}' "/proc/$server/status"; }
# Starts a new peak: writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0+).
reset_peak() { echo 5 >"/proc/$server/clear_refs" || fail "cannot reset the peak RSS of pid $server"; }
settled_rss() { sleep 1; rss; }
growth() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%+.1f", (b - a) * 100 / a}'; }
paths=("/data/count?Key%20Skills=Python&_match=token" "/data?Key%20Skills=Python" "/data/all")

echo "rss when started: $(rss) KiB"
# Warm up at full concurrency: the first answers build what later ones reuse.
for path in "${paths[@]}"; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "http://127.0.0.1:$PORT$path" >/dev/null
done
still_up "jobsctl serve" "$server"
before=$(rss)
echo "rss before (after a 3 s warm-up per workload): ${before} KiB"

failed=0
errors=0
# round N: runs every workload for DURATION and prints a table row for each.
round() {
  echo
  echo "round $1: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, each workload in turn"
  echo
  reset_peak
  echo "| workload | requests | req/s | non-2xx | socket errors | p99 latency | rss after (KiB) |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for path in "${paths[@]}"; do
    local out requests rps non2xx sockets p99
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT$path")
    still_up "jobsctl serve" "$server"
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); non2xx=${non2xx:-0}
    sockets=$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' <<<"$out"); sockets=${sockets:-0}
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    echo "| $path | $requests | $rps | $non2xx | $sockets | $p99 | $(settled_rss) |"
    if [ "$non2xx" != 0 ] || [ "$sockets" != 0 ] || [ "${requests:-0}" = 0 ]; then errors=1; fi
  done
}

round 1
peak1=$(peak); left1=$(rss)
round 2
peak2=$(peak); left2=$(rss)

echo
if [ "$errors" != 0 ]; then
  echo "FAIL: a workload had answers that were not 2xx, socket errors or no requests (see above)"
  failed=1
fi
echo "peak rss: round 1 ${peak1} KiB, round 2 ${peak2} KiB ($(growth "$peak1" "$peak2")%)"
echo "rss left after: the warm-up ${before} KiB, round 1 ${left1} KiB, round 2 ${left2} KiB" \
  "($(growth "$left1" "$left2")% over round 1)"
if awk -v a="$peak1" -v b="$peak2" -v m="$MAX_SECOND_GROWTH" 'BEGIN {exit !((b - a) * 100 / a > m)}'; then
  echo "FAIL: round 2's peak rss is more than ${MAX_SECOND_GROWTH}% above round 1's"
  failed=1
fi
if kill -0 "$server" 2>/dev/null; then echo "server: still up"; else echo "server: DIED"; failed=1; fi
exit "$failed"
