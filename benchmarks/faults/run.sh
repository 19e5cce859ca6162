#!/usr/bin/env bash
# Fault-injection benchmark (see faults.py): bash benchmarks/faults/run.sh [--seconds 20] [--only resets,slowloris]
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 PYTHONDONTWRITEBYTECODE=1
exec python3 -u benchmarks/faults/faults.py "$@"
