#!/usr/bin/env bash
# Starts a throwaway redis-server on loopback (pinned to CPU 1), runs the publish benchmark pinned to CPU 0, stops it.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }
port=${PORT:-9790}
dir=$(mktemp -d)
taskset -c 1 redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" >"$dir/redis.log" 2>&1 &
redis=$!
trap 'kill $redis 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do grep -q "Ready to accept" "$dir/redis.log" && break; sleep 0.05; done
dotnet build -c Release benchmarks/RedisPublish >/dev/null
echo "load: $(cat /proc/loadavg)"
taskset -c 0 dotnet benchmarks/RedisPublish/bin/Release/net10.0/RedisPublish.dll --redis "127.0.0.1:$port" "$@"
