#!/usr/bin/env bash
# The load benchmark's own logic (wrk output parsing, medians and ratios, the loopback-only check) has unit tests
# that need no server and no wrk; they run here so the benchmark script cannot rot unnoticed.
set -euo pipefail
cd "$(dirname "$0")/../.."
py=/usr/bin/python3
[ -x "$py" ] || py=python3
"$py" -m unittest discover -s benchmarks/load -p 'test_*.py'
