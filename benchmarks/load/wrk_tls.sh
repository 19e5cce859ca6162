#!/usr/bin/env bash
# Usage: benchmarks/load/wrk_tls.sh (repository root, after Release builds of samples/HelloWorld and
# benchmarks/peers/KestrelMinimal; PEM cert.pem/key.pem in /tmp/bench-certs). HTTPS keep-alive c=256 and
# Connection: close c=32, Squall vs Kestrel taking turns, 2 rounds, server on CPU 0, wrk on CPU 1. Ports 9220/9221.
set -u
cd "$(dirname "$0")/../.."
C=/tmp/bench-certs
start() { "$@" > /dev/null 2>&1 & echo $!; }
warm() { for i in $(seq 1 100); do curl -s -k https://127.0.0.1:$1/plaintext >/dev/null 2>&1 && break; sleep 0.2; done; taskset -c 1 wrk -t1 -c64 -d8s https://127.0.0.1:$1/plaintext >/dev/null 2>&1; }
run() { local name=$1 port=$2; shift 2
  echo "== $name keep-alive c=256"; taskset -c 1 wrk -t1 -c256 -d10s https://127.0.0.1:$port/plaintext | grep -E "Requests/sec|Latency|errors"
  echo "== $name Connection: close c=32"; taskset -c 1 wrk -t1 -c32 -d10s -H "Connection: close" https://127.0.0.1:$port/plaintext | grep -E "Requests/sec|errors"
}
ulimit -n 20000
for round in 1 2; do
  p=$(start taskset -c 0 samples/HelloWorld/bin/Release/net10.0/HelloWorld --port 9220 --certfile $C/cert.pem --keyfile $C/key.pem); warm 9220; run squall 9220; kill $p
  p=$(start env ASPNETCORE_Kestrel__Certificates__Default__Path=$C/cert.pem ASPNETCORE_Kestrel__Certificates__Default__KeyPath=$C/key.pem taskset -c 0 dotnet benchmarks/peers/KestrelMinimal/bin/Release/net10.0/KestrelMinimal.dll --urls https://127.0.0.1:9221); warm 9221; run kestrel 9221; kill $p
done
cat /proc/loadavg; grep '^cpu ' /proc/stat
