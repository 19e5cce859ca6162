#!/usr/bin/env bash
# Side-by-side WebSocket benchmark: Squall (benchmarks/websocket/SquallWs) vs Kestrel (KestrelWs) vs Tornado
# (tornado_ws.py), each pinned to CPU 0, the load client (WsBench, Squall's own client on one loop) pinned to CPU 1.
# Peers take turns inside each round; medians over rounds. Ports 9100-9199, 127.0.0.1 only.
#   bash benchmarks/websocket/run.sh [ROUNDS=3] [ECHO_SECONDS=10] [IDLE=10000] [BROADCAST_CLIENTS=10000] [BROADCASTS=100]
set -uo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}; ECHO_SECONDS=${ECHO_SECONDS:-10}; IDLE=${IDLE:-10000}
BROADCAST_CLIENTS=${BROADCAST_CLIENTS:-10000}; BROADCASTS=${BROADCASTS:-100}; WARMUP=${WARMUP:-10}
ulimit -n 20000
out=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$out"' EXIT

for p in SquallWs KestrelWs WsBench; do
  dotnet build -c Release "benchmarks/websocket/$p" -o "$out/$p" >"$out/$p.build" 2>&1 || { tail -20 "$out/$p.build"; exit 1; }
done
bench() { taskset -c 1 "$out/WsBench/WsBench" "$@"; }

start_server() { # name port -> sets pid
  case "$1" in
    squall) taskset -c 0 "$out/SquallWs/SquallWs" "$2" >"$out/server.log" 2>&1 & ;;
    kestrel) taskset -c 0 "$out/KestrelWs/KestrelWs" --urls "http://127.0.0.1:$2" >"$out/server.log" 2>&1 & ;;
    tornado) taskset -c 0 /usr/bin/python3 benchmarks/websocket/tornado_ws.py "$2" >"$out/server.log" 2>&1 & ;;
  esac
  pid=$!
  for _ in $(seq 1 500); do
    (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0
    sleep 0.02
  done
  echo "server $1 did not start"; cat "$out/server.log"; return 1
}
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
idle_rss() { # port compress? -> KiB per connection
  local before after
  before=$(rss_kib "$pid")
  coproc IDLE_CLIENT { bench idle "ws://127.0.0.1:$1/ws/echo" "$IDLE" $2; }
  read -r line <&"${IDLE_CLIENT[0]}"
  after=$(rss_kib "$pid")
  exec {IDLE_CLIENT[1]}>&-
  wait "$IDLE_CLIENT_PID" 2>/dev/null
  echo "$line" >&2
  awk -v a="$after" -v b="$before" -v n="$IDLE" 'BEGIN { printf "%.2f", (a - b) / n }'
}

echo "load before: $(cat /proc/loadavg)"
grep '^cpu ' /proc/stat > "$out/stat.before"
port=9100
for round in $(seq 1 "$ROUNDS"); do
  for name in squall kestrel tornado; do
    port=$((port + 1))
    start_server "$name" "$port" || continue
    # JIT'd servers get warm-up traffic first (BENCHMARKING.md); Tornado too, for symmetry.
    bench echo "ws://127.0.0.1:$port/ws/echo" 64 16 "$WARMUP" 32 >/dev/null
    echo_line=$(bench echo "ws://127.0.0.1:$port/ws/echo" 64 16 "$ECHO_SECONDS" 32)
    bc_line=$(bench broadcast "ws://127.0.0.1:$port/ws/broadcast" "$BROADCAST_CLIENTS" "$BROADCASTS")
    plain=$(idle_rss "$port" "")
    deflate=$(idle_rss "$port" compress)
    echo "round $round $name | $echo_line | $bc_line | idle KiB/conn $plain | deflate KiB/conn $deflate" | tee -a "$out/results"
    kill "$pid"; wait "$pid" 2>/dev/null
  done
done
grep '^cpu ' /proc/stat > "$out/stat.after"
echo "load after: $(cat /proc/loadavg)"
paste "$out/stat.before" "$out/stat.after" | awk '{ steal = $20 - $9; total = 0; for (i = 13; i <= 22; i++) total += $i; for (i = 2; i <= 11; i++) total -= $i; printf "steal during the run: %.1f%%\n", 100 * steal / total }'
echo "== medians"
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }
field() { grep " $1 |" "$out/results" | grep -o "$2 [0-9.]*" | awk '{ print $2 }' | median; }
for name in squall kestrel tornado; do
  printf "%-8s echo %s msgs/s | broadcast p50 %s ms p99 %s ms | idle %s KiB/conn | deflate %s KiB/conn\n" "$name" \
    "$(field "$name" "msgs/s")" "$(field "$name" p50)" "$(field "$name" p99)" "$(grep " $name |" "$out/results" | grep -o 'idle KiB/conn [0-9.]*' | awk '{ print $3 }' | median)" \
    "$(grep " $name |" "$out/results" | grep -o 'deflate KiB/conn [0-9.]*' | awk '{ print $3 }' | median)"
done
