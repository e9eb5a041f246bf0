#!/usr/bin/env bash
# Scale-out recipe, measured: two jobsctl replicas behind nginx with deploy/nginx.conf, all
# on loopback, and wrk through nginx. One replica is killed (SIGKILL) half-way through a run
# of queries that no cache can answer: the run must end with zero failed requests (no
# non-2xx answer, no socket error). Also measured: cache hits (one URL hammered, every
# answer checked in nginx's log to have come from the cache, never a MISS) and misses (every request a new
# query), each next to one replica answering directly.
#
#   bench/replicas.sh           # DURATION=10s THREADS=2 CONNECTIONS=16
#
# The replicas report their ports through --port-file; nginx runs in the foreground as a
# child of this script, with its own prefix, logs, cache and temp paths in a scratch
# directory, and counts as up only once it is the process listening on its port. The script
# measures only processes it started: if one does not come up, dies when it should not, or
# nginx's log names another upstream, it stops with an error and a non-zero exit.
#
# deploy/nginx.conf is rendered as documented at its top: the replicas' addresses, nginx's
# listen line, the cache directory and the access log are replaced (outside comments, each
# exactly once). JOBSCTL runs another binary instead of building target/release/jobsctl;
# KEEP_LOGS=DIR copies nginx's error and access logs there when the failover run fails.
#
# Needs: cargo, wrk and nginx (installed with apt-get when running as root), curl, python3, ss.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}

. bench/servers.sh

case $DURATION in
  *[!0-9]*s | s | *[!0-9s]*) fail "DURATION must be whole seconds, such as 10s (it is $DURATION)" ;;
  *s) ;;
  *) fail "DURATION must be whole seconds, such as 10s (it is $DURATION)" ;;
esac
seconds=${DURATION%s}

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
  else
    fail "wrk is missing: install it with 'sudo apt-get install wrk'"
  fi
fi
need_nginx
command -v ss >/dev/null 2>&1 || fail "ss is missing (Debian package iproute2): it tells which process holds a port"
bin=${JOBSCTL:-target/release/jobsctl}
if [ -z "${JOBSCTL:-}" ]; then
  echo "== building jobsctl (release)" >&2
  cargo build --release --quiet --bin jobsctl
fi

scratch_dir   # $work, and $pids: the processes killed on exit

# The replicas: the bundled data, each on a port of its own.
for name in a b; do
  "$bin" serve --port 0 --port-file "$work/$name.port" --quiet 2>"$work/$name.log" &
  pids+=($!)
  eval "${name}_pid=$!"
done
a_port=$(await_server "replica a" "$a_pid" "$work/a.port" "$work/a.log" /health)
b_port=$(await_server "replica b" "$b_pid" "$work/b.port" "$work/b.log" /health)

# nginx with deploy/nginx.conf, rendered.
nginx_port=$(free_port)
conf=deploy/nginx.conf
for token in 127.0.0.1:5001 127.0.0.1:5002 "listen 80;" /var/cache/nginx/jobsctl /var/log/nginx/jobsctl.access.log; do
  count=$(grep -v '^[[:space:]]*#' "$conf" | grep -cF -- "$token" || true)
  [ "$count" = 1 ] || fail "$conf should hold '$token' once outside comments (found $count); update this script and tests/deploy.rs with it"
done
log=$work/access.log
sed -e "/^[[:space:]]*#/!{
  s|127\.0\.0\.1:5001|127.0.0.1:$a_port|
  s|127\.0\.0\.1:5002|127.0.0.1:$b_port|
  s|listen 80;|listen 127.0.0.1:$nginx_port;|
  s|/var/cache/nginx/jobsctl|$work/cache|
  s|/var/log/nginx/jobsctl\.access\.log|$log|
}" "$conf" >"$work/jobsctl.conf"
start_nginx "$work/nginx" "$work/jobsctl.conf" "$nginx_port"
nginx_pid=$NGINX_PID
pids+=("$nginx_pid")
front="http://127.0.0.1:$nginx_port"
echo "== replicas: pid $a_pid port $a_port, pid $b_pid port $b_port; nginx: pid $nginx_pid port $nginx_port" >&2

# get URL [curl args]: GET as wrk sends it, with no Accept header (jobsctl's answers vary
# by Accept, so nginx keeps one copy per Accept value).
get() { curl -fsS -H 'Accept:' "$@"; }
# x_cache URL: the X-Cache-Status of one GET.
x_cache() {
  get -D - -o /dev/null "$1" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-cache-status" {print $2}'
}
# Before measuring: nginx answers as the replicas do, and keeps what it may.
for path in "/data?Key%20Skills=Python" /data/all; do
  cmp -s <(get "$front$path") <(get "http://127.0.0.1:$a_port$path") \
    || fail "nginx's answer to $path is not replica a's"
  status=$(x_cache "$front$path")
  [ "$status" = HIT ] || fail "$path: a second request through nginx was $status, not a cache HIT"
done

# run URL [wrk args...]: one wrk run; prints "requests req/s bytes/s non2xx sockets p99"
# and checks that nginx and every replica that should be up still are.
run() {
  local url=$1 out
  shift
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" "$@")
  awk '
    /requests in/ {requests = $1}
    /^Requests\/sec:/ {rps = $2}
    /^Transfer\/sec:/ {v = $2; u = substr(v, length(v) - 1); n = v + 0
      if (u == "GB") n *= 1073741824; else if (u == "MB") n *= 1048576; else if (u == "KB") n *= 1024
      bps = n}
    /Non-2xx/ {non2xx = $NF}
    /Socket errors/ {split($0, f, /[ ,]+/); sockets = f[4] + f[6] + f[8] + f[10]}
    $1 == "99%" {p99 = $2}
    END {print requests + 0, rps + 0, bps + 0, non2xx + 0, sockets + 0, p99}' <<<"$out"
}

# log_since LINE: the access log's lines after line LINE.
log_lines() { wc -l <"$log"; }
log_since() { tail -n +"$(($1 + 1))" "$log"; }
# cache_summary LINE: "HIT 1234, MISS 5" over the lines after LINE; fails on an upstream
# that is not one of ours.
cache_summary() {
  log_since "$1" | awk -v a="127.0.0.1:$a_port" -v b="127.0.0.1:$b_port" '
    { match($0, /cache=[A-Z-]+/); c[substr($0, RSTART + 6, RLENGTH - 6)]++
      match($0, /upstream="[^"]*"/); u = substr($0, RSTART + 10, RLENGTH - 11)
      n = split(u, parts, /, /)
      for (i = 1; i <= n; i++) if (parts[i] != "-" && parts[i] != a && parts[i] != b) { print "FOREIGN " parts[i]; exit 1 } }
    END { for (k in c) printf "%s%s %d", (s++ ? ", " : ""), k, c[k]; print "" }'
}

failed=0
rows=()
# row WORKLOAD WHERE URL [wrk args]: measures and adds a table row; fails on any non-2xx
# answer or socket error.
row() {
  local workload=$1 where=$2 url=$3 before result cache=""
  shift 3
  before=$(log_lines)
  result=$(run "$url" "$@")
  still_up "replica a" "$a_pid"
  still_up "nginx" "$nginx_pid"
  if [[ $url == "$front"* ]]; then cache=$(cache_summary "$before") || fail "nginx sent requests elsewhere: $cache"; fi
  read -r requests rps bps non2xx sockets p99 <<<"$result"
  if [ "$requests" = 0 ] || [ "$non2xx" != 0 ] || [ "$sockets" != 0 ]; then failed=1; fi
  # A cached URL is never a MISS; a new query is never a HIT.
  case "$where:$cache" in
    "nginx cache:"*MISS*) echo "bench: $url: nginx went to a replica for a cached answer ($cache)" >&2; failed=1 ;;
    "nginx -> "*:*HIT*) echo "bench: $url: a new query was a cache HIT ($cache)" >&2; failed=1 ;;
  esac
  rows+=("$(awk -v w="$workload" -v h="$where" -v n="$requests" -v r="$rps" -v b="$bps" -v x="$non2xx" \
    -v s="$sockets" -v p="$p99" -v c="$cache" 'BEGIN {
    printf "| %-28s | %-22s | %9d | %8.0f | %8.1f | %7d | %6d | %8s | %-18s |", w, h, n, r, b/1048576, x, s, p, c }')")
}

unique=bench/unique-queries.lua
row "new query each time (count)" "replica a, direct" "http://127.0.0.1:$a_port" -s "$unique" -- direct
row "new query each time (count)" "nginx -> 2 replicas" "$front" -s "$unique" -- miss
row "/data?Key Skills=Python" "replica a, direct" "http://127.0.0.1:$a_port/data?Key%20Skills=Python"
row "/data?Key Skills=Python" "nginx cache" "$front/data?Key%20Skills=Python"
row "/data/all" "replica a, direct" "http://127.0.0.1:$a_port/data/all"
row "/data/all" "nginx cache" "$front/data/all"

# Failover: new queries through nginx; replica b is killed half-way.
before=$(log_lines)
run "$front" -s "$unique" -- failover >"$work/failover" &
wrk_pid=$!
sleep $((seconds / 2))
still_up "replica b" "$b_pid"
kill -KILL "$b_pid"
killed_at=$(log_lines)
wait "$wrk_pid"
still_up "replica a" "$a_pid"
still_up "nginx" "$nginx_pid"
cache=$(cache_summary "$before") || fail "nginx sent requests elsewhere: $cache"
read -r requests rps bps non2xx sockets p99 <"$work/failover"
if [ "$requests" = 0 ] || [ "$non2xx" != 0 ] || [ "$sockets" != 0 ]; then
  failed=1
  echo "bench: the failover run had $non2xx non-2xx answers and $sockets socket errors; nginx's log of them:" >&2
  log_since "$before" | grep -v '" 200 ' | head -n 20 >&2 || true
  grep -E '\[(error|crit|alert)\]' "$work/nginx/error.log" | grep -v 'long locked' | tail -n 20 >&2 || true
  if [ -n "${KEEP_LOGS:-}" ]; then cp "$work/nginx/error.log" "$log" "$KEEP_LOGS/"; fi
fi
rows+=("$(awk -v n="$requests" -v r="$rps" -v b="$bps" -v x="$non2xx" -v s="$sockets" -v p="$p99" -v c="$cache" 'BEGIN {
  printf "| %-28s | %-22s | %9d | %8.0f | %8.1f | %7d | %6d | %8s | %-18s |",
    "new query, b killed mid-run", "nginx -> 2 replicas", n, r, b/1048576, x, s, p, c }')")
before_b=$(head -n "$killed_at" "$log" | tail -n +"$((before + 1))" | grep -c "upstream=\"127.0.0.1:$b_port\"" || true)
after_a=$(log_since "$killed_at" | grep -c "upstream=\"127.0.0.1:$a_port\"" || true)
moved=$(log_since "$before" | grep -c "upstream=\"127.0.0.1:$b_port, 127.0.0.1:$a_port\"" || true)

echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(nproc) CPUs, bundled data; nginx $(nginx -v 2>&1 | sed 's|.*/||')"
echo
echo "| workload                     | served by              |  requests |    req/s |     MB/s | non-2xx | socket |      p99 | nginx cache (log)  |"
echo "|------------------------------|------------------------|----------:|---------:|---------:|--------:|-------:|---------:|--------------------|"
printf '%s\n' "${rows[@]}"
echo
echo "failover: replica b (pid $b_pid) killed with SIGKILL $((seconds / 2)) s into the run; before that it answered $before_b" \
  "requests of the run; after it, replica a answered $after_a; $moved requests were sent on from b to a."
if [ "$before_b" = 0 ] || [ "$after_a" = 0 ] || [ "$moved" = 0 ]; then
  echo "FAIL: the kill did not happen mid-run (b answered before it, a after it, and one request moved from b to a)"
  failed=1
fi
if [ "$failed" != 0 ]; then
  echo "FAIL: a run had no requests, answers that were not 2xx or socket errors (see the table)"
else
  echo "OK: every run had zero non-2xx answers and zero socket errors"
fi
exit "$failed"
