#!/usr/bin/env bash
# Chat fan-out across nodes: redis-server, N Chat nodes (--redis) and nginx with samples/Chat/deploy/nginx.conf on
# CPU 0, the load client (ChatFanout, N WebSocket clients through nginx) on CPU 1. Runs 3 nodes, then 1 node holding
# every client, and prints both. Everything binds 127.0.0.1 and stops when the script ends.
#   bash benchmarks/ChatFanout/run.sh [--clients 3000] [--messages 100] [--rate 50] [--seconds 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in redis-server:redis-server nginx:nginx-light; do
  command -v "${tool%%:*}" >/dev/null || { apt-get update -qq && apt-get install -y -qq "${tool##*:}" >/dev/null; }
done
ulimit -n 20000
base=${BASE_PORT:-9700}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet publish -c Release samples/Chat -o "$work/chat" >/dev/null
dotnet build -c Release benchmarks/ChatFanout >/dev/null
client=benchmarks/ChatFanout/bin/Release/net10.0/ChatFanout.dll

wait_for() { # file, pattern: the servers print when they are ready
  for _ in $(seq 1 600); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for '$2' in $1"; cat "$1"; exit 1
}

run() { # nodes
  local nodes=$1 redis_port=$((base)) nginx_port=$((base + 1)) servers=""
  shift
  pids=()
  taskset -c 0 redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$work/redis.log" 2>&1 &
  pids+=($!)
  wait_for "$work/redis.log" "Ready to accept"
  for i in $(seq 1 "$nodes"); do
    local port=$((base + 10 + i))
    taskset -c 0 "$work/chat/Chat" --port "$port" --redis "127.0.0.1:$redis_port" --xheaders >"$work/node$i.log" 2>&1 &
    pids+=($!)
    wait_for "$work/node$i.log" "Redis connected (1)"
    servers+="    server 127.0.0.1:$port;\n"
  done
  mkdir -p "$work/nginx"
  python3 - "$work/nginx/nginx.conf" "$nginx_port" "$work/nginx" "$servers" <<'PY'
import sys, re
path, port, d, servers = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].replace('\\n', '\n')
s = open('samples/Chat/deploy/nginx.conf').read()
s = re.sub(r'(# nodes: begin\n).*?(    # nodes: end)', lambda m: m.group(1) + servers + m.group(2), s, flags=re.S)
s = s.replace('listen 127.0.0.1:8080;', f'listen 127.0.0.1:{port};').replace('/var/log/nginx/', d + '/')
s = s.replace('/run/nginx-chat.pid', d + '/nginx.pid').replace('/var/lib/nginx/chat/', d + '/')
s = s.replace('access_log ' + d + '/chat.access.log;', 'access_log off;')
open(path, 'w').write(s)
PY
  taskset -c 0 nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e stderr -g "daemon off; error_log stderr notice;" >"$work/nginx.log" 2>&1 &
  pids+=($!)
  wait_for "$work/nginx.log" "start worker process"
  echo "== $nodes node(s) behind nginx; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  taskset -c 1 dotnet "$client" --url "ws://127.0.0.1:$nginx_port" "$@" || echo "(the load client reported missing deliveries)"
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}

run 3 "$@"
run 1 "$@"
