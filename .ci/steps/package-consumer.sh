#!/usr/bin/env bash
# The consumer test: Squall used the way a user gets it, from packages, outside this repository.
#  1. `dotnet pack -c Release` at the root into a temp feed; the packages hold what they promise; a second pack of
#     the same commit is byte-identical.
#  2. A fresh project with only <PackageReference Include="Squall" />, restored into an empty NuGet cache from that
#     feed (Squall*) and the machine's usual source (everything else): two [Route] handlers, one sleeping in a
#     synchronous Get → the build succeeds with `warning SQ1001`; the app answers on a free port; the NativeAOT
#     publish has no warning but that SQ1001, and the native binary answers.
#     The package's build defaults (build/Squall.targets: the GC's gen0 budget) reach its runtimeconfig.
#  3. A project with only <PackageReference Include="Squall.Hosting" /> gets the generator and the defaults through it
#     and answers.
#  4. Squall.Templates installed into a temp template hive: `dotnet new squall-web` builds with 0 warnings, its tests
#     pass, it answers GET / on --port and on Squall:Port, and it publishes NativeAOT with 0 warnings;
#     `dotnet new squall-chat` builds with 0 warnings, its tests pass, and it chats with Tornado's WebSocket client.
# Every failure names its stage and prints the log that shows why.
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || echo 315532800)
export SOURCE_DATE_EPOCH

work=$(mktemp -d /tmp/squall-consumer.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
step_start=$(date +%s)

fail() { echo "package-consumer: FAILED: $*"; exit 1; }
say() { echo "package-consumer: $* ($(( $(date +%s) - step_start )) s)"; }
# run LOG CMD...: runs CMD with its output in LOG; on failure prints the log's end and fails.
run() {
  local log=$1 code; shift
  "$@" >"$log" 2>&1
  code=$?
  [ "$code" -eq 0 ] || { tail -40 "$log"; fail "$* (exit $code)"; }
}
# The distinct warnings of a build log, one a line. NU1603 (the package source served a slightly newer dependency
# than asked) is the source's doing, not the packages': the repository's own builds let it pass too.
warnings() { grep -E ' warning [A-Z]+[0-9]+' "$1" | grep -v ' warning NU1603' | sed -E 's/^ *//; s/ \[[^]]*\]$//' | sort -u; }
expect_no_warnings() {
  local w; w=$(warnings "$1")
  [ -z "$w" ] || { echo "$w"; fail "$2 has warnings"; }
}

# ---------------------------------------------------------------------------------------------------------------------
# 1. Pack.
feed=$work/feed
run "$work/pack.log" dotnet pack -c Release -o "$feed"
expect_no_warnings "$work/pack.log" "dotnet pack"
version=$(sed -nE 's|.*<VersionPrefix>([^<]+)</VersionPrefix>.*|\1|p' Directory.Build.props | head -1)
[ -n "$version" ] || fail "no VersionPrefix in Directory.Build.props"
for p in Squall Squall.Hosting Squall.Templates; do
  [ -f "$feed/$p.$version.nupkg" ] || { ls -l "$feed"; fail "$p.$version.nupkg was not produced"; }
done
for p in Squall Squall.Hosting; do
  [ -f "$feed/$p.$version.snupkg" ] || fail "$p.$version.snupkg (symbols) was not produced"
done
# Only the libraries under src/ (Squall, Squall.Hosting, Squall.Redis, ... by convention) and the templates are
# packages: tests, samples and benchmarks never are.
extra=$(ls "$feed" | grep -vE "^Squall(\.[A-Za-z]+)?\.$version\.s?nupkg$")
[ -z "$extra" ] || fail "unexpected packages: $extra"

squall_files=$(unzip -Z1 "$feed/Squall.$version.nupkg")
for f in lib/net10.0/Squall.dll lib/net10.0/Squall.xml README.md \
         analyzers/dotnet/cs/Squall.Generators.dll analyzers/dotnet/cs/Squall.Analyzers.dll \
         analyzers/dotnet/cs/Squall.Analyzers.CodeFixes.dll build/Squall.targets buildTransitive/Squall.targets; do
  grep -qx "$f" <<<"$squall_files" || { echo "$squall_files"; fail "Squall.$version.nupkg lacks $f"; }
done
# The generator's Roslyn references are private: no Microsoft.CodeAnalysis dependency, no Roslyn dll inside.
nuspec=$(unzip -p "$feed/Squall.$version.nupkg" Squall.nuspec)
if grep -qi 'CodeAnalysis' <<<"$nuspec" || grep -qi 'Microsoft.CodeAnalysis' <<<"$squall_files"; then
  echo "$nuspec"; fail "Roslyn leaks into the Squall package"
fi
grep -q '<license type="expression">' <<<"$nuspec" || fail "Squall.nuspec has no license expression"
grep -q '<readme>README.md</readme>' <<<"$nuspec" || fail "Squall.nuspec has no readme"
# (Listings are read whole before grep: `grep -q` in a pipe would end the lister early, and pipefail would see that.)
symbols=$(unzip -Z1 "$feed/Squall.$version.snupkg")
grep -qx lib/net10.0/Squall.pdb <<<"$symbols" || fail "the symbols package has no Squall.pdb"
templates=$(unzip -Z1 "$feed/Squall.Templates.$version.nupkg")
for t in squall-web squall-chat; do
  grep -qx "content/$t/.template.config/template.json" <<<"$templates" || fail "Squall.Templates has no $t template"
done

# Deterministic: the same commit packs to the same bytes.
run "$work/repack.log" dotnet pack -c Release --no-build -o "$work/feed2"
for f in "$feed"/*; do
  cmp -s "$f" "$work/feed2/$(basename "$f")" || fail "$(basename "$f") differs between two packs of one commit"
done
say "packed $(cd "$feed" && for f in *; do printf '%s (%s B) ' "$f" "$(stat -c %s "$f")"; done)"

# ---------------------------------------------------------------------------------------------------------------------
# The consumers restore into an empty cache: Squall* from the feed only, everything else from this machine's usual
# sources (read from its NuGet configuration, so nothing here names a host).
export NUGET_PACKAGES=$work/nuget-packages
mkdir -p "$work/apps"
mapfile -t sources < <(cd "$work" && dotnet nuget list source --format short 2>/dev/null | awk '$1 == "E" {print $2}')
[ ${#sources[@]} -gt 0 ] || fail "this machine has no enabled NuGet source for Squall's dependencies"
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<configuration>'
  echo '  <packageSources>'
  echo '    <clear />'
  echo "    <add key=\"squall-feed\" value=\"$feed\" />"
  for i in "${!sources[@]}"; do echo "    <add key=\"upstream$i\" value=\"${sources[$i]}\" />"; done
  echo '  </packageSources>'
  echo '  <packageSourceMapping>'
  echo '    <packageSource key="squall-feed"><package pattern="Squall" /><package pattern="Squall.*" /></packageSource>'
  for i in "${!sources[@]}"; do echo "    <packageSource key=\"upstream$i\"><package pattern=\"*\" /></packageSource>"; done
  echo '  </packageSourceMapping>'
  echo '</configuration>'
} >"$work/apps/nuget.config"

# serve NAME URLPATTERN CMD...: starts CMD in the background and waits (bounded) for it to print its URL;
# sets $base to http://127.0.0.1:PORT and $server_pid.
serve() {
  local name=$1 pattern=$2; shift 2
  local out="$work/$name.out"
  "$@" >"$out" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  base=""
  for _ in $(seq 1 600); do
    base=$(grep -oE "$pattern" "$out" | head -1)
    [ -n "$base" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.05
  done
  [ -n "$base" ] || { cat "$out"; fail "$name did not print its URL"; }
  base=${base%/}
}
# expect_get PATH CODE [BODY]: GET $base/PATH answers CODE (and exactly BODY when given).
expect_get() {
  local response code body
  response=$(curl -s --max-time 20 -w '\n%{http_code}' "$base$1") || fail "GET $base$1: no answer"
  code=${response##*$'\n'}
  body=${response%$'\n'*}
  [ "$code" = "$2" ] || fail "GET $1 answered $code, expected $2 (body: $body)"
  [ $# -lt 3 ] || [ "$body" = "$3" ] || fail "GET $1 answered '$body', expected '$3'"
}
stop() { kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; }

# ---------------------------------------------------------------------------------------------------------------------
# 2. A project with only the Squall package.
app=$work/apps/Consumer
mkdir -p "$app"
cat >"$app/Consumer.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <InvariantGlobalization>true</InvariantGlobalization>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Squall" Version="$version" />
  </ItemGroup>
</Project>
EOF
cat >"$app/Program.cs" <<'EOF'
using Squall;
using Squall.Web;

int port = args.Length > 0 ? int.Parse(args[0]) : 8888;
var app = new Application(Squall.Generated.Routes.Table);
var server = app.Listen(port, "127.0.0.1");
Console.WriteLine($"Serving on http://127.0.0.1:{server.BoundPort}/ ({Squall.Generated.Urls.Hello(name: "x")})");
IOLoop.Current.Start();

[Route("/hello/{name}", Name = "Hello")]
public sealed class HelloHandler : RequestHandler
{
    public void Get(string name) => Write("hello " + name);
}

[Route("/slow")]
public sealed class SlowHandler : RequestHandler
{
    public void Get()
    {
        Thread.Sleep(1);
        Write("slept");
    }
}
EOF
run "$work/consumer-build.log" dotnet build "$app" -c Release
sq=$(warnings "$work/consumer-build.log")
grep -qE "Program.cs\(21,[0-9]+\): warning SQ1001: 'Thread.Sleep' blocks the IOLoop thread" <<<"$sq" ||
  { cat "$work/consumer-build.log"; fail "the consumer build did not report SQ1001 on Thread.Sleep"; }
others=$(grep -v ' warning SQ1001:' <<<"$sq")
[ -z "$others" ] || { echo "$others"; fail "the consumer build has warnings besides SQ1001"; }
if grep -rqi 'microsoft.codeanalysis' "$app/obj/project.assets.json"; then
  fail "Roslyn became a dependency of the consumer"
fi
say "consumer built: $(grep -o 'warning SQ1001: [^(]*' <<<"$sq" | head -1)"
# The package's build defaults (build/Squall.targets): the GC's gen0 budget reaches the app's runtimeconfig, and the
# app can change it or turn it off.
grep -q '"System.GC.Gen0MaxBudget": 16777216' "$app/bin/Release/net10.0/Consumer.runtimeconfig.json" ||
  { cat "$app/bin/Release/net10.0/Consumer.runtimeconfig.json"; fail "the Squall package did not set the gen0 budget"; }
gen0_item() { dotnet msbuild "$app" -getItem:RuntimeHostConfigurationOption "$@" | grep -A1 '"Identity": "System.GC.Gen0MaxBudget"'; }
items=$(gen0_item -p:SquallGen0MaxBudget=8388608)
grep -q '"Value": "8388608"' <<<"$items" || { echo "$items"; fail "SquallGen0MaxBudget did not change the budget"; }
items=$(gen0_item -p:SquallGen0MaxBudget=false)
[ -z "$items" ] || { echo "$items"; fail "SquallGen0MaxBudget=false did not remove the budget"; }

serve consumer 'http://127\.0\.0\.1:[0-9]+/' dotnet "$app/bin/Release/net10.0/Consumer.dll" 0
expect_get /hello/world 200 "hello world"
expect_get /slow 200 "slept"
expect_get /nowhere 404
stop
say "consumer (JIT) answered on $base"

run "$work/consumer-aot.log" dotnet publish "$app" -c Release -r linux-x64 -p:PublishAot=true -o "$work/consumer-aot"
aot_warnings=$(warnings "$work/consumer-aot.log" | grep -v ' warning SQ1001:')
[ -z "$aot_warnings" ] || { echo "$aot_warnings"; fail "the NativeAOT publish has warnings"; }
serve consumer-aot 'http://127\.0\.0\.1:[0-9]+/' "$work/consumer-aot/Consumer" 0
expect_get /hello/aot 200 "hello aot"
stop
say "consumer NativeAOT binary ($(stat -c %s "$work/consumer-aot/Consumer") B) answered on $base"

# ---------------------------------------------------------------------------------------------------------------------
# 3. A project with only Squall.Hosting: the generator comes with it.
hosted=$work/apps/Hosted
mkdir -p "$hosted"
cat >"$hosted/Hosted.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Squall.Hosting" Version="$version" />
  </ItemGroup>
</Project>
EOF
cat >"$hosted/Program.cs" <<'EOF'
using Microsoft.Extensions.Hosting;
using Squall.Hosting;
using Squall.Web;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSquall(Squall.Generated.Routes.Table, options => options.Loops = 1);
builder.Build().Run();

[Route("/")]
public sealed class MainHandler : RequestHandler
{
    public void Get() => Write("hosted");
}
EOF
run "$work/hosted-build.log" dotnet build "$hosted" -c Release
expect_no_warnings "$work/hosted-build.log" "the Squall.Hosting consumer build"
grep -q '"System.GC.Gen0MaxBudget": 16777216' "$hosted/bin/Release/net10.0/Hosted.runtimeconfig.json" ||
  fail "Squall.Hosting did not bring the Squall package's gen0 budget (buildTransitive)"
serve hosted 'http://127\.0\.0\.1:[0-9]+/' dotnet "$hosted/bin/Release/net10.0/Hosted.dll" --Squall:Port=0
expect_get / 200 "hosted"
kill -TERM "$server_pid"
wait "$server_pid"
code=$?
[ "$code" -eq 0 ] || { cat "$work/hosted.out"; fail "the hosted app exited $code on SIGTERM"; }
say "Squall.Hosting consumer answered on $base and stopped on SIGTERM"

# ---------------------------------------------------------------------------------------------------------------------
# 4. The template, from an isolated template hive.
hive=$work/template-hive
run "$work/template-install.log" dotnet new install "$feed/Squall.Templates.$version.nupkg" --debug:custom-hive "$hive"
web=$work/apps/WebApp
run "$work/template-new.log" dotnet new squall-web -o "$web" --debug:custom-hive "$hive"
grep -q "Include=\"Squall\" Version=\"$version\"" "$web/WebApp/WebApp.csproj" ||
  { cat "$web/WebApp/WebApp.csproj"; fail "the template does not reference Squall $version"; }
run "$work/template-build.log" dotnet build "$web/WebApp.slnx"
expect_no_warnings "$work/template-build.log" "the squall-web build"
run "$work/template-test.log" dotnet test "$web/WebApp.slnx" --no-build
grep -E '(Passed|Failed)!' "$work/template-test.log" | sed 's/^/package-consumer: squall-web tests: /'

serve template 'http://127\.0\.0\.1:[0-9]+/' dotnet "$web/WebApp/bin/Debug/net10.0/WebApp.dll" --port 0
expect_get / 200 "Hello from WebApp! Try /api/greetings/Ada"
expect_get /api/greetings/Ada 200 '{"message":"Hello, Ada!"}'
stop
serve template-config 'http://127\.0\.0\.1:[0-9]+/' dotnet "$web/WebApp/bin/Debug/net10.0/WebApp.dll" --Squall:Port 0
expect_get / 200 "Hello from WebApp! Try /api/greetings/Ada"
stop
say "squall-web built, tested and answered on --port and --Squall:Port"

run "$work/template-aot.log" dotnet publish "$web/WebApp" -c Release -r linux-x64 -o "$work/webapp-aot"
expect_no_warnings "$work/template-aot.log" "the squall-web NativeAOT publish"
[ -x "$work/webapp-aot/WebApp" ] || fail "the squall-web publish made no native executable"
serve template-aot 'http://127\.0\.0\.1:[0-9]+/' "$work/webapp-aot/WebApp" --port 0
expect_get / 200 "Hello from WebApp! Try /api/greetings/Ada"
stop
say "squall-web NativeAOT binary ($(stat -c %s "$work/webapp-aot/WebApp") B) answered"

chat=$work/apps/ChatRoom
run "$work/chat-new.log" dotnet new squall-chat -o "$chat" --debug:custom-hive "$hive"
run "$work/chat-build.log" dotnet build "$chat/ChatRoom.slnx"
expect_no_warnings "$work/chat-build.log" "the squall-chat build"
run "$work/chat-test.log" dotnet test "$chat/ChatRoom.slnx" --no-build
grep -E '(Passed|Failed)!' "$work/chat-test.log" | sed 's/^/package-consumer: squall-chat tests: /'
serve chat 'http://127\.0\.0\.1:[0-9]+/' dotnet "$chat/ChatRoom/bin/Debug/net10.0/ChatRoom.dll" --port 0
expect_get / 200
# A peer we did not write: Tornado's WebSocket client (Debian's python3-tornado, in .ci/apt-packages).
cat >"$work/chat_peer.py" <<'EOF'
import asyncio, sys
from tornado.websocket import websocket_connect

async def main(url):
    alice = await websocket_connect(url)
    bob = await websocket_connect(url)
    await bob.write_message('{"body":"hello from tornado"}')
    print(await bob.read_message())
    print(await alice.read_message())
    await alice.write_message("not json")
    print(await alice.read_message(), alice.close_code, alice.close_reason)

asyncio.run(asyncio.wait_for(main(sys.argv[1]), 20))
EOF
chat_output=$(timeout 30 /usr/bin/python3 "$work/chat_peer.py" "${base/http:/ws:}/chatsocket" 2>&1) ||
  { echo "$chat_output"; fail "Tornado's WebSocket client could not chat with squall-chat"; }
expected_chat='{"id":1,"body":"hello from tornado"}
{"id":1,"body":"hello from tornado"}
None 1007 expected {"body": "..."}'
[ "$chat_output" = "$expected_chat" ] || { echo "$chat_output"; fail "squall-chat answered Tornado's client wrongly"; }
stop
say "squall-chat built, tested and chatted with Tornado's WebSocket client; all consumer checks passed"
