#!/usr/bin/env bash
# Side-by-side throughput: jobsctl serve vs. a minimal Flask server with the lab's
# semantics, on the same synthetic lab-sized file, measured in the same run with wrk.
#
#   bench/compare.sh            # DURATION=10s THREADS=2 CONNECTIONS=16 RECORDS=27005
#
# Then, against our own anchors in the same run: the query language (covers, a _where OR,
# a _search) against a plain token count, and facets against /health.
#
# Then the physical limit: nginx serving the very bytes jobsctl sent, saved to files, as
# static files (sendfile, no logging): /data/all and a 10,000-record list, MB/s side by side
# and jobsctl / nginx (the target is 1.0 or more).
#
# PARTS chooses what runs (default "flask anchors static"); e.g. PARTS=static runs only the
# nginx comparison, and then neither Flask nor pip is needed.
#
# Each server picks a free port (JOBSCTL_PORT / FLASK_PORT choose fixed ones) and reports it
# in a port file. The script measures only a server it started and checked: if either one
# does not come up, or dies during the run, it stops with an error and a non-zero exit.
#
# Needs: cargo, python3 with pip (Flask is installed with pip if missing), wrk and nginx
# (installed with apt-get when running as root; otherwise the script says how), and ss.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
RECORDS=${RECORDS:-27005}
JOBSCTL_PORT=${JOBSCTL_PORT:-0}
FLASK_PORT=${FLASK_PORT:-0}
PARTS=${PARTS:-flask anchors static}

. bench/servers.sh

need() { command -v "$1" >/dev/null 2>&1; }
part() { [[ " $PARTS " == *" $1 "* ]]; }

if ! need wrk; then
  if [ "$(id -u)" = 0 ] && need apt-get; then
    echo "== installing wrk (apt-get)" >&2
    (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
  else
    echo "wrk is missing: install it with 'sudo apt-get install wrk' (or 'brew install wrk')" >&2
    exit 1
  fi
fi
if part flask && ! python3 -c 'import flask' 2>/dev/null; then
  echo "== installing Flask (pip)" >&2
  python3 -m pip install --quiet flask
fi

echo "== building jobsctl (release)" >&2
cargo build --release --quiet --bin jobsctl --example generate_jobs

scratch_dir   # $work, and $pids: the processes killed on exit

data="$work/jobs.json"
target/release/examples/generate_jobs --records "$RECORDS" --seed 42 > "$data"
echo "== data: $RECORDS records, $(du -h "$data" | cut -f1)" >&2

target/release/jobsctl serve --data "$data" --port "$JOBSCTL_PORT" --port-file "$work/jobsctl.port" \
  --quiet 2>"$work/jobsctl.log" &
jobsctl_pid=$!
pids+=("$jobsctl_pid")
if part flask; then
  python3 bench/flask_lab.py "$data" "$FLASK_PORT" "$work/flask.port" >"$work/flask.log" 2>&1 &
  flask_pid=$!
  pids+=("$flask_pid")
fi

JOBSCTL_PORT=$(await_server "jobsctl serve" "$jobsctl_pid" "$work/jobsctl.port" "$work/jobsctl.log" /health)
records=$(curl -fsS "http://127.0.0.1:$JOBSCTL_PORT/health" | tr -dc '0-9')
[ "$records" = "$RECORDS" ] || fail "jobsctl serve on port $JOBSCTL_PORT has $records records, not $RECORDS"
echo "== jobsctl serve: pid $jobsctl_pid, port $JOBSCTL_PORT" >&2
if part flask; then
  FLASK_PORT=$(await_server "the Flask baseline" "$flask_pid" "$work/flask.port" "$work/flask.log" /data 60)
  echo "== Flask: pid $flask_pid, port $FLASK_PORT" >&2
fi

# measure NAME PID URL: prints "requests/s bytes/s" for one URL served by process PID.
# Fails if the server is not running before or after, if wrk completed no request, or if
# any answer was not 2xx; socket errors (such as wrk's 2 s timeouts) are reported.
measure() {
  local name=$1 pid=$2 url=$3 out
  still_up "$name" "$pid"
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url")
  still_up "$name" "$pid"
  local rps bps requests non2xx sockets
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  bps=$(awk '/^Transfer\/sec:/ {v=$2; u=substr(v, length(v)-1); n=v+0;
        if (u=="GB") n*=1073741824; else if (u=="MB") n*=1048576; else if (u=="KB") n*=1024;
        print n}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  sockets=$(awk '/Socket errors/ {print}' <<<"$out")
  if [ -z "$requests" ] || [ "$requests" = 0 ]; then fail "$name: no request completed on $url"; fi
  if [ -n "$non2xx" ]; then fail "$name: $non2xx answers that were not 2xx on $url"; fi
  if [ -n "$sockets" ]; then echo "$name, $url: $sockets" >&2; fi
  echo "$rps $bps"
}

row() {
  local name=$1 ours=$2 theirs=$3
  local measured
  measured=$(measure "jobsctl serve" "$jobsctl_pid" "$ours")
  read -r our_rps our_bps <<<"$measured"
  measured=$(measure "the Flask baseline" "$flask_pid" "$theirs")
  read -r flask_rps flask_bps <<<"$measured"
  awk -v n="$name" -v a="$our_rps" -v b="$our_bps" -v c="$flask_rps" -v d="$flask_bps" 'BEGIN {
    printf "| %-34s | %12.0f | %10.1f | %10.1f | %8.1f | %7.1fx |\n",
      n, a, b/1048576, c, d/1048576, (c > 0 ? a/c : 0) }'
}

python_q='Key%20Skills=Python'
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $RECORDS records, $(nproc) CPUs"
if part flask; then
echo
echo "| workload                           | jobsctl req/s | jobsctl MB/s | Flask req/s | Flask MB/s | ratio |"
echo "|------------------------------------|--------------:|-------------:|------------:|-----------:|------:|"
row "/data?Key Skills=Python" \
  "http://127.0.0.1:$JOBSCTL_PORT/data?$python_q" "http://127.0.0.1:$FLASK_PORT/data?$python_q"
row "count (Flask: /data, same filter)" \
  "http://127.0.0.1:$JOBSCTL_PORT/data/count?$python_q" "http://127.0.0.1:$FLASK_PORT/data?$python_q"
row "/data/all" \
  "http://127.0.0.1:$JOBSCTL_PORT/data/all" "http://127.0.0.1:$FLASK_PORT/data/all"
fi

# Against our own anchors, in the same run: the query language against a plain token count,
# and facets against /health (the cheapest answer the server gives).
rate() { measure "jobsctl serve" "$jobsctl_pid" "http://127.0.0.1:$JOBSCTL_PORT$1" | cut -d' ' -f1; }
ratio_row() {
  local name=$1 path=$2 anchor_name=$3 anchor=$4 rps
  rps=$(rate "$path")
  awk -v n="$name" -v a="$rps" -v b="$anchor" -v m="$anchor_name" 'BEGIN {
    printf "| %-44s | %12.0f | %5.2f of %-12s |\n", n, a, (b > 0 ? a/b : 0), m }'
}
if part anchors; then
where_or='%7B%22or%22%3A%5B%7B%22Key%20Skills%22%3A%7B%22eq%22%3A%22Go%22%7D%7D%2C%7B%22Key%20Skills%22%3A%7B%22eq%22%3A%22Rust%22%7D%7D%5D%7D'
health=$(rate /health)
token=$(rate "/data/count?$python_q&_match=token")
echo
echo "| jobsctl serve                                |        req/s | ratio                 |"
echo "|----------------------------------------------|-------------:|-----------------------|"
printf "| %-44s | %12.0f | %-21s |\n" "/health" "$health" "anchor"
printf "| %-44s | %12.0f | %-21s |\n" "count Key Skills=Python, token" "$token" "anchor"
ratio_row "count Job Experience Required:covers=3" \
  "/data/count?Job%20Experience%20Required:covers=3" "token count" "$token"
ratio_row "count _where Go OR Rust" "/data/count?_where=$where_or" "token count" "$token"
ratio_row "count _search two words" "/data/count?_search=python%20developer" "token count" "$token"
ratio_row "facet Key Skills, top 10, all records" \
  "/data/facets?_field=Key%20Skills&_limit=10" "/health" "$health"
ratio_row "facet Location, all records" "/data/facets?_field=Location" "/health" "$health"
ratio_row "facet Id, top 10, all records" "/data/facets?_field=Id&_limit=10" "/health" "$health"
ratio_row "facet Key Skills, top 10, Location=Seattle" \
  "/data/facets?_field=Key%20Skills&_limit=10&Location=Seattle&_match=token" "/health" "$health"
fi

# The physical limit: nginx sending the same bytes from files. Each file is what jobsctl
# answered to that URL; both sides must still give identical bodies before they are timed.
if part static; then
  need_nginx
  mkdir -p "$work/static"
  static_rows=("/data/all all.json" "/data?_limit=10000 list-10000.json")
  for row in "${static_rows[@]}"; do
    read -r path file <<<"$row"
    curl -fsS -o "$work/static/$file" "http://127.0.0.1:$JOBSCTL_PORT$path"
  done
  NGINX_PORT=$(free_port)
  cat >"$work/static.conf" <<EOF
server {
    listen 127.0.0.1:$NGINX_PORT;
    root $work/static;
    default_type application/json;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
}
EOF
  start_nginx "$work/nginx" "$work/static.conf" "$NGINX_PORT"
  nginx_pid=$NGINX_PID
  pids+=("$nginx_pid")
  echo "== nginx (static files): pid $nginx_pid, port $NGINX_PORT" >&2
  echo
  echo "| same bytes: jobsctl vs nginx static file | bytes      | jobsctl req/s | jobsctl MB/s | nginx req/s | nginx MB/s | jobsctl/nginx |"
  echo "|------------------------------------------|-----------:|--------------:|-------------:|------------:|-----------:|--------------:|"
  for row in "${static_rows[@]}"; do
    read -r path file <<<"$row"
    cmp -s <(curl -fsS "http://127.0.0.1:$JOBSCTL_PORT$path") <(curl -fsS "http://127.0.0.1:$NGINX_PORT/$file") \
      || fail "nginx's /$file is not the bytes jobsctl answers to $path"
    read -r our_rps our_bps <<<"$(measure "jobsctl serve" "$jobsctl_pid" "http://127.0.0.1:$JOBSCTL_PORT$path")"
    read -r nginx_rps nginx_bps <<<"$(measure "nginx" "$nginx_pid" "http://127.0.0.1:$NGINX_PORT/$file")"
    awk -v n="$path" -v s="$(wc -c <"$work/static/$file")" -v a="$our_rps" -v b="$our_bps" \
      -v c="$nginx_rps" -v d="$nginx_bps" 'BEGIN {
      printf "| %-40s | %10d | %13.0f | %12.0f | %11.0f | %10.0f | %12.2fx |\n",
        n, s, a, b/1048576, c, d/1048576, (d > 0 ? b/d : 0) }'
  done
fi
