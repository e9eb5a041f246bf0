#!/usr/bin/env bash
# Replays the abuse cases of our reliability work against a release `jobsctl serve` with its
# default settings on the bundled data, and prints, for each case, what cheap requests felt
# meanwhile: /health and a token count, p50 and p99 (wrk --latency, 4 connections), the
# server's peak RSS (VmHWM) and its CPU seconds during the case.
#
#   bench/abuse.sh                    # DURATION=10s CLIENTS=32
#   JOBSCTL=path/to/other/jobsctl bench/abuse.sh    # the same cases against another build
#   CASES="regexes stalled_csv" bench/abuse.sh      # some of the cases (idle heads regexes
#                                                   # where_regexes stalled_all stalled_csv)
#
# Cases: HEAD of big answers asking for brotli; 32 clients sending 16 regular expressions a
# request (different every time, so nothing is remembered); 32 clients sending 256 a request
# (192 regex tests in _where, about as many as an 8 KiB query string holds, and 64 plain
# regex-mode filters, all on Id, the field with the most distinct values, so each one
# scans 27k values; the query time limit bounds each request); 100 clients that ask for
# /data/all with brotli and read nothing; 1,000 stalled CSV readers (more than
# --max-streams). Every load is bounded in time and sent to 127.0.0.1 only. Needs wrk, curl
# and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
# 1,000 stalled clients and the server's sockets need more than the common 1,024 files.
ulimit -n 4096 2>/dev/null || echo "bench: could not raise the open-file limit to 4096; the 1,000-reader case may hit it" >&2
CLIENTS=${CLIENTS:-32}
. bench/servers.sh

need_tools "wrk curl python3" wrk curl python3
release_build

scratch_dir   # $work, and $pids: the processes killed on exit

# A fresh server for each case, so that each case's peak RSS is its own.
start_server() {
  rm -f "$work/port"
  "$JOBSCTL" serve --port 0 --port-file "$work/port" --quiet 2>"$work/server.log" &
  server=$!
  pids+=("$server")
  port=$(await_server "jobsctl serve" "$server" "$work/port" "$work/server.log" /health)
  base="http://127.0.0.1:$port"
}
stop_server() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
echo "== $JOBSCTL, a fresh server for each case" >&2

cpu_seconds() { awk '{printf "%.1f", ($14 + $15) / 100}' "/proc/$server/stat"; }
peak_mb() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$server/status"; }

# Random regular expressions, 16 to a request: nothing is remembered between requests.
cat >"$work/regex.lua" <<'EOF'
math.randomseed(os.time())
request = function()
  local path = "/data/count?"
  for i = 1, 16 do
    path = path .. "Key%20Skills=%5Cw%7B40%7D%7C" .. math.random(1, 1000000000) .. "&"
  end
  return wrk.format("GET", path)
end
EOF

# The costliest query that fits in 8 KiB: 256 new regular expressions a request, each a
# scan of Id's 27k values: 192 in `_where` (quotes percent-encoded, as HTTP wants) and 64
# plain filters (regex mode is the default).
cat >"$work/where.lua" <<'EOF'
math.randomseed(os.time())
request = function()
  local leaves = {}
  for i = 1, 192 do
    leaves[i] = "{%22Id%22:{%22regex%22:%22" .. math.random(10000, 99999) .. "%22}}"
  end
  local path = "/data/count?_where={%22or%22:[" .. table.concat(leaves, ",") .. "]}"
  for i = 1, 64 do
    path = path .. "&Id=" .. math.random(10000, 99999)
  end
  return wrk.format("GET", path)
end
EOF

# Clients that ask for PATH (with HEADERS) and then read nothing until the case ends.
cat >"$work/stall.py" <<'EOF'
import socket, sys, time
port, path, clients, seconds, head = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
socks = []
for _ in range(clients):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", port))
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n{head}\r\n".encode())
    socks.append(s)
time.sleep(seconds)
EOF

# Cheap requests while CASE runs: "p50 p99" of /health and of a token count.
probe() {
  local health count
  health=$(wrk -t1 -c4 -d"$DURATION" --latency "$base/health" |
    awk '/^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {print p50, p99}')
  count=$(wrk -t1 -c4 -d"$DURATION" --latency "$base/data/count?Key%20Skills=Python&_match=token" |
    awk '/^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {print p50, p99}')
  echo "$health $count"
}

row() {
  local name=$1 start end latencies
  shift
  case " ${CASES:-idle heads regexes where_regexes stalled_all stalled_csv} " in
    *" $1 "*) ;;
    *) return 0 ;;
  esac
  start_server
  start=$(cpu_seconds)
  "$@" &
  local load=$!
  sleep 1
  latencies=$(probe)
  wait "$load" 2>/dev/null || true
  still_up "jobsctl serve" "$server"
  end=$(cpu_seconds)
  read -r h50 h99 c50 c99 <<<"$latencies"
  printf "| %-40s | %11s | %8s | %9s | %8s | %8s | %7.1f |\n" \
    "$name" "$h50" "$h99" "$c50" "$c99" "$(peak_mb)" "$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')"
  stop_server
}

seconds=$(( ${DURATION%s} + ${DURATION%s} + 3 ))
heads() {
  local deadline=$((SECONDS + seconds))
  while [ "$SECONDS" -lt "$deadline" ]; do
    for _ in $(seq "$CLIENTS"); do
      curl -s -o /dev/null -I -H 'Accept-Encoding: br' --max-time 2 \
        "$base/data/all?_fields=Key%20Skills,Id,Role,Industry,Location" &
    done
    wait
  done
}
regexes() {
  wrk -t2 -c"$CLIENTS" -d"${seconds}s" -s "$work/regex.lua" "$base" >"$work/regex.out" 2>&1
}
where_regexes() {
  wrk -t2 -c"$CLIENTS" -d"${seconds}s" -s "$work/where.lua" "$base" >"$work/where.out" 2>&1
}
stalled_all() { python3 "$work/stall.py" "$port" /data/all 100 "$seconds" "Accept-Encoding: br\r\n"; }
stalled_csv() { python3 "$work/stall.py" "$port" "/data?_format=csv" 1000 "$seconds" ""; }

echo
echo "wrk -c4 probes for $DURATION during each case; $CLIENTS clients; $(nproc) CPUs"
echo
echo "| case                                     | /health p50 |      p99 | count p50 |      p99 |  peak MB |   CPU s |"
echo "|------------------------------------------|------------:|---------:|----------:|---------:|---------:|--------:|"
idle() { sleep "$seconds"; }
row "nothing else running" idle
row "HEAD of big answers, brotli" heads
row "$CLIENTS clients, 16 new regexes each" regexes
row "$CLIENTS clients, 256 new regexes each (_where)" where_regexes
row "100 clients on /data/all, reading nothing" stalled_all
row "1,000 stalled CSV readers" stalled_csv
if [ -f "$work/regex.out" ]; then
  echo
  echo "the regex clients: $(awk '/requests in/ {print $1, "requests"}' "$work/regex.out"), \
$(awk '/Non-2xx/ {print $NF}' "$work/regex.out" | grep . || echo 0) answered 503 (busy)"
fi
if [ -f "$work/where.out" ]; then
  echo
  echo "the _where clients: $(awk '/requests in/ {print $1, "requests"}' "$work/where.out"), \
$(awk '/Non-2xx/ {print $NF}' "$work/where.out" | grep . || echo 0) not 2xx (400: past the \
query time limit, or 503: busy)"
fi
