#!/usr/bin/env bash
# NativeAOT check: HelloWorld, Chat and HostedHello publish with PublishAot and zero trim/AOT warnings; the published
# HelloWorld binary answers GET /plaintext (prints the binary size and the start → first-response time), and the
# published HostedHello (generic host, configuration binder source generator) answers and exits 0 on SIGTERM.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null' EXIT

for app in HelloWorld Chat HostedHello; do
  log="$out/$app.log"
  if ! dotnet publish "samples/$app/$app.csproj" -c Release -r linux-x64 -p:PublishAot=true -o "$out/$app" >"$log" 2>&1; then
    tail -40 "$log"; echo "aot: $app publish failed"; exit 1
  fi
  if grep -E ' warning (IL|CS|AOT|NU)[0-9]+' "$log" | grep -v NU1603 >/dev/null; then
    grep -E ' warning ' "$log" | sort -u; echo "aot: $app published with warnings"; exit 1
  fi
  echo "aot: $app published, $(stat -c %s "$out/$app/$app") bytes"
done

bin="$out/HelloWorld/HelloWorld"
start_ns=$(date +%s%N)
"$bin" --port 0 >"$out/hw.out" 2>&1 &
pid=$!
port=""
for _ in $(seq 1 200); do
  port=$(grep -o '127.0.0.1:[0-9]*' "$out/hw.out" 2>/dev/null | head -1 | cut -d: -f2)
  [ -n "$port" ] && break
  sleep 0.01
done
[ -n "$port" ] || { cat "$out/hw.out"; echo "aot: HelloWorld did not print its URL"; exit 1; }
response=""
for _ in $(seq 1 200); do
  if exec 3<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null; then
    printf 'GET /plaintext HTTP/1.1\r\nHost: ci\r\nConnection: close\r\n\r\n' >&3
    response=$(timeout 5 cat <&3)
    exec 3>&-
    break
  fi
  sleep 0.01
done
end_ns=$(date +%s%N)
echo "$response" | head -1
if ! echo "$response" | grep -q '^HTTP/1.1 200' || ! echo "$response" | grep -q 'Hello, World!'; then
  echo "aot: the published HelloWorld did not serve /plaintext"; exit 1
fi
echo "aot: start → first response $(( (end_ns - start_ns) / 1000000 )) ms; idle RSS $(grep VmRSS /proc/$pid/status | awk '{print $2" "$3}')"

# The hosted sample: configuration from the command line, SIGTERM drains and exits 0.
hosted="$out/HostedHello/HostedHello"
(cd "$out/HostedHello" && exec "$hosted" --Squall:Port=0 --Squall:Loops=2 >"$out/hosted.out" 2>&1) &
hpid=$!
hport=""
for _ in $(seq 1 500); do
  hport=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$out/hosted.out" 2>/dev/null | head -1 | sed 's/.*://')
  [ -n "$hport" ] && break
  sleep 0.02
done
[ -n "$hport" ] || { cat "$out/hosted.out"; echo "aot: HostedHello did not log its address"; kill "$hpid"; exit 1; }
hresponse=$(curl -s --max-time 10 "http://127.0.0.1:$hport/")
if [ "$hresponse" != "Hello from a hosted Squall" ]; then
  cat "$out/hosted.out"; echo "aot: the published HostedHello answered '$hresponse'"; kill "$hpid"; exit 1
fi
kill -TERM "$hpid"
hstatus=0
timeout 60 tail --pid="$hpid" -f /dev/null || { echo "aot: HostedHello did not exit within 60 s of SIGTERM"; kill -9 "$hpid"; exit 1; }
wait "$hpid" || hstatus=$?
if [ "$hstatus" -ne 0 ]; then cat "$out/hosted.out"; echo "aot: HostedHello exited $hstatus on SIGTERM"; exit 1; fi
echo "aot: HostedHello served and exited 0 on SIGTERM"
