#!/usr/bin/env bash
# _search on real-sized postings, two builds side by side on the same file: for ten terms
# from very common to rare, phrases included, the first request for the term
# (/data/count, nothing cached) and then its first ten records ranked (/data, _limit=10),
# each timed by curl; the median of the ten; and each server's resident memory once its
# word index is built.
#
#   BEFORE=/tmp/jobsctl-before bench/search.sh            # 100,000 postings with descriptions
#   BEFORE=/tmp/jobsctl-before DATA=jobs.json bench/search.sh
#
# BEFORE is the build to compare with (say, `git stash; cargo build --release; cp
# target/release/jobsctl /tmp/jobsctl-before; git stash pop`); AFTER defaults to this
# tree's release build. Every request goes to 127.0.0.1 only. Needs curl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/servers.sh

need_tools "curl python3 bc" curl python3 bc
[ -n "${BEFORE:-}" ] || fail "set BEFORE to the jobsctl binary to compare with"
JOBSCTL=${AFTER:-}
release_build --example generate_jobs
AFTER=$JOBSCTL
scratch_dir   # $work, and $pids: the processes killed on exit
long_postings

TERMS=(the data team experience python '"machine learning"' '"years of experience"'
  analytics '"natural language processing"' '"equal opportunity employer"')

# measure NAME BINARY: starts BINARY over $DATA, times every term, prints its lines.
measure() {
  local name=$1 binary=$2
  "$binary" serve --data "$DATA" --port 0 --port-file "$work/$name.port" --quiet \
    2>"$work/$name.log" &
  local server=$!
  pids+=("$server")
  local port
  port=$(await_server "$name" "$server" "$work/$name.port" "$work/$name.log" /health 300)
  local base="http://127.0.0.1:$port"
  # A term no measured one shares: the word index is built (or waited for) here.
  curl -s -o /dev/null -G "$base/data/count" --data-urlencode '_search=warming'
  local counts=() pages=()
  for term in "${TERMS[@]}"; do
    local count page
    count=$(curl -s -o "$work/count" -w '%{time_total}' -G "$base/data/count" \
      --data-urlencode "_search=$term")
    page=$(curl -s -o /dev/null -w '%{time_total}' -G "$base/data" \
      --data-urlencode "_search=$term" --data-urlencode '_limit=10' --data-urlencode '_fields=Id')
    printf "  %-8s %-32s %8s records  count %6.1f ms  first ten %6.1f ms\n" "$name" "$term" \
      "$(tr -dc '0-9' <"$work/count")" "$(echo "$count * 1000" | bc -l)" "$(echo "$page * 1000" | bc -l)"
    counts+=("$count")
    pages+=("$page")
  done
  python3 - "$name" "${counts[*]}" "${pages[*]}" "$(awk '/VmRSS/ {print $2}' "/proc/$server/status")" <<'PY'
import statistics, sys
name, counts, pages, rss = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), int(sys.argv[4])
median = lambda xs: statistics.median(float(x) for x in xs) * 1000
print(f"  {name:<8} median: count {median(counts):.1f} ms, first ten {median(pages):.1f} ms; RSS {rss / 1024:.0f} MB")
PY
  kill "$server"
  wait "$server" 2>/dev/null || true
}

echo "$(basename "$DATA"): $(stat -c %s "$DATA") bytes"
measure before "$BEFORE"
measure after "$AFTER"
