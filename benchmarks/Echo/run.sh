#!/usr/bin/env bash
# Squall's IOStream echo server vs the same server on System.Net.Sockets async methods, one client for both.
#   benchmarks/Echo/run.sh            the real measurement (3 rounds, 25 s pre-warm, 10 s per case, 10,000 idle)
#   benchmarks/Echo/run.sh --smoke    a few seconds per case, to prove the harness works (figures are noise)
# Server pinned to CPU 0, client to CPU 1 (see /work/shared/BENCHMARKING.md). Servers bind 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")"

ROUNDS=3 PREWARM=25 WARMUP=2 DURATION=10 IDLE=10000
if [ "${1:-}" = "--smoke" ]; then ROUNDS=1 PREWARM=1 WARMUP=1 DURATION=2 IDLE=1000; fi
SERVERS=(squall socket)

ulimit -n 20000 # 10,000 idle connections: one fd each on both sides
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build -c Release -v q --nologo EchoServer/EchoServer.csproj >/dev/null
dotnet build -c Release -v q --nologo EchoClient/EchoClient.csproj >/dev/null
SERVER_DLL=EchoServer/bin/Release/net10.0/EchoServer.dll
CLIENT_DLL=EchoClient/bin/Release/net10.0/EchoClient.dll

tmp=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  exec 3>&- 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

start_server() { # $1 = squall|socket; sets server_pid and port
  taskset -c 0 dotnet "$SERVER_DLL" "$1" --port 0 >"$tmp/server.out" 2>&1 &
  server_pid=$!
  for _ in $(seq 200); do
    grep -q '^listening' "$tmp/server.out" 2>/dev/null && break
    sleep 0.05
  done
  port=$(sed -n 's/^listening [0-9.]*:\([0-9]*\)$/\1/p' "$tmp/server.out")
  [ -n "$port" ] || { echo "server $1 did not start:"; cat "$tmp/server.out"; exit 1; }
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

client() { taskset -c 1 dotnet "$CLIENT_DLL" "$@" --port "$port"; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status"; }

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

declare -A rt bulk idle
for round in $(seq "$ROUNDS"); do
  for s in "${SERVERS[@]}"; do
    start_server "$s"
    # Tiered JIT needs ~20 s of traffic before a .NET server's figures settle.
    client rt --connections 64 --warmup 0 --duration "$PREWARM" >/dev/null
    # CPU shares over the measured case, so a reader sees which side was the limit (BENCHMARKING.md).
    t0=$(cpu_ticks); w0=$(date +%s.%N)
    r=$(/usr/bin/time -f '%U %S %e' -o "$tmp/client.time" taskset -c 1 dotnet "$CLIENT_DLL" rt --connections 64 --warmup "$WARMUP" --duration "$DURATION" --port "$port" | sed -n 's/roundtrips_per_sec=//p')
    t1=$(cpu_ticks); w1=$(date +%s.%N)
    scpu=$(awk -v t="$((t1 - t0))" -v a="$w0" -v b="$w1" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.0f", 100 * t / hz / (b - a)}')
    ccpu=$(awk '{printf "%.0f", 100 * ($1 + $2) / $3}' "$tmp/client.time")
    b=$(client bulk --warmup "$WARMUP" --duration "$DURATION" | sed -n 's/mb_per_sec=//p')
    stop_server

    # Idle connections on a fresh server (after a short warm-up so JIT'd code is not counted as connection memory).
    start_server "$s"
    client rt --connections 8 --warmup 0 --duration 1 >/dev/null
    sleep 1
    before=$(rss_kib)
    rm -f "$tmp/hold"; mkfifo "$tmp/hold"
    taskset -c 1 dotnet "$CLIENT_DLL" idle --connections "$IDLE" --port "$port" <"$tmp/hold" >"$tmp/idle.out" 2>&1 &
    client_pid=$!
    exec 3>"$tmp/hold"
    for _ in $(seq 1200); do
      grep -q '^ready' "$tmp/idle.out" 2>/dev/null && break
      kill -0 "$client_pid" 2>/dev/null || { echo "idle client failed:"; cat "$tmp/idle.out"; exit 1; }
      sleep 0.1
    done
    grep -q '^ready' "$tmp/idle.out" || { echo "idle client never got ready"; exit 1; }
    sleep 1
    after=$(rss_kib)
    exec 3>&-
    wait "$client_pid" || true
    stop_server
    i=$(awk -v a="$after" -v b="$before" -v n="$IDLE" 'BEGIN {printf "%.2f", (a - b) / n}')

    rt[$s]+="$r "; bulk[$s]+="$b "; idle[$s]+="$i "
    echo "round $round $s: ${r} round-trips/s (server CPU ${scpu}%, client CPU ${ccpu}%), ${b} MB/s, ${i} KiB per idle connection (RSS ${before} -> ${after} KiB)"
  done
done

echo
printf '%-28s %18s %18s %8s\n' "median of $ROUNDS round(s)" "Squall IOStream" "Socket async" "ratio"
row() { # $1 label, $2 squall values, $3 socket values
  local a b
  a=$(tr ' ' '\n' <<<"$2" | grep . | median); b=$(tr ' ' '\n' <<<"$3" | grep . | median)
  printf '%-28s %18s %18s %8s\n' "$1" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2fx", (b > 0) ? a / b : 0}')"
}
row "round-trips/s (64 conns)" "${rt[squall]}" "${rt[socket]}"
row "bulk MB/s (1 stream)" "${bulk[squall]}" "${bulk[socket]}"
row "KiB per idle connection" "${idle[squall]}" "${idle[socket]}"
echo "(idle: ${IDLE} connections, (VmRSS with them - before) / ${IDLE}; server on CPU 0, client on CPU 1)"
