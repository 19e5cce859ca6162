#!/usr/bin/env bash
# Usage: N=2000 CERTS=DIR benchmarks/load/idle_tls_rss.sh   (run from the repository root after dotnet build -c Release of
# samples/HelloWorld and benchmarks/peers/KestrelMinimal). Ports 9210/9211.
# RSS per idle TLS connection: start a server, let it settle, open N TLS keep-alive connections (one request each), read VmRSS.
set -u
N=${N:-2000}
C=${CERTS:-/tmp/bench-certs}  # cert.pem + key.pem (PEM, CN=localhost, SAN 127.0.0.1); see docs/tls.md
rss() { grep VmRSS /proc/$1/status | awk '{print $2}'; }
measure() {
  local name=$1 port=$2; shift 2
  "$@" > /tmp/srv-$name.log 2>&1 &
  local pid=$!
  for i in $(seq 1 100); do curl -s -k https://127.0.0.1:$port/plaintext >/dev/null 2>&1 && break; sleep 0.2; done
  for i in $(seq 1 200); do curl -s -k https://127.0.0.1:$port/plaintext >/dev/null; done
  sleep 1
  local before=$(rss $pid)
  coproc CL { python3 "$(dirname "$0")"/idle_tls_client.py $port $N $C/cert.pem; }
  read -r line <&"${CL[0]}"
  sleep 2
  local after=$(rss $pid)
  echo "$name: $line rss_before=${before}KiB rss_after=${after}KiB per_conn=$(( (after-before)*1024/N )) B"
  eval "exec ${CL[1]}>&-"
  wait $CL_PID 2>/dev/null
  kill $pid; wait $pid 2>/dev/null
}
ulimit -n 20000
measure squall 9210 taskset -c 0 samples/HelloWorld/bin/Release/net10.0/HelloWorld --port 9210 --certfile $C/cert.pem --keyfile $C/key.pem
measure kestrel 9211 env ASPNETCORE_Kestrel__Certificates__Default__Path=$C/cert.pem ASPNETCORE_Kestrel__Certificates__Default__KeyPath=$C/key.pem taskset -c 0 dotnet benchmarks/peers/KestrelMinimal/bin/Release/net10.0/KestrelMinimal.dll --urls https://127.0.0.1:9211
