#!/usr/bin/env bash
# Side-by-side load benchmark: Squall vs Kestrel vs Tornado (see README.md beside this file).
#   bash benchmarks/load/run.sh                   # the real measurement (throughput)
#   bash benchmarks/load/run.sh --mode footprint  # start-up time, idle RSS, RSS per idle connection
#   bash benchmarks/load/run.sh --quick           # smoke test, seconds per server
set -euo pipefail
cd "$(dirname "$0")/../.."

# Debian's interpreter: it is the one that sees python3-tornado. Everything else is installed by loadbench.py.
if [ ! -x /usr/bin/python3 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >/dev/null
fi
# 10,000 idle connections need more than the default 1,024 descriptors (this machine caps the limit at 20,000).
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 PYTHONDONTWRITEBYTECODE=1

# loadbench.py ends every process it started on any exit; this trap covers a kill of this shell too.
python_pid=
trap '[ -n "$python_pid" ] && kill -TERM "$python_pid" 2>/dev/null; wait "$python_pid" 2>/dev/null' INT TERM HUP
/usr/bin/python3 -u benchmarks/load/loadbench.py "$@" &
python_pid=$!
wait "$python_pid"
