#!/usr/bin/env bash
# Coverage-guided fuzzing of one parser with AFL++ (Debian's afl++) and SharpFuzz (NuGet), which instruments the .NET
# assemblies so AFL sees branch coverage.
#
#   fuzz/fuzz.sh <target> [seconds=600]     fuzz/fuzz.sh --list
#
# Seeds come from fuzz/corpus/<target>/. Output (queue, crashes, hangs, fuzzer_stats) goes to fuzz/.work/out/<target>/
# (ignored by git); crashing and hanging inputs are also copied to fuzz/findings/<target>/ to be committed as
# regression inputs once fixed. The last line is a summary; the exit status is 1 when AFL found a crash or a hang.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="${FUZZ_WORK:-$here/.work}"
bin="$work/bin"

build() {
  # One instrumented build shared by every target; rebuilt when the sources are newer than it.
  local stamp="$bin/.instrumented"
  # A long run on a copy of the build (FUZZ_WORK) can pin it: sources edited meanwhile do not rebuild under it.
  [ -f "$work/.frozen" ] && [ -f "$stamp" ] && return
  if [ -f "$stamp" ] && [ -z "$(find "$here/Squall.Fuzz" "$here/../src/Runtime" "$here/../src/Generators/Routing" -name '*.cs' -newer "$stamp" -print -quit)" ]; then
    return
  fi
  rm -rf "$bin"
  dotnet build "$here/Squall.Fuzz/Squall.Fuzz.csproj" -c Release -o "$bin" -p:UseAppHost=false >"$work/build.log" 2>&1 \
    || { tail -30 "$work/build.log"; echo "fuzz: build failed"; exit 1; }
  if [ ! -x "$work/tools/sharpfuzz" ]; then
    dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$work/tools" >"$work/tool.log" 2>&1 \
      || { cat "$work/tool.log"; echo "fuzz: could not install SharpFuzz.CommandLine"; exit 1; }
  fi
  "$work/tools/sharpfuzz" "$bin/Squall.dll" >/dev/null
  # The route template parser is compiled into the fuzz assembly itself: instrument that namespace only.
  "$work/tools/sharpfuzz" "$bin/Squall.Fuzz.dll" Squall.Generators.Routing >/dev/null
  touch "$stamp"
}

mkdir -p "$work"
if [ "${1:-}" = "--list" ]; then
  build
  dotnet "$bin/Squall.Fuzz.dll" --list
  exit 0
fi
target="${1:?usage: fuzz/fuzz.sh <target> [seconds]   (fuzz/fuzz.sh --list)}"
seconds="${2:-600}"
[ -d "$here/corpus/$target" ] || { echo "fuzz: no seed corpus fuzz/corpus/$target"; exit 2; }
command -v afl-fuzz >/dev/null || { echo "fuzz: afl-fuzz not found (apt-get install afl++)"; exit 2; }
build

out="$work/out/$target"
rm -rf "$out"
mkdir -p "$out"
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
export AFL_FORKSRV_INIT_TMOUT=60000 AFL_SHUFFLE_QUEUE=0
# The JIT's tiering would make coverage of the same input differ between runs; interpretive tier 0 stays put.
export DOTNET_TieredCompilation=0 DOTNET_TieredPGO=0 DOTNET_ReadyToRun=0
status=0
afl-fuzz -V "$seconds" -t 5000 -m none -i "$here/corpus/$target" -o "$out" -- dotnet "$bin/Squall.Fuzz.dll" "$target" \
  >"$out/afl.log" 2>&1 || status=$?

stats="$out/default/fuzzer_stats"
if [ ! -f "$stats" ]; then
  tail -40 "$out/afl.log"
  echo "fuzz: $target: afl-fuzz did not start (exit $status)"
  exit 1
fi
get() { awk -F' *: *' -v k="$1" '$1 == k {print $2}' "$stats"; }
crashes=$(get saved_crashes); hangs=$(get saved_hangs)
[ -n "$crashes" ] || crashes=$(get unique_crashes)
[ -n "$hangs" ] || hangs=$(get unique_hangs)
found=0
for kind in crashes hangs; do
  for f in "$out/default/$kind"/id:*; do
    [ -e "$f" ] || continue
    mkdir -p "$here/findings/$target"
    cp "$f" "$here/findings/$target/$kind-$(basename "$f" | cut -d, -f1 | tr ':' '-')"
    found=1
  done
done
echo "fuzz: $target: $(get execs_done) execs in $(get run_time) s ($(get execs_per_sec)/s), corpus $(get corpus_count), edges $(get edges_found)/$(get total_edges) (bitmap $(get bitmap_cvg)), crashes $crashes, hangs $hangs"
if [ "$found" -ne 0 ] || [ "${crashes:-0}" != "0" ] || [ "${hangs:-0}" != "0" ]; then
  echo "fuzz: $target: findings copied to fuzz/findings/$target/; replay with: dotnet fuzz/.work/bin/Squall.Fuzz.dll $target --replay fuzz/findings/$target"
  exit 1
fi
