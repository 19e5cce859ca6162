"""Where a keep-alive run's latency tail comes from (issue 16, goal 2), server by server in one run:

    /usr/bin/python3 benchmarks/load/tail.py --server squall=DIR/HelloWorld --server kestrel=DIR/KestrelMinimal \\
        --server nginx --connections 256

Each server runs alone on CPU 0 (wrk -t1 on CPU 1), is warmed (--warmup s at the same concurrency), then wrk runs
--duration s; from 5 s in, `perf record` takes 3 s of the epoll_wait enter/exit tracepoints and of sched_switch on
CPU 0. From them: the loop's work between two polls (exit -> next enter of the same thread: one iteration's
handling), the time it waited in epoll_wait, events per poll, and every time the server's thread left CPU 0 while
still runnable (preempted) with what ran instead and how long the server waited. Printed beside wrk's req/s, p50,
p99, max and wrk's own CPU share. `--server nginx` starts Debian's nginx with the harness's configuration. Needs
linux-perf and wrk; run it under the machine's exclusive lock.
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import time

import procs
import servers
import wrkrun


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))] if values else 0.0


LINE = re.compile(r"^\s*(?P<comm>.+?)\s+(?P<tid>\d+)\s+\[(?P<cpu>\d+)\]\s+(?P<ts>[\d.]+):\s+(?P<event>[\w:]+):\s*(?P<rest>.*)$")


def analyse(script_text, pid):
    tids = set(int(t) for t in os.listdir(f"/proc/{pid}/task")) if os.path.isdir(f"/proc/{pid}/task") else {pid}
    work, wait, events = [], [], []
    last_exit, last_enter = {}, {}
    preempted_by = collections.Counter()
    off_cpu = []  # ms a preempted server thread waited for CPU 0
    preempt_at = {}
    other_server_threads = 0.0
    for line in script_text.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        tid, ts, event, rest = int(m["tid"]), float(m["ts"]), m["event"], m["rest"]
        if event == "syscalls:sys_enter_epoll_wait" and tid in tids:
            if tid in last_exit:
                work.append((ts - last_exit[tid]) * 1000)
            last_enter[tid] = ts
        elif event == "syscalls:sys_exit_epoll_wait" and tid in tids:
            if tid in last_enter:
                wait.append((ts - last_enter[tid]) * 1000)
            last_exit[tid] = ts
            r = re.search(r"0x([0-9a-f]+)", rest)
            if r:
                events.append(int(r.group(1), 16))
        elif event == "sched:sched_switch":
            s = re.search(r"prev_comm=(.*?) prev_pid=(\d+) .*prev_state=(\S+) ==> next_comm=(.*?) next_pid=(\d+)", rest)
            if not s:
                continue
            prev_pid, state, next_comm, next_pid = int(s.group(2)), s.group(3), s.group(4), int(s.group(5))
            if prev_pid in tids and state.startswith("R"):
                preempted_by[next_comm if next_pid not in tids else "(another thread of the server)"] += 1
                preempt_at[prev_pid] = ts
            if next_pid in preempt_at:
                off_cpu.append((ts - preempt_at.pop(next_pid)) * 1000)
    return work, wait, events, preempted_by, off_cpu


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("--server", action="append", required=True, metavar="NAME=EXECUTABLE or nginx")
    p.add_argument("--connections", type=int, default=256)
    p.add_argument("--duration", type=int, default=12)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--path", default="/plaintext")
    args = p.parse_args(argv)
    procs.install_signal_handlers()
    print(f"load average before {os.getloadavg()[0]:.2f}", flush=True)
    try:
        for spec in args.server:
            name, _, exe = spec.partition("=")
            if name == "nginx" and not exe:
                argv_s = [servers.NGINX] + servers._nginx_args(port := procs.free_port())
            else:
                port = procs.free_port()
                argv_s = [exe] + (["--urls", f"http://127.0.0.1:{port}"] if "Kestrel" in exe
                                  else ["--port", str(port), "--address", "127.0.0.1"])
            proc = procs.spawn(["taskset", "-c", "0"] + argv_s, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               stdin=subprocess.DEVNULL)
            try:
                if not procs.wait_until(lambda: _answers(port, args.path), timeout=60):
                    raise RuntimeError(f"{name} did not answer")
                url = f"http://127.0.0.1:{port}{args.path}"
                sc = wrkrun.Scenario(args.path, args.path, args.connections, 1)
                if args.warmup:
                    wrkrun.run(sc, url, args.warmup, 1, proc.pid, "/dev/null")
                data = f"/tmp/tail-{os.getpid()}-{name}.data"
                rec = None

                def record():
                    time.sleep(5)
                    return subprocess.run(["perf", "record", "-q", "-e", "syscalls:sys_enter_epoll_wait", "-e",
                                           "syscalls:sys_exit_epoll_wait", "-e", "sched:sched_switch", "-C", "0",
                                           "-o", data, "--", "sleep", "3"], capture_output=True, timeout=60)
                import threading
                t = threading.Thread(target=lambda: record())
                t.start()
                r = wrkrun.run(sc, url, args.duration, 1, proc.pid, f"/tmp/tail-{os.getpid()}-{name}.wrk.txt")
                t.join()
                text = subprocess.run(["perf", "script", "-i", data], capture_output=True, text=True).stdout
                os.remove(data)
                work, wait, events, preempted_by, off_cpu = analyse(text, proc.pid)
                wrk_text = open(f"/tmp/tail-{os.getpid()}-{name}.wrk.txt").read()
                mx = re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", wrk_text)
                print(f"\n== {name}: {r.rps:,.0f} req/s, p50 {r.p50_ms:.2f} ms, p99 {r.p99_ms:.2f} ms, max {mx.group(1) if mx else '?'}; "
                      f"mean latency by Little's law (c / req/s) {args.connections / r.rps * 1000:.2f} ms; "
                      f"server CPU {r.server_cpu:.0%}, wrk CPU {r.wrk_cpu:.0%}, errors {r.errors}", flush=True)
                if events:
                    print(f"   polls {len(events) / 3:,.0f}/s; events per poll mean {sum(events) / len(events):.1f}, "
                          f"p50 {pct(events, .5)}, p90 {pct(events, .9)}, p99 {pct(events, .99)}, max {max(events)}")
                if work:
                    print(f"   work between polls (ms): p50 {pct(work, .5):.3f}, p90 {pct(work, .9):.3f}, p99 {pct(work, .99):.3f}, "
                          f"max {max(work):.3f}; waiting in epoll_wait (ms): p50 {pct(wait, .5):.3f}, p99 {pct(wait, .99):.3f}, "
                          f"share of time {sum(wait) / max(1e-9, sum(wait) + sum(work)):.0%}")
                print(f"   preempted while runnable: {sum(preempted_by.values()) / 3:,.1f}/s; by "
                      + (", ".join(f"{c} ×{n}" for c, n in preempted_by.most_common(6)) or "nothing")
                      + (f"; waited for the CPU p50 {pct(off_cpu, .5):.3f} ms, max {max(off_cpu):.3f} ms" if off_cpu else ""),
                      flush=True)
            finally:
                procs.stop(proc)
    finally:
        procs.stop_all()
    print(f"\nload average after {os.getloadavg()[0]:.2f}")


def _answers(port, path):
    try:
        return servers.fetch(port, path, timeout=1.0)[0] == 200
    except OSError:
        return False


if __name__ == "__main__":
    main(sys.argv[1:])
