#!/usr/bin/env bash
# What clients that pipeline requests and never read make the server hold: CLIENTS
# connections each send PIPELINED GETs of a list (about 370 KB an answer) at once and then
# read nothing. After SETTLE seconds it prints the server's resident memory (VmRSS) and the
# bytes its kernel holds queued for those sockets (ss: Send-Q, and skmem's wmem_queued),
# in total and per client, next to the same server with no clients.
#
#   bench/pipelined.sh                          # CLIENTS=50 PIPELINED=32 SETTLE=5, release build
#   JOBSCTL=target/debug/jobsctl bench/pipelined.sh   # another build
#
# Every load is sent to 127.0.0.1 only. Needs python3 and ss (iproute2).
set -euo pipefail
cd "$(dirname "$0")/.."

CLIENTS=${CLIENTS:-50}
PIPELINED=${PIPELINED:-32}
SETTLE=${SETTLE:-5}
PATH_ASKED=${PATH_ASKED:-/data?Key%20Skills=Python}
. bench/servers.sh

need_tools "python3 iproute2" python3 ss
release_build

scratch_dir   # $work, and $pids: the processes killed on exit

"$JOBSCTL" serve --port 0 --port-file "$work/port" --quiet 2>"$work/server.log" &
server=$!
pids+=("$server")
port=$(await_server "jobsctl serve" "$server" "$work/port" "$work/server.log" /health)

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
# Send-Q and wmem_queued (bytes) summed over the server's established sockets.
queued() {
  ss -tmnH state established "( sport = :$port )" |
    awk '/^[0-9]/ {q += $2} {if (match($0, /w[0-9]+/)) w += substr($0, RSTART + 1, RLENGTH - 1)} END {printf "%d %d\n", q, w}'
}

idle_rss=$(rss_kb)
cat >"$work/pipeline.py" <<'PY'
import socket, sys, time
port, path, clients, pipelined, seconds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
request = f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode() * pipelined
socks = []
for _ in range(clients):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", port))
    s.sendall(request)
    socks.append(s)
time.sleep(seconds)
PY
python3 "$work/pipeline.py" "$port" "$PATH_ASKED" "$CLIENTS" "$PIPELINED" "$((SETTLE + 2))" &
load=$!
pids+=("$load")
sleep "$SETTLE"
read -r sendq wmem <<<"$(queued)"
rss=$(rss_kb)
wait "$load" 2>/dev/null || true
still_up "jobsctl serve" "$server"

echo "$CLIENTS clients, $PIPELINED pipelined GET $PATH_ASKED each, reading nothing; after ${SETTLE}s:"
awk -v c="$CLIENTS" -v idle="$idle_rss" -v rss="$rss" -v q="$sendq" -v w="$wmem" 'BEGIN {
  printf "  RSS            %7.1f MB (idle %.1f MB): %6.0f KB more a client\n", rss / 1024, idle / 1024, (rss - idle) / c
  printf "  kernel Send-Q  %7.1f MB: %6.0f KB a client\n", q / 1048576, q / 1024 / c
  printf "  kernel wmem    %7.1f MB: %6.0f KB a client\n", w / 1048576, w / 1024 / c
  printf "  together       %6.0f KB a client\n", ((rss - idle) * 1024 + w) / 1024 / c
}'
