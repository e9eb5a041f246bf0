#!/usr/bin/env bash
# How loading grows with the data: for the bundled 27k records and generated files of
# SIZES records (default 1000000 and 3000000), starts `jobsctl serve` on each, RUNS times,
# and prints the file size, the time until the port file is written (listening), the CPU
# seconds the server used by then, and its resident memory then (steady) and at its
# highest (peak), as a markdown table with each figure's range over the runs.
#
#   bench/scale.sh                        # SIZES="1000000 3000000" RUNS=3
#   SIZES=1000000 RUNS=1 bench/scale.sh   # one generated size, once
#
# Generated files are written once to SCALE_DIR (default /tmp/jobsctl-scale; 395 MB per
# million records) by `examples/generate_jobs/` with seed 7, and kept for the next run.
# Needs curl; the largest size needs about 3 GB of memory per million records at its peak.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-1000000 3000000}
RUNS=${RUNS:-3}
SCALE_DIR=${SCALE_DIR:-/tmp/jobsctl-scale}

. bench/servers.sh

need_tools "curl python3" curl python3
targets=(--example generate_jobs)
[ -n "${JOBSCTL:-}" ] || targets+=(--bin jobsctl)
echo "== building ${targets[*]} (release)" >&2
cargo build --release --quiet "${targets[@]}"
JOBSCTL=${JOBSCTL:-target/release/jobsctl}
scratch_dir

files=("jobs.json")
mkdir -p "$SCALE_DIR"
for size in $SIZES; do
  file="$SCALE_DIR/jobs-$size.json"
  if [ ! -s "$file" ]; then
    echo "== generating $file" >&2
    target/release/examples/generate_jobs --records "$size" --seed 7 >"$file.tmp"
    mv "$file.tmp" "$file"
  fi
  files+=("$file")
done

# range VALUES...: "min" when all are equal, else "min–max".
range() {
  printf '%s\n' "$@" | sort -g | awk 'NR == 1 {lo = $1} {hi = $1} END {print (lo == hi) ? lo : lo "–" hi}'
}

echo
echo "$RUNS run(s) each; $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| records | file MB | listening after (s) | CPU s | steady MB | peak MB | steady / file | peak / file |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for file in "${files[@]}"; do
  file_mb=$(awk -v b="$(stat -L -c %s "$file")" 'BEGIN {printf "%.0f", b / 1e6}')
  waits=() cpus=() steadies=() peaks=() records=""
  for _ in $(seq "$RUNS"); do
    rm -f "$work/port"
    start=$(date +%s.%N)
    "$JOBSCTL" serve --data "$file" --max-data-size 1024G --port 0 --port-file "$work/port" --quiet 2>"$work/log" &
    server=$!
    pids+=("$server")
    while [ ! -s "$work/port" ]; do
      kill -0 "$server" 2>/dev/null || { tail -n 3 "$work/log" >&2; fail "the server exited on $file"; }
      sleep 0.01
    done
    waits+=("$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')")
    cpus+=("$(awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$server/stat")")
    steadies+=("$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$server/status")")
    peaks+=("$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$server/status")")
    if [ -z "$records" ]; then
      records=$(curl -fsS "http://127.0.0.1:$(cat "$work/port")/health" |
        python3 -c 'import json, sys; print(format(json.load(sys.stdin)["records"], ","))')
    fi
    kill "$server"
    wait "$server" 2>/dev/null || true
  done
  ratio() { awk -v m="$1" -v f="$file_mb" 'BEGIN {printf "%.2f", m / f}'; }
  steady_ratios=() peak_ratios=()
  for m in "${steadies[@]}"; do steady_ratios+=("$(ratio "$m")"); done
  for m in "${peaks[@]}"; do peak_ratios+=("$(ratio "$m")"); done
  echo "| $records | $file_mb | $(range "${waits[@]}") | $(range "${cpus[@]}") | $(range "${steadies[@]}") | $(range "${peaks[@]}") | $(range "${steady_ratios[@]}")× | $(range "${peak_ratios[@]}")× |"
done
