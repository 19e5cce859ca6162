"""Loop scaling: Squall's HelloWorld on N loops against Kestrel on the same cores, taking turns, medians.

    /usr/bin/python3 benchmarks/load/scaling.py                       # 1 and 2 loops on this 2-core machine
    /usr/bin/python3 benchmarks/load/scaling.py --loops 1,2,4,8 --cores 0:0 --cores 1:0-1 ...   # bigger machines
    /usr/bin/python3 benchmarks/load/scaling.py --quick               # smoke test: 2 s runs, 1 round, no warm-up

Each configuration is (loops N, the server's core list, wrk's core list). Squall runs `HelloWorld --loops N`
pinned with taskset to its core list; Kestrel runs pinned to the same list (its thread pool sizes itself from
the cores it may use). The defaults give 1 loop on CPU 0 and 2 loops on CPUs 0-1, with wrk on CPU 1 both times:
on a 2-core machine the 2-loop server shares a core with wrk, which is what limits that row (see docs/hosting.md).
Ports 9300-9399 (this issue's benchmark range); everything binds 127.0.0.1; every wrk run is bounded in time.
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import procs  # noqa: E402
import report  # noqa: E402
import servers as servers_mod  # noqa: E402
import wrkrun  # noqa: E402

RESULTS = os.path.join(servers_mod.REPO, "benchmarks", "results")  # git-ignored
PORTS = range(9300, 9400)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--loops", default="1,2", help="comma-separated loop counts (default 1,2)")
    p.add_argument("--cores", action="append", default=[],
                   help="N:LIST, the server's cores for N loops (default N:0-(N-1))")
    p.add_argument("--wrk-cpu", default="1", help="wrk's core list (default 1)")
    p.add_argument("--connections", type=int, default=256)
    p.add_argument("--depth", type=int, action="append", default=[],
                   help="requests per write: 1 = keep-alive, 16 = pipelined (default both)")
    p.add_argument("--duration", type=int, default=10)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--warmup", type=int, default=25)
    p.add_argument("--only", action="append", choices=["squall", "kestrel"], default=[])
    p.add_argument("--quick", action="store_true")
    a = p.parse_args(argv)
    if a.quick:
        a.duration, a.rounds, a.warmup = 2, 1, 0
    a.loops = [int(x) for x in a.loops.split(",")]
    cores = dict(c.split(":", 1) for c in a.cores)
    a.core_lists = {n: cores.get(str(n), f"0-{n - 1}" if n > 1 else "0") for n in a.loops}
    a.depth = a.depth or [1, 16]
    a.only = a.only or ["squall", "kestrel"]
    return a


def free_port_in_range():
    for port in PORTS:
        if procs.port_is_free(port):
            return port
    raise RuntimeError("no free port in 9300-9399")


def start(exe, args, cores, log_path):
    port = free_port_in_range()
    argv = ["taskset", "-c", cores, exe] + [a.replace("{port}", str(port)) for a in args]
    log = open(log_path, "w")
    log.write(" ".join(argv) + "\n")
    log.flush()
    proc = procs.spawn(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    log.close()
    t0 = time.monotonic()
    try:
        servers_mod._wait_first_200(proc, port, t0, 60.0)
        problems = servers_mod.check_endpoints(port)
        if problems:
            raise RuntimeError("; ".join(problems))
    except BaseException:
        procs.stop(proc)
        raise
    return servers_mod.Running(None, proc, port, 0.0)


def machine_state():
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    return load, cpu


def steal_share(before, after):
    delta = [b - a for a, b in zip(before, after)]
    total = sum(delta)
    return delta[7] / total if total > 0 and len(delta) > 7 else float("nan")


def main(argv):
    args = parse_args(argv)
    procs.install_signal_handlers()
    run_dir = os.path.join(RESULTS, time.strftime("scaling-%Y%m%d-%H%M%S"))
    os.makedirs(run_dir, exist_ok=True)
    catalogue = {s.name: s for s in servers_mod.catalogue()}
    chosen = {"squall": catalogue["squall-web"], "kestrel": catalogue["kestrel"]}
    chosen = {k: v for k, v in chosen.items() if k in args.only}
    for name, s in chosen.items():
        print(f"== build {s.name}", flush=True)
        error = servers_mod.build(s, os.path.join(RESULTS, "build"), os.path.join(run_dir, f"build-{s.name}.log"), 900)
        if error:
            sys.exit(f"{s.name}: {error}")
    scenarios = [wrkrun.Scenario(f"plaintext{' pipelined x%d' % d if d > 1 else ''} c{args.connections}",
                                 "/plaintext", args.connections, d) for d in args.depth]
    rows = []
    try:
        for round_no in range(1, args.rounds + 1):
            for n in args.loops:
                cores = args.core_lists[n]
                for name, s in chosen.items():
                    label = f"{name} loops={n} cores={cores}" if name == "squall" else f"{name} cores={cores}"
                    extra = ["--port", "{port}", "--address", "127.0.0.1", "--loops", str(n)] if name == "squall" \
                        else ["--urls", "http://127.0.0.1:{port}"]
                    print(f"== round {round_no}: {label}", flush=True)
                    running = start(s.executable, extra, cores, os.path.join(run_dir, f"{name}-{n}-r{round_no}.log"))
                    try:
                        if args.warmup > 0:
                            wrkrun.run(scenarios[0], running.url("/plaintext"), args.warmup, args.wrk_cpu, running.pid,
                                       os.path.join(run_dir, f"{name}-{n}-r{round_no}-warmup.txt"))
                        for sc in scenarios:
                            load0, stat0 = machine_state()
                            r = wrkrun.run(sc, running.url(sc.path), args.duration, args.wrk_cpu, running.pid,
                                           os.path.join(run_dir, f"{name}-{n}-r{round_no}-{sc.depth}.txt"))
                            _, stat1 = machine_state()
                            steal = steal_share(stat0, stat1)
                            rows.append((name, n, cores, sc.name, r.rps, r.wrk_cpu, r.server_cpu, r.errors, load0[0], steal))
                            print(f"   {sc.name:30} {r.rps:>11,.0f} req/s  wrk CPU {r.wrk_cpu:4.0%}  server CPU "
                                  f"{r.server_cpu:4.0%}  errors {r.errors}  load {load0[0]}  steal {steal:.1%}", flush=True)
                    finally:
                        servers_mod.stop(running)
    finally:
        procs.stop_all()
    print()
    # req per server CPU-second: on a machine shared with other work the server gets only a share of its cores, and
    # req/s measures that share as much as the server; requests per CPU-second it did get measure the server.
    print("| server | loops | server cores | wrk cores | scenario | req/s (median) | × same server on 1 loop | × Kestrel, same cores "
          "| req per server CPU-s | wrk CPU | server CPU | steal |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    med = {}
    for key in {(r[0], r[1], r[3]) for r in rows}:
        sel = [r for r in rows if (r[0], r[1], r[3]) == key]
        med[key] = (report.median([r[4] for r in sel]), report.median([r[5] for r in sel]),
                    report.median([r[6] for r in sel]), report.median([r[9] for r in sel]),
                    report.median([r[4] / r[6] for r in sel if r[6] > 0]))
    for sc in scenarios:
        for n in args.loops:
            for name in chosen:
                if (name, n, sc.name) not in med:
                    continue
                rps, wcpu, scpu, steal, per_cpu = med[(name, n, sc.name)]
                base = med.get((name, args.loops[0], sc.name), (float("nan"),))[0]
                kestrel = med.get(("kestrel", n, sc.name), (float("nan"),))[0]
                print(f"| {name} | {n if name == 'squall' else '–'} | {args.core_lists[n]} | {args.wrk_cpu} | {sc.name} | "
                      f"{rps:,.0f} | {rps / base:.2f} | {rps / kestrel:.2f} | {per_cpu:,.0f} | {wcpu:.0%} | {scpu:.0%} | {steal:.1%} |")
    print(f"\nraw wrk output: {os.path.relpath(run_dir, servers_mod.REPO)}")


if __name__ == "__main__":
    main(sys.argv[1:])
