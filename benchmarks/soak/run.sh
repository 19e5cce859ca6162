#!/usr/bin/env bash
# Soak benchmark (see soak.py): bash benchmarks/soak/run.sh [--minutes 10] [--port 9510]
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 PYTHONDONTWRITEBYTECODE=1
exec python3 -u benchmarks/soak/soak.py "$@"
