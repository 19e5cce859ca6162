#!/usr/bin/env bash
# Fuzzing smoke: every target's committed corpus (seeds and fixed findings) replays without an invariant failure, then
# each target runs under AFL++ for a short while (FUZZ_SMOKE_SECONDS, default 25 s). Fails on any crash or hang.
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds="${FUZZ_SMOKE_SECONDS:-25}"
status=0
targets=$(fuzz/fuzz.sh --list) || { echo "fuzz-smoke: build failed"; exit 1; }
# Committed inputs replay on a plain build: the instrumented one writes AFL's coverage map, which only exists under
# afl-fuzz (outside it the instrumented code faults on its first branch).
replay=fuzz/.work/replay-bin
dotnet build fuzz/Squall.Fuzz/Squall.Fuzz.csproj -c Release -o "$replay" -p:UseAppHost=false >fuzz/.work/replay-build.log 2>&1 \
  || { tail -30 fuzz/.work/replay-build.log; echo "fuzz-smoke: replay build failed"; exit 1; }
for target in $targets; do
  inputs=("fuzz/corpus/$target")
  [ -d "fuzz/findings/$target" ] && inputs+=("fuzz/findings/$target")
  if ! dotnet "$replay/Squall.Fuzz.dll" "$target" --replay "${inputs[@]}"; then
    echo "fuzz-smoke: $target: a committed input fails"; status=1
  fi
  fuzz/fuzz.sh "$target" "$seconds" || { echo "fuzz-smoke: $target FAILED"; status=1; }
done
exit $status
