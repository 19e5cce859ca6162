"""Side-by-side runs of already-built servers (a before/after pair and a peer), without loadbench's builds:

    /usr/bin/python3 benchmarks/load/abtest.py --rounds 3 --duration 8 --warmup 12 \\
        --server before=/tmp/b/HelloWorld --server after=/tmp/a/HelloWorld --server kestrel=/tmp/k/KestrelMinimal \\
        --path /plaintext --connections 256 --depth 16

Servers take turns inside each round (server on CPU 0, wrk -t1 on CPU 1, a fresh process per turn, warmed up on
the measured paths); medians of the rounds and ratios to the last --server are printed with the load average and
CPU steal over the run. A server whose name starts with "kestrel" gets --urls, the others --port/--address.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

import procs
import servers
import wrkrun


def steal_jiffies():
    with open("/proc/stat") as f:
        fields = f.readline().split()[1:]
    return int(fields[7]), sum(int(x) for x in fields)


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("--server", action="append", required=True, metavar="NAME=EXECUTABLE")
    p.add_argument("--path", action="append", required=True)
    p.add_argument("--connections", type=int, default=256)
    p.add_argument("--depth", type=int, default=16)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--duration", type=int, default=8)
    p.add_argument("--warmup", type=int, default=12)
    p.add_argument("--env", action="append", default=[], metavar="NAME=KEY=VALUE", help="environment for one server")
    args = p.parse_args(argv)
    procs.install_signal_handlers()
    chosen = [s.split("=", 1) for s in args.server]
    envs = {}
    for e in args.env:
        name, kv = e.split("=", 1)
        k, v = kv.split("=", 1)
        envs.setdefault(name, {})[k] = v
    results = {}
    steal0, total0 = steal_jiffies()
    load0 = os.getloadavg()[0]
    try:
        for rnd in range(1, args.rounds + 1):
            for name, exe in chosen:
                port = procs.free_port()
                argv_s = ["taskset", "-c", "0", exe] + (["--urls", f"http://127.0.0.1:{port}"] if name.startswith("kestrel")
                                                       else ["--port", str(port), "--address", "127.0.0.1"])
                env = dict(os.environ, **envs.get(name, {}))
                proc = procs.spawn(argv_s, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env)
                try:
                    deadline = time.monotonic() + 60
                    while True:
                        try:
                            if servers.fetch(port, args.path[0], timeout=1.0)[0] == 200:
                                break
                        except OSError:
                            pass
                        if time.monotonic() > deadline or proc.poll() is not None:
                            raise RuntimeError(f"{name} did not answer {args.path[0]}")
                        time.sleep(0.05)
                    running_url = f"http://127.0.0.1:{port}"
                    for path in args.path:
                        sc = wrkrun.Scenario(path, path, args.connections, args.depth)
                        if args.warmup:
                            wrkrun.run(sc, running_url + path, max(1, args.warmup // len(args.path)), 1, proc.pid, "/dev/null")
                    for path in args.path:
                        sc = wrkrun.Scenario(path, path, args.connections, args.depth)
                        r = wrkrun.run(sc, running_url + path, args.duration, 1, proc.pid, "/dev/null")
                        results.setdefault((name, path), []).append(r)
                        print(f"round {rnd} {name:10} {path:32} {r.rps:>11,.0f} req/s  server CPU {r.server_cpu:4.0%}  "
                              f"wrk CPU {r.wrk_cpu:4.0%}  p99 {r.p99_ms:.2f} ms  errors {r.errors}", flush=True)
                finally:
                    procs.stop(proc)
    finally:
        procs.stop_all()
    steal1, total1 = steal_jiffies()
    print(f"\nload average (1 min) before {load0:.1f}, after {os.getloadavg()[0]:.1f}; "
          f"CPU steal {100.0 * (steal1 - steal0) / max(1, total1 - total0):.1f} %")
    ref = chosen[-1][0]
    # req/s, and requests per second of server CPU: on a shared machine the server often gets a fraction of its core,
    # and the second figure (work per CPU-second) is the one that load distorts least.
    for title, metric in (("req/s (median)", lambda r: r.rps),
                          ("requests per server CPU-second (median)", lambda r: r.rps / r.server_cpu if r.server_cpu else float("nan"))):
        print(f"\n{title}; ratios to {ref}\n")
        print("| path | " + " | ".join(n for n, _ in chosen) + " |")
        print("|---|" + "---:|" * len(chosen))
        for path in args.path:
            base_runs = results.get((ref, path), [])
            base = statistics.median(metric(r) for r in base_runs) if base_runs else float("nan")
            cells = []
            for name, _ in chosen:
                runs = results.get((name, path), [])
                if not runs:
                    cells.append("–")
                    continue
                m = statistics.median(metric(r) for r in runs)
                cells.append(f"{m / 1000:.1f}k ({m / base:.2f}×)" if name != ref else f"{m / 1000:.1f}k")
            print(f"| {path} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
