#!/usr/bin/env bash
# /data/all compressed once per data version, measured against the same answer sent plain,
# in one run on one server:
#   1. the first answer in each coding (it compresses) and the next (it does not): time,
#      bytes and the share of the plain answer;
#   2. answers a second, plain against brotli against gzip, at 1 and 4 connections (wrk);
#   3. resident memory idle, once compressed, and with CLIENTS brotli clients of
#      /data/all that read a little and then stall, beside as many plain ones.
#
#   bench/compressed.sh                      # 100,000 postings with descriptions (344 MB)
#   DATA=jobs.json bench/compressed.sh       # the lab's file
#   JOBSCTL=target/debug/jobsctl bench/compressed.sh   # another build
#
# Every load is sent to 127.0.0.1 only. Needs wrk, curl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

CLIENTS=${CLIENTS:-64}
DURATION=${DURATION:-5s}
. bench/servers.sh

need_tools "wrk curl python3" wrk curl python3
release_build --example generate_jobs
scratch_dir   # $work, and $pids: the processes killed on exit
long_postings

"$JOBSCTL" serve --data "$DATA" --port 0 --port-file "$work/port" --quiet 2>"$work/server.log" &
server=$!
pids+=("$server")
port=$(await_server "jobsctl serve" "$server" "$work/port" "$work/server.log" /health 300)
base="http://127.0.0.1:$port"
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$server/status"; }
idle=$(rss_mb)

echo "$(basename "$DATA"): $(stat -c %s "$DATA") bytes"
echo "1. /data/all, each coding: the first answer compresses, the next is shared"
plain_bytes=$(curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: identity' "$base/data/all")
printf "  %-9s %12s bytes\n" identity "$plain_bytes"
for coding in br gzip; do
  first=$(curl -s -o /dev/null -w '%{time_total} %{size_download}' -H "Accept-Encoding: $coding" "$base/data/all")
  next=$(curl -s -o /dev/null -w '%{time_total}' -H "Accept-Encoding: $coding" "$base/data/all")
  read -r first_s bytes <<<"$first"
  awk -v c="$coding" -v f="$first_s" -v n="$next" -v b="$bytes" -v p="$plain_bytes" 'BEGIN {
    printf "  %-9s %12d bytes (%.3f of plain); first %.2f s, next %.3f s\n", c, b, b / p, f, n }'
done
compressed=$(rss_mb)

echo "2. answers a second (wrk, $DURATION each)"
for connections in 1 4; do
  for coding in identity br gzip; do
    rate=$(wrk -t1 -c"$connections" -d"$DURATION" -H "Accept-Encoding: $coding" "$base/data/all" |
      awk '/Requests\/sec/ {print $2}')
    [ "$coding" = identity ] && plain_rate=$rate
    awk -v c="$coding" -v n="$connections" -v r="$rate" -v p="$plain_rate" 'BEGIN {
      printf "  %d connection(s), %-9s %8.1f a second (%.2fx plain)\n", n, c, r, r / p }'
  done
done
still_up "jobsctl serve" "$server"

cat >"$work/stall.py" <<'PY'
import socket, sys, time
port, coding, clients, seconds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
request = f"GET /data/all HTTP/1.1\r\nHost: x\r\nAccept-Encoding: {coding}\r\n\r\n".encode()
socks = []
for _ in range(clients):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
    s.connect(("127.0.0.1", port))
    s.sendall(request)
    s.recv(65536)
    socks.append(s)
time.sleep(seconds)
PY
echo "3. resident memory: idle ${idle} MB, once compressed ${compressed} MB"
for coding in br identity; do
  python3 "$work/stall.py" "$port" "$coding" "$CLIENTS" 6 &
  load=$!
  pids+=("$load")
  sleep 4
  held=$(rss_mb)
  wait "$load" 2>/dev/null || true
  awk -v c="$coding" -v n="$CLIENTS" -v h="$held" -v base="$compressed" 'BEGIN {
    printf "  %d stalled %-9s clients: %6d MB (%+d MB)\n", n, c, h, h - base }'
  sleep 1
done
still_up "jobsctl serve" "$server"
