# Starting and checking the servers a benchmark measures. Sourced by compare.sh and soak.sh.
#
# A benchmark must measure the server it started and nothing else. So each server is
# started on port 0 by default (the kernel picks a free port), reports the port it bound
# through a port file, and counts as up only when the process we started is alive, wrote
# that file and answers on that port. A fixed port that is taken makes our server exit,
# which is reported as a failure instead of measuring whatever holds the port.

# scratch_dir: a scratch directory in $work, removed on exit, and an array $pids whose
# processes are killed on exit.
scratch_dir() {
  work=$(mktemp -d)
  pids=()
  trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"' EXIT
}

# fail MESSAGE...: print "bench: MESSAGE" on stderr and exit 1.
fail() {
  echo "bench: $*" >&2
  exit 1
}

# need_tools PACKAGES TOOL...: fails unless every TOOL is on PATH, naming the apt-get
# packages (PACKAGES, one word or several in quotes) that bring them.
need_tools() {
  local packages=$1 tool
  shift
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing (apt-get install $packages)"
  done
}

# release_build [TARGET...]: unless $JOBSCTL names a binary already, builds jobsctl (and any
# other cargo TARGET flags, e.g. --example generate_jobs) in release and sets JOBSCTL to it.
release_build() {
  if [ -z "${JOBSCTL:-}" ]; then
    echo "== building jobsctl (release)" >&2
    cargo build --release --quiet --bin jobsctl "$@"
    JOBSCTL=target/release/jobsctl
  fi
}

# long_postings: unless $DATA names a file already, writes 100,000 generated postings with
# descriptions (344 MB) into $work and sets DATA to it.
long_postings() {
  if [ -z "${DATA:-}" ]; then
    [ -x target/release/examples/generate_jobs ] ||
      cargo build --release --quiet --example generate_jobs
    echo "== generating 100,000 postings with descriptions" >&2
    DATA="$work/long.json"
    target/release/examples/generate_jobs --records 100000 --seed 7 --descriptions >"$DATA"
  fi
}

# await_server NAME PID PORT_FILE LOG HEALTH_PATH [SECONDS]
# Waits (at most SECONDS, default 30) until process PID has written its port to PORT_FILE
# and answers GET HEALTH_PATH there with a 2xx. Prints the port. Fails, showing the end of
# LOG, if the process exits first or the time runs out.
await_server() {
  local name=$1 pid=$2 port_file=$3 log=$4 health=$5 seconds=${6:-30}
  local deadline=$((SECONDS + seconds)) port=""
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "bench: $name (pid $pid) exited before it was ready; the end of its log ($log):" >&2
      tail -n 5 "$log" >&2 || true
      exit 1
    fi
    if [ -z "$port" ] && [ -s "$port_file" ]; then
      port=$(tr -dc '0-9' <"$port_file")
    fi
    if [ -n "$port" ] && curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$port$health" 2>/dev/null; then
      echo "$port"
      return 0
    fi
    sleep 0.1
  done
  fail "$name (pid $pid) was not answering ${health} within ${seconds} s${port:+ (port $port)}; log: $log"
}

# still_up NAME PID: fails unless process PID is still running.
still_up() {
  kill -0 "$2" 2>/dev/null || fail "$1 (pid $2) is no longer running; its figures would not be its own"
}

# free_port: prints a loopback port that was free a moment ago (the kernel's pick for port
# 0), for a server that cannot report its own, such as nginx. Should another process take it
# first, start_nginx sees that the port is not held by its nginx and fails.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# need_nginx: installs nginx with apt-get when missing and running as root, else fails
# saying how. The package's own service is neither started nor used: start_nginx runs
# nginx in the foreground of the script.
need_nginx() {
  command -v nginx >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
  command -v nginx >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing nginx (apt-get)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx) >/dev/null
  else
    fail "nginx is missing: install it with 'sudo apt-get install nginx'"
  fi
}

# start_nginx DIR SITE PORT: starts nginx as a child of this script (not the system
# service), with DIR as its prefix and its pid file, error log, access log and temp paths in
# DIR, around the http-level file SITE, which must listen on 127.0.0.1:PORT. Sets NGINX_PID.
# Fails, showing the end of the error log, if that process exits or is not the one listening
# on PORT within 20 s.
start_nginx() {
  local dir=$1 site=$2 port=$3 kind
  mkdir -p "$dir/temp" "$dir/logs"
  {
    # As root, the workers stay root, so that they can read and write this scratch directory.
    if [ "$(id -u)" = 0 ]; then echo "user root;"; fi
    echo "daemon off;"
    echo "worker_processes auto;"
    echo "pid $dir/nginx.pid;"
    echo "error_log $dir/error.log notice;"
    echo "events { worker_connections 4096; }"
    echo "http {"
    for kind in client_body proxy fastcgi uwsgi scgi; do echo "    ${kind}_temp_path $dir/temp/$kind;"; done
    echo "    include $site;"
    echo "}"
  } >"$dir/nginx.conf"
  nginx -p "$dir" -c "$dir/nginx.conf" </dev/null >"$dir/stderr.log" 2>&1 &
  NGINX_PID=$!
  local deadline=$((SECONDS + 20))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! kill -0 "$NGINX_PID" 2>/dev/null; then
      echo "bench: nginx (pid $NGINX_PID) exited before it was ready; the end of its logs:" >&2
      tail -n 5 "$dir/stderr.log" "$dir/error.log" >&2 || true
      exit 1
    fi
    if ss -ltnpH "sport = :$port" 2>/dev/null | grep -q "pid=$NGINX_PID,"; then
      return 0
    fi
    sleep 0.1
  done
  fail "nginx (pid $NGINX_PID) was not listening on 127.0.0.1:$port within 20 s; logs in $dir"
}
