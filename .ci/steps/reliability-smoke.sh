#!/usr/bin/env bash
# Short versions of the reliability benchmarks: a 30-second soak of samples/HelloWorld under the mixed load (0 errors,
# 0 non-2xx, descriptors back after the clients leave) and the fault benchmark's correctness checks for the faults
# that must never lose a request (a throwing handler, slow-loris, resets, a lowered descriptor limit, a blocking
# handler named by the slow-callback warning). Latency goals are left to the full runs (benchmarks/soak, benchmarks/faults).
set -uo pipefail
cd "$(dirname "$0")/../.."
status=0
bash benchmarks/soak/run.sh --minutes 0.5 --interval 5 --port 9590 || { echo "reliability-smoke: soak FAILED"; status=1; }
bash benchmarks/faults/run.sh --smoke --seconds 6 --port 9570 --only throwing,slowloris,resets,fd-limit,blocking \
  || { echo "reliability-smoke: faults FAILED"; status=1; }
exit $status
