#!/usr/bin/env bash
# Where the server's time goes at a given keep-alive concurrency, measured at steady state (after the connect burst):
#   bash benchmarks/load/profile.sh OUTDIR SERVER_EXECUTABLE PORT CONNECTIONS... 
# For each concurrency: wrk -t1 (CPU 1) runs 26 s on /plaintext against the server (CPU 0, warmed 20 s at c=256);
# from t=6 s perf stat (task clock, context switches) 4 s, the epoll_wait return values 2 s (events per poll),
# a perf record -g 5 s (JIT frames named through DOTNET_PerfMapEnabled), and dotnet-counters (GC counts, allocation
# rate) over the whole run when DOTNET_COUNTERS names the tool. Outputs go to OUTDIR/c<N>.*; needs linux-perf, wrk.
# Kestrel peers (executable name KestrelMinimal) get --urls. Run it under the machine's exclusive lock.
set -euo pipefail
out=$1; exe=$2; port=$3; shift 3
mkdir -p "$out"
ulimit -n 20000
args=(--port "$port" --address 127.0.0.1)
case "$exe" in *Kestrel*) args=(--urls "http://127.0.0.1:$port");; esac
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 taskset -c 0 "$exe" "${args[@]}" >"$out/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null' EXIT
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/plaintext" >/dev/null && break; sleep 0.1; done
taskset -c 1 wrk -t1 -c256 -d20s "http://127.0.0.1:$port/plaintext" >"$out/warmup.txt"
for c in "$@"; do
  taskset -c 1 wrk -t1 -c"$c" -d26s --latency --timeout 5s "http://127.0.0.1:$port/plaintext" >"$out/c$c.wrk.txt" &
  wrk=$!
  counters=
  if [ -n "${DOTNET_COUNTERS:-}" ]; then
    timeout 30 "$DOTNET_COUNTERS" collect -p "$pid" --refresh-interval 1 --format csv -o "$out/c$c.counters.csv" \
      --counters System.Runtime >/dev/null 2>&1 &
    counters=$!
  fi
  sleep 6
  perf stat -e task-clock,context-switches,cpu-migrations,page-faults -p "$pid" -- sleep 4 2>"$out/c$c.stat.txt"
  perf record -q -e syscalls:sys_exit_epoll_wait -p "$pid" -o "$out/c$c.epoll.data" -- sleep 2 2>/dev/null
  perf record -q -g -F 997 -p "$pid" -o "$out/c$c.perf.data" -- sleep 5 2>/dev/null
  wait "$wrk"
  [ -z "$counters" ] || wait "$counters" || true
done
/usr/bin/python3 "$(dirname "$0")/profile_summary.py" "$out" "$@" | tee "$out/summary.txt"
