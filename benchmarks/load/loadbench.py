"""Side-by-side load benchmark: Squall, Kestrel and Tornado, one at a time on CPU 0, wrk on CPU 1.

Run through run.sh (which sets the open-file limit). See README.md beside this file.
"""
import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict

import bodies
import procs
import report
import servers as servers_mod
import wrkrun

SERVER_CPU, CLIENT_CPU = 0, 1
HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = os.path.join(servers_mod.REPO, "benchmarks", "results")
IDLE_CLIENT = os.path.join(HERE, "idle_client.py")
IDLE_TLS_CLIENT = os.path.join(HERE, "idle_tls_client.py")
LOAD_SECONDS = 5  # each of the two wrk runs before the "RSS after load" reading
AFTER_LOAD_WAIT = 5.0


def parse_args(argv):
    p = argparse.ArgumentParser(prog="benchmarks/load/run.sh", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mode", choices=["throughput", "footprint", "bodies", "all"], default="throughput",
                   help="throughput: wrk scenarios (default); footprint: start-up time, idle RSS, RSS per "
                        "idle connection; bodies: 100 MiB uploads (Content-Length, chunked) to a streaming handler and a "
                        "100 MiB static file download, MB/s and peak RSS; all: throughput and footprint")
    p.add_argument("--suite", choices=["hello", "routes", "tls"], default="hello",
                   help="hello: the two-endpoint peers (default); routes: the 1,000-route apps against Kestrel's "
                        "1,000 MapGets and HelloWorld's 4 routes; tls: HTTPS keep-alive and a new TLS connection per "
                        "request against Kestrel HTTPS and Tornado HTTPS (footprint: RSS per idle TLS connection)")
    p.add_argument("--only", action="append", metavar="NAME",
                   help="run only this server (repeatable): " + ", ".join(s.name for s in servers_mod.catalogue()))
    p.add_argument("--no-aot", action="store_true", help="skip the NativeAOT builds")
    p.add_argument("--duration", type=int, default=10, help="seconds per measured wrk run (default 10)")
    p.add_argument("--rounds", type=int, default=3, help="rounds; servers take turns inside each (default 3)")
    p.add_argument("--warmup", type=int, default=25,
                   help="seconds of traffic before a JIT'd server's first measured run (default 25)")
    p.add_argument("--idle-connections", type=int, default=10000,
                   help="connections for the RSS-per-connection figure (default 10000)")
    p.add_argument("--scenario", action="append", metavar="NAME",
                   help="run only scenarios whose name contains NAME (repeatable)")
    p.add_argument("--quick", action="store_true",
                   help="smoke test: 2 s runs, 1 round, no warm-up, 500 idle connections")
    p.add_argument("--build-timeout", type=int, default=900, help="seconds allowed per build (default 900)")
    args = p.parse_args(argv)
    if args.quick:
        args.duration, args.rounds, args.warmup = 2, 1, 0
        args.idle_connections = min(args.idle_connections, 500)
    if args.duration < 1 or args.rounds < 1 or args.warmup < 0 or args.idle_connections < 1:
        p.error("durations, rounds and connection counts must be positive")
    return args


def ensure_packages(need_aot):
    """Installs what the benchmark needs from Debian when missing (the script runs as root on CI machines)."""
    wanted = {"wrk": "wrk", "python3-tornado": "python3-tornado", "util-linux": "taskset", "openssl": "openssl",
              "curl": "curl"}
    if need_aot:
        wanted.update({"clang": "clang", "lld": "lld", "zlib1g-dev": "zlib1g-dev"})
    missing = [pkg for pkg in wanted if subprocess.run(["dpkg", "-s", pkg], capture_output=True).returncode != 0]
    if not missing:
        return
    print(f"== installing with apt-get: {' '.join(missing)}", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=600)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env, timeout=900,
                   stdout=subprocess.DEVNULL)


def select_servers(args):
    chosen = []
    known = servers_mod.catalogue()
    names = {s.name for s in known}
    for name in args.only or []:
        if name not in names:
            sys.exit(f"unknown server {name!r}; known: {', '.join(sorted(names))}")
    for s in known:
        if s.suite != args.suite:
            continue
        if args.only and s.name not in args.only:
            continue
        if s.kind == "aot" and args.no_aot:
            continue
        chosen.append(s)
    return chosen


def select_scenarios(args):
    known = {"routes": wrkrun.ROUTE_SCENARIOS, "tls": wrkrun.TLS_SCENARIOS}.get(args.suite, wrkrun.SCENARIOS)
    if not args.scenario:
        return list(known)
    chosen = [sc for sc in known if any(part in sc.name for part in args.scenario)]
    if not chosen:
        sys.exit(f"no scenario matches {args.scenario}; known: {[sc.name for sc in known]}")
    return chosen


def build_all(chosen, run_dir, args):
    ready = []
    for s in chosen:
        if s.unavailable:
            print(f"-- {s.name}: skipped, {s.unavailable}", flush=True)
            continue
        print(f"== build {s.name} ({s.kind})", flush=True)
        t0 = time.monotonic()
        error = servers_mod.build(s, os.path.join(RESULTS, "build"), os.path.join(run_dir, f"build-{s.name}.log"),
                                  args.build_timeout)
        if error:
            print(f"-- {s.name}: skipped, {error}", flush=True)
            s.unavailable = error
            continue
        print(f"   built in {time.monotonic() - t0:.0f} s", flush=True)
        ready.append(s)
    return ready


def warm_up(running, seconds, run_dir, round_no, scenarios):
    """Traffic on every path the measured runs take, so tiered JIT has settled before they start."""
    if seconds <= 0 or not running.server.warmup:
        return
    if running.server.suite == "routes":
        parts = [wrkrun.Scenario("warm-up " + sc.path, sc.path, sc.connections, sc.depth)
                 for sc in scenarios if serves(running.server, sc)]
    elif running.server.suite == "tls":
        parts = [wrkrun.Scenario("warm-up " + sc.name, sc.path, sc.connections, sc.depth, headers=sc.headers)
                 for sc in wrkrun.TLS_SCENARIOS]
    else:
        parts = [wrkrun.Scenario("warm-up plaintext", "/plaintext", 256, 1),
                 wrkrun.Scenario("warm-up json", "/json", 256, 1),
                 wrkrun.Scenario("warm-up pipelined", "/plaintext", 256, 16)]
    each = max(1, seconds // len(parts))
    print(f"   warm-up {each * len(parts)} s", flush=True)
    for i, sc in enumerate(parts):
        out = os.path.join(run_dir, f"{running.server.name}-r{round_no}-warmup{i}.txt")
        wrkrun.run(sc, running.url(sc.path), each, CLIENT_CPU, running.pid, out)


def serves(server, scenario):
    """HelloWorld (4 routes) answers only /plaintext in the routes suite."""
    return not scenario.routes_only or server.name != "squall-web-4routes"


def throughput(ready, scenarios, run_dir, args):
    rows = []
    for round_no in range(1, args.rounds + 1):
        for s in ready:
            print(f"== round {round_no}/{args.rounds}: {s.name}", flush=True)
            try:
                running = servers_mod.start(s, SERVER_CPU, os.path.join(run_dir, f"{s.name}-r{round_no}-server.log"))
            except Exception as e:  # a server that does not start fails its rows, not the benchmark
                print(f"-- {s.name}: failed to start: {e}", flush=True)
                rows += [{"server": s.name, "scenario": sc.name, "round": round_no, "error": f"start: {e}"}
                         for sc in scenarios]
                continue
            try:
                warm_up(running, args.warmup, run_dir, round_no, scenarios)
                for sc in scenarios:
                    if not serves(s, sc):
                        continue
                    out = os.path.join(run_dir, f"{s.name}-r{round_no}-{sc.name.replace(' ', '_').replace('/', '_')}.txt")
                    try:
                        result = wrkrun.run(sc, running.url(sc.path), args.duration, CLIENT_CPU, running.pid, out)
                    except RuntimeError as e:
                        print(f"   {sc.name:32} failed: {e}", flush=True)
                        rows.append({"server": s.name, "scenario": sc.name, "round": round_no, "error": str(e)})
                        continue
                    rows.append({"server": s.name, "scenario": sc.name, "round": round_no, **asdict(result)})
                    print(f"   {sc.name:32} {result.rps:>11,.0f} req/s  wrk CPU {result.wrk_cpu:4.0%}  "
                          f"server CPU {result.server_cpu:4.0%}  errors {result.errors}", flush=True)
                    if running.proc.poll() is not None:
                        raise RuntimeError(f"server exited with code {running.proc.returncode}")
            except Exception as e:
                print(f"-- {s.name}: {e}", flush=True)
                rows.append({"server": s.name, "scenario": "(server)", "round": round_no, "error": str(e)})
            finally:
                try:
                    servers_mod.stop(running)
                except RuntimeError as e:
                    print(f"-- {s.name}: {e}", flush=True)
                    rows.append({"server": s.name, "scenario": "(stop)", "round": round_no, "error": str(e)})
    return rows


def footprint(ready, run_dir, args):
    rows = []
    for round_no in range(1, args.rounds + 1):
        for s in ready:
            print(f"== footprint round {round_no}/{args.rounds}: {s.name}", flush=True)
            try:
                rows.append({"server": s.name, "round": round_no, **_footprint_once(s, run_dir, round_no, args)})
                r = rows[-1]
                print(f"   first 200 after {r['first_200_ms']:.0f} ms, RSS idle {r['rss_idle_kib'] / 1024:.1f} MiB, "
                      f"{r['kib_per_conn']:.2f} KiB per idle connection ({r['held']} held), "
                      f"RSS after load {r['rss_after_load_kib'] / 1024:.1f} MiB", flush=True)
            except Exception as e:
                print(f"-- {s.name}: {e}", flush=True)
                rows.append({"server": s.name, "round": round_no, "error": str(e)})
    return rows


def _footprint_once(s, run_dir, round_no, args):
    running = servers_mod.start(s, SERVER_CPU, os.path.join(run_dir, f"{s.name}-fp{round_no}-server.log"))
    client = None
    try:
        time.sleep(2.0)  # let start-up work (JIT threads, GC) go quiet before the idle reading
        rss_idle = procs.vm_rss_kib(running.pid)
        # TLS: each connection's handshake runs one after another in the client (bounded by its own deadline).
        idle = ([IDLE_TLS_CLIENT, str(running.port), str(args.idle_connections), servers_mod.TLS_CERT]
                if s.tls else [IDLE_CLIENT, str(running.port), str(args.idle_connections)])
        client = procs.spawn(["taskset", "-c", str(CLIENT_CPU), sys.executable, *idle],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        line = _read_line(client, timeout=330.0 if s.tls else 200.0)
        if not line.startswith("ready"):
            raise RuntimeError(f"idle client said {line!r}")
        fields = dict(part.split("=") for part in line.split()[1:])
        held = int(fields["ok"])
        time.sleep(2.0)
        rss_conns = procs.vm_rss_kib(running.pid)
        if running.proc.poll() is not None:
            raise RuntimeError(f"server exited with code {running.proc.returncode}")
        procs.stop(client)
        client = None
        # RSS after a load run (issue 16, goal 3): pipelined and keep-alive traffic, then the clients leave; read it
        # AFTER_LOAD_WAIT s later (Squall compacts 2 s after its last connection closes).
        for sc in (wrkrun.Scenario("load pipelined", "/plaintext", 256, 16), wrkrun.Scenario("load json", "/json", 256, 1)):
            wrkrun.run(sc, running.url(sc.path), LOAD_SECONDS, CLIENT_CPU, running.pid, os.devnull)
        time.sleep(AFTER_LOAD_WAIT)
        rss_after_load = procs.vm_rss_kib(running.pid)
        return {"first_200_ms": running.first_response_ms, "rss_idle_kib": rss_idle, "rss_conns_kib": rss_conns,
                "held": held, "failed": int(fields["failed"]),
                "kib_per_conn": (rss_conns - rss_idle) / held if held else float("nan"),
                "rss_after_load_kib": rss_after_load}
    finally:
        if client is not None:
            procs.stop(client)
        servers_mod.stop(running)


def _read_line(proc, timeout):
    import selectors
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    if not sel.select(timeout):
        raise RuntimeError(f"idle client gave no answer within {timeout:.0f} s")
    return proc.stdout.readline().decode().strip()


def estimate_seconds(ready, scenarios, args):
    per_turn = 5 + len(scenarios) * (args.duration + 1)
    warm = sum(args.warmup for s in ready if s.warmup)
    total = 0
    if args.mode in ("throughput", "all"):
        total += args.rounds * (len(ready) * per_turn + warm)
    if args.mode in ("footprint", "all"):
        total += args.rounds * len(ready) * (15 + 2 * LOAD_SECONDS + AFTER_LOAD_WAIT)
    return total


def main(argv):
    args = parse_args(argv)
    procs.install_signal_handlers()
    if os.cpu_count() is None or os.cpu_count() < 2:
        sys.exit("needs 2 CPUs: the server on CPU 0, wrk on CPU 1")
    chosen = select_servers(args)
    scenarios = select_scenarios(args)
    ensure_packages(any(s.kind == "aot" and not s.unavailable for s in chosen))
    if args.suite == "tls":
        servers_mod.ensure_tls_files()
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    run_dir = os.path.join(RESULTS, stamp + ("-quick" if args.quick else ""))
    os.makedirs(run_dir, exist_ok=True)
    try:
        ready = build_all(chosen, run_dir, args)
        if not ready:
            sys.exit("no server could be built")
        print(f"== {len(ready)} servers, about {estimate_seconds(ready, scenarios, args) / 60:.1f} min; "
              f"raw output in {os.path.relpath(run_dir, servers_mod.REPO)}", flush=True)
        tables, record = [], {"args": vars(args), "servers": [s.name for s in ready]}
        load_before = os.getloadavg()[0]
        header = (f"Load benchmark {stamp}: server on CPU {SERVER_CPU}, wrk -t1 on CPU {CLIENT_CPU}, "
                  f"{args.duration} s per run, medians of {args.rounds} round(s), "
                  f"warm-up {args.warmup} s for JIT'd servers{' (QUICK: smoke test, not figures)' if args.quick else ''}.")
        if args.mode in ("throughput", "all"):
            rows = throughput(ready, scenarios, run_dir, args)
            record["throughput"] = rows
            baseline = {"routes": "kestrel-routes", "tls": "kestrel-tls"}.get(args.suite, report.BASELINE)
            tables.append(report.throughput_table(rows, ready, scenarios, baseline=baseline,
                                                  slow_peer="tornado-tls" if args.suite == "tls" else report.SLOW_PEER))
        if args.mode == "bodies":
            rows = bodies.run(ready, run_dir, args, SERVER_CPU, CLIENT_CPU)
            record["bodies"] = rows
            tables.append(bodies.table(rows, ready))
        if args.mode in ("footprint", "all"):
            rows = footprint(ready, run_dir, args)
            record["footprint"] = rows
            tables.append(report.footprint_table(rows, ready, args.idle_connections,
                                                 baseline="kestrel-tls" if args.suite == "tls" else report.BASELINE))
        # A quiet machine shows a 1-minute load near 1 (the benchmark itself); much more means noisy figures.
        header += f" Load average (1 min) before: {load_before:.1f}, after: {os.getloadavg()[0]:.1f}."
        skipped = [f"- {s.name}: {s.unavailable}" for s in chosen if s.unavailable]
        # Failures outside a scenario (a server that died, a port left bound) have no cell of their own.
        problems = [f"- {r['server']} round {r['round']} {r['scenario']}: {r['error']}"
                    for r in record.get("throughput", []) if "error" in r and r["scenario"].startswith("(")]
        text = "\n\n".join([header] + tables + (["Not run:\n" + "\n".join(skipped)] if skipped else [])
                           + (["Problems:\n" + "\n".join(problems)] if problems else [])) + "\n"
        with open(os.path.join(run_dir, "results.json"), "w") as f:
            json.dump(record, f, indent=1, default=str)
        with open(os.path.join(run_dir, "table.md"), "w") as f:
            f.write(text)
        print("\n" + text, flush=True)
    finally:
        procs.stop_all()


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except SystemExit as e:
        if isinstance(e.code, int) and e.code > 128:
            print(f"\n== interrupted by signal {e.code - 128}; every process the benchmark started is stopped",
                  flush=True)
        raise
