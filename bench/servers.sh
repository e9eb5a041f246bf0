# Starting and checking the servers a benchmark measures. Sourced by compare.sh and soak.sh.
#
# A benchmark must measure the server it started and nothing else. So each server is
# started on port 0 by default (the kernel picks a free port), reports the port it bound
# through a port file, and counts as up only when the process we started is alive, wrote
# that file and answers on that port. A fixed port that is taken makes our server exit,
# which is reported as a failure instead of measuring whatever holds the port.

# fail MESSAGE...: print "bench: MESSAGE" on stderr and exit 1.
fail() {
  echo "bench: $*" >&2
  exit 1
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
