"""Summarises what benchmarks/load/profile.sh collected: python3 profile_summary.py OUTDIR CONNECTIONS...

Per concurrency: req/s and p99 (wrk), server task clock and context switches per second (perf stat), events per
epoll_wait (the tracepoint's return values), GC collections and allocation per second (dotnet-counters, measured
seconds only, i.e. after the first 6 s of the run), the kernel's share of the samples and the top symbols."""
import csv
import os
import re
import subprocess
import sys


def epoll_returns(path):
    out = subprocess.run(["perf", "script", "-i", path, "-F", "trace"], capture_output=True, text=True).stdout
    return sorted(int(m, 16) for m in re.findall(r"0x([0-9a-f]+)", out))


def pct(values, q):
    return values[min(len(values) - 1, int(len(values) * q))] if values else 0


def counters(path):
    if not os.path.exists(path):
        return {}
    rows = list(csv.reader(open(path)))[1:]
    series = {}
    for row in rows:
        if len(row) < 5:
            continue
        series.setdefault(row[2], []).append(float(row[4]))
    def steady(name):
        v = series.get(name, [])[6:22]  # seconds 6..22 of the 26 s run: after the connect burst, before the end
        return sum(v) / len(v) if v else float("nan")
    return {
        "gen0/s": steady("dotnet.gc.collections ({collection} / 1 sec)[gc.heap.generation=gen0]"),
        "gen1/s": steady("dotnet.gc.collections ({collection} / 1 sec)[gc.heap.generation=gen1]"),
        "gen2/s": steady("dotnet.gc.collections ({collection} / 1 sec)[gc.heap.generation=gen2]"),
        "alloc MB/s": steady("dotnet.gc.heap.total_allocated (By / 1 sec)") / 1e6,
        "GC pause ms/s": steady("dotnet.gc.pause.time (s / 1 sec)") * 1000,
    }


def wrk(path):
    text = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    timeouts = re.search(r"timeout (\d+)", text)
    return rps, float(p99.group(1)) * scale, int(timeouts.group(1)) if timeouts else 0


def stat(path):
    text = open(path).read()
    clock = float(re.search(r"([\d.]+) msec task-clock", text).group(1))
    switches = int(re.search(r"([\d,]+)\s+context-switches", text).group(1).replace(",", ""))
    return clock / 4000, switches / 4


def main(out, conns):
    for c in conns:
        base = os.path.join(out, f"c{c}")
        rps, p99, timeouts = wrk(base + ".wrk.txt")
        cpu, cs = stat(base + ".stat.txt")
        ev = epoll_returns(base + ".epoll.data")
        print(f"c={c}: {rps:,.0f} req/s, p99 {p99:.2f} ms, timeouts {timeouts}; server CPU {cpu:.0%}, "
              f"{rps / cpu if cpu else 0:,.0f} req per CPU-s, {cs:,.0f} context switches/s")
        if ev:
            print(f"  epoll_wait: {len(ev) / 2:,.0f}/s, events per poll mean {sum(ev) / len(ev):.1f}, p50 {pct(ev, .5)}, "
                  f"p90 {pct(ev, .9)}, p99 {pct(ev, .99)}, max {ev[-1]}, zero-event polls {sum(1 for e in ev if e == 0)}")
        k = counters(base + ".counters.csv")
        if k:
            print("  " + ", ".join(f"{n} {v:.2f}" for n, v in k.items()))
        dso = subprocess.run(["perf", "report", "-i", base + ".perf.data", "--no-children", "--sort", "dso", "--stdio",
                              "-g", "none"], capture_output=True, text=True).stdout
        print("  samples by DSO: " + "; ".join(" ".join(l.split()) for l in dso.splitlines() if "%" in l and not l.startswith("#"))[:400])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
