#!/usr/bin/env bash
# Cost of the Squall analyzers on a generated project of HANDLERS handlers x 10 methods (issue 6: goal < 5 % of the build).
# Builds the generated project with and without the analyzers (--no-incremental, dependencies prebuilt) RUNS times
# each, prints the median wall times, and the compiler's own /reportanalyzer figures for Squall.Analyzers.
#   benchmarks/AnalyzerCost/run.sh            # full run: 1000 handlers, 5 builds each (run on a quiet machine)
#   benchmarks/AnalyzerCost/run.sh --smoke    # 50 handlers, 1 build each: proves the script works
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
handlers=1000 runs=5
if [ "${1:-}" = "--smoke" ]; then handlers=${SMOKE_HANDLERS:-50} runs=1; fi
work="$(mktemp -d /tmp/squall-analyzer-cost.XXXXXX)"
trap 'rm -rf "$work"' EXIT

python3 "$repo/benchmarks/AnalyzerCost/generate.py" "$work" "$handlers" "$repo"
cd "$work"
dotnet build -c Release -nologo -v:q AnalyzerCost.csproj >/dev/null          # restore, build Squall and the analyzers once

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_builds() {   # $1 = true|false
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    dotnet build -c Release -nologo -v:q --no-restore --no-dependencies --no-incremental -p:SquallAnalyzers="$1" AnalyzerCost.csproj >/dev/null
    end=$(date +%s.%N)
    echo "$end - $start" | bc
  done | median
}
with=$(time_builds true)
without=$(time_builds false)
echo "handlers=$handlers methods=$((handlers * 10)) runs=$runs"
echo "build with analyzers:    ${with}s (median)"
echo "build without analyzers: ${without}s (median)"
echo "overhead: $(echo "scale=1; ($with - $without) * 100 / $without" | bc) %"

echo "--- /reportanalyzer (compiler-measured analyzer time) ---"
dotnet build -c Release -nologo -v:d --no-restore --no-dependencies --no-incremental -p:ReportAnalyzer=true AnalyzerCost.csproj \
  | grep -E "Total analyzer execution time|\(SQ[0-9]{4}\)|Squall\.Analyzers, Version" | sed "s/^ *//" | sort -u
echo "--- SQ diagnostics in the generated project (expected: none) ---"
dotnet build -c Release -nologo --no-restore --no-dependencies --no-incremental AnalyzerCost.csproj | grep -cE "(warning|error|info) SQ[0-9]{4}" || true
