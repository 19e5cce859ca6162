"""Fault injection: a well-behaved client measures success rate and p99 latency while faults are injected.

    benchmarks/faults/run.sh [--seconds 20] [--port 9520] [--only NAME,...] [--unpaired] [--smoke]

Each fault runs against a fresh benchmarks/faults/FaultServer (Squall, loop pinned to one core) for --seconds while
the measured client (4 keep-alive connections, GET /plaintext in a closed loop, every response checked) runs beside
it. Faults: connections reset mid-request and mid-response; slow-loris connections; a handler throwing on 10% of its
requests; a handler blocking the loop 50 ms on 1% (the slow-callback warning must name it); a descriptor limit low
enough that accept hits EMFILE (logged once, accepting again after); the executor saturated with long work; readers
taking 1 KiB/s of large responses (server memory must stay bounded). Goal: >= 99.9% success and p99 <= 2x baseline
in every fault but the deliberate blocking, and the server never exits. Prints the table; exit 1 if a goal fails.
Each fault's p99 is compared with a baseline run just before it (--unpaired: one baseline at the start). The measured
client and the injector are separate processes, the injector niced, so the injector's own work stays out of the
measured latencies.
"""
import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "soak"))
import mixclient  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RESULTS = os.path.join(ROOT, "benchmarks", "results")
HOST = "127.0.0.1"


def build():
    out = os.path.join(RESULTS, ".faults-bin")
    subprocess.run(["dotnet", "build", os.path.join(ROOT, "benchmarks/faults/FaultServer/FaultServer.csproj"), "-c", "Release",
                    "-o", out, "-v", "q", "-nologo"], check=True, stdout=subprocess.DEVNULL)
    return os.path.join(out, "FaultServer.dll")


class Server:
    def __init__(self, dll, port, cpu, fd_limit=None):
        inner = f"exec dotnet '{dll}' --port {port}"
        if fd_limit:
            inner = f"ulimit -n {fd_limit} && " + inner
        if cpu and shutil.which("taskset"):
            inner = inner.replace("exec dotnet", f"exec taskset -c {cpu} dotnet")
        self.log_path = os.path.join(RESULTS, f"faults-server-{port}.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(["bash", "-c", inner], stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.proc.stdout.readline()
        if "Serving on" not in line:
            raise SystemExit(f"the fault server did not start: {line!r}")
        self.port = port

    def cpu_seconds(self):
        """User + system CPU time the server has used so far."""
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_kib(self):
        return mixclient.proc_sample(self.proc.pid)[0]

    def alive(self):
        return self.proc.poll() is None

    def log_text(self):
        self.log.flush()
        with open(self.log_path) as f:
            return f.read()

    def stop(self):
        if self.alive():
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


async def measured_client(port, deadline, stats):
    await asyncio.gather(*[mixclient.run_kind("keepalive", HOST, port, deadline, stats, random.Random(i)) for i in range(4)])


async def resets(port, deadline, notes, rate=1000, processes=2):
    """Connections reset mid-request and mid-response at `rate` per second (resetter.py: non-blocking sockets), from
    `processes` processes so that one busy Python process does not cap the rate."""
    seconds = str(max(0.0, deadline - time.monotonic()))
    procs = [await asyncio.create_subprocess_exec(
        sys.executable, os.path.join(os.path.dirname(__file__), "resetter.py"), "--port", str(port),
        "--seconds", seconds, "--rate", str(rate // processes), stdout=asyncio.subprocess.PIPE) for _ in range(processes)]
    counts = {}
    for proc in procs:
        out, _ = await proc.communicate()
        for k, v in json.loads(out.decode().strip().splitlines()[-1]).items():
            counts[k] = counts.get(k, 0) + v
    notes.append(f"{counts['mid-request'] + counts['mid-response']} resets ({counts['per second']:.0f}/s; "
                 f"{counts['mid-request']} mid-request, {counts['mid-response']} mid-response, {counts['failed']} connects failed)")


def listen_overflows():
    """The kernel's count of connections dropped because a listen queue was full (TcpExt ListenOverflows; for the
    whole network namespace, so other processes' listeners count too)."""
    with open("/proc/net/netstat") as f:
        lines = f.read().splitlines()
    for names, values in zip(lines[::2], lines[1::2]):
        if names.startswith("TcpExt:"):
            return int(dict(zip(names.split()[1:], values.split()[1:]))["ListenOverflows"])
    return 0


async def slowloris(port, deadline, notes, connections=5000):
    """Connections that send a request head one byte at a time, every few seconds."""
    writers = []
    for _ in range(connections):
        try:
            _, writer = await mixclient.connect(HOST, port)
            writer.write(b"GET /plaintext HTTP/1.1\r\nX-Slow: ")
            writers.append(writer)
        except OSError:
            break
    notes.append(f"{len(writers)} slow-loris connections")
    while time.monotonic() < deadline:
        await asyncio.sleep(2)
        for w in writers:
            if not w.is_closing():
                w.write(b"a")
    for w in writers:
        w.close()


async def hammer(port, path, deadline, notes, concurrency=4):
    """Clients requesting `path` in a loop; counts the statuses they got."""
    statuses = {}

    async def loop():
        reader = writer = None
        while time.monotonic() < deadline:
            try:
                if writer is None:
                    reader, writer = await mixclient.connect(HOST, port)
                writer.write(f"GET {path} HTTP/1.1\r\nHost: f\r\n\r\n".encode())
                status, _, _ = await asyncio.wait_for(mixclient.read_response(reader), 60)
                statuses[status] = statuses.get(status, 0) + 1
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, mixclient.ProtocolError):
                statuses["error"] = statuses.get("error", 0) + 1
                writer = None
        if writer is not None:
            writer.close()

    await asyncio.gather(*[loop() for _ in range(concurrency)])
    notes.append(f"{path}: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=str)))


async def fd_flood(port, deadline, notes, count=400):
    """More idle connections than the server has descriptors; they leave halfway through the phase."""
    writers = []
    for _ in range(count):
        try:
            _, writer = await mixclient.connect(HOST, port)
            writers.append(writer)
        except OSError:
            break
    await asyncio.sleep(max(0.0, (deadline - time.monotonic()) / 2))
    for w in writers:
        w.close()
    notes.append(f"{len(writers)} idle connections against a limit of 256 descriptors")


async def slow_readers(port, deadline, notes, server_pid, readers=20):
    """Readers of a 4 MiB response that take 1 KiB per second."""
    rss_before = mixclient.proc_sample(server_pid)[0]

    async def one():
        try:
            reader, writer = await mixclient.connect(HOST, port)
            sock = writer.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            writer.write(b"GET /big/4096 HTTP/1.1\r\nHost: f\r\n\r\n")
            while time.monotonic() < deadline:
                if not await reader.read(1024):
                    break
                await asyncio.sleep(1)
            writer.close()
        except OSError:
            pass

    await asyncio.gather(*[one() for _ in range(readers)])
    growth = (mixclient.proc_sample(server_pid)[0] - rss_before) / 1024
    notes.append(f"{readers} readers at 1 KiB/s of 4 MiB each; server RSS grew {growth:.1f} MiB (80 MiB if buffered whole)")
    return growth < 40


FAULTS = ["baseline", "resets", "slowloris", "throwing", "blocking", "fd-limit", "executor", "slow-reader"]


async def inject(name, port, seconds, server_pid):
    """The injector of one fault (run in its own, niced process: see run_phase). Returns (notes, ok)."""
    notes = []
    ok = True
    deadline = time.monotonic() + seconds
    if name == "resets":
        await resets(port, deadline, notes)
    elif name == "slowloris":
        await slowloris(port, deadline, notes)
    elif name == "throwing":
        await hammer(port, "/flaky", deadline, notes)
    elif name == "blocking":
        await hammer(port, "/block", deadline, notes)
    elif name == "fd-limit":
        await fd_flood(port, deadline, notes)
    elif name == "executor":
        await hammer(port, "/work", deadline, notes, concurrency=64)
    elif name == "slow-reader":
        ok = await slow_readers(port, deadline, notes, server_pid)
    return notes, ok


async def measure(port, seconds):
    """The well-behaved client's run (in its own process): its stats as a dict."""
    stats = mixclient.Stats("measured")
    await measured_client(port, time.monotonic() + seconds, stats)
    return {"ok": stats.ok, "errors": stats.errors, "non2xx": stats.non2xx, "error_kinds": stats.error_kinds,
            "latencies": stats.latencies}


async def child(*argv, nice=0):
    """Runs this script in another process with `argv`; returns the JSON it prints last."""
    cmd = [sys.executable, os.path.abspath(__file__)] + [str(a) for a in argv]
    if nice:
        cmd = ["nice", "-n", str(nice)] + cmd
    proc = await asyncio.create_subprocess_exec(*cmd, stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    lines = out.decode().strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode})")
    return json.loads(lines[-1])


async def run_phase(name, dll, port, seconds, cpu):
    server = Server(dll, port, cpu, fd_limit=256 if name == "fd-limit" else None)
    stats = mixclient.Stats(name)
    notes = []
    extra_ok = True
    try:
        # A warm-up request so the measured client does not pay for the JIT.
        warm = mixclient.Stats("warm")
        await mixclient.run_kind("keepalive", HOST, port, time.monotonic() + 1, warm, random.Random(0))
        # The measured client and the injector are separate processes, and the injector runs niced: a hostile client
        # on the same two cores must take CPU from the server, not from the client that measures it (the Python
        # event loop of an injector in the same process as the measured client put its own delays into the p99).
        cpu_before, wall_before, overflows_before = server.cpu_seconds(), time.monotonic(), listen_overflows()
        measured = asyncio.create_task(child("--role", "measured", "--port", port, "--seconds", seconds))
        await asyncio.sleep(0.2)  # the measured client's connections first (the fd flood must not starve them)
        if name != "baseline":
            injected = await child("--role", "inject", "--fault", name, "--port", port, "--seconds", seconds - 0.2,
                                   "--server-pid", server.proc.pid, nice=10)
            notes += injected["notes"]
            extra_ok = injected["ok"]
        result = await measured
        stats.ok, stats.errors, stats.non2xx = result["ok"], result["errors"], result["non2xx"]
        stats.error_kinds, stats.latencies = result["error_kinds"], result["latencies"]
        notes.append(f"server cpu {100 * (server.cpu_seconds() - cpu_before) / (time.monotonic() - wall_before):.0f}%, "
                     f"listen overflows {listen_overflows() - overflows_before}")
        await asyncio.sleep(0.5)
        log = server.log_text()
        if name == "blocking":
            named = "(handling GET /block)" in log
            notes.append("slow-callback warning names GET /block" if named else "NO slow-callback warning named /block")
            extra_ok = extra_ok and named
        if name == "fd-limit":
            starved = len(re.findall(r"Out of file descriptors", log))
            again = "Accepting connections again" in log
            notes.append(f"'out of descriptors' logged {starved}x, accepting again: {again}")
            extra_ok = extra_ok and starved == 1 and again
        if name == "throwing":
            notes.append(f"{log.count('injected failure')} handler exceptions logged")
        alive = server.alive()
        if not alive:
            notes.append(f"SERVER EXITED ({server.proc.returncode})")
        return stats, notes, extra_ok and alive
    finally:
        server.stop()


async def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--port", type=int, default=9520)
    ap.add_argument("--server-cpu", default="0")
    ap.add_argument("--only", default="")
    ap.add_argument("--role", choices=["main", "measured", "inject"], default="main", help=argparse.SUPPRESS)
    ap.add_argument("--fault", help=argparse.SUPPRESS)
    ap.add_argument("--server-pid", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--unpaired", action="store_true",
                    help="one baseline for all faults, instead of a fresh baseline run just before each fault")
    ap.add_argument("--smoke", action="store_true",
                    help="judge correctness only (success rate, server alive, logs), not p99: for CI on a busy machine")
    args = ap.parse_args()
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 20000), hard))
    if args.role == "measured":
        print(json.dumps(await measure(args.port, args.seconds)))
        return
    if args.role == "inject":
        notes, ok = await inject(args.fault, args.port, args.seconds, args.server_pid)
        print(json.dumps({"notes": notes, "ok": ok}))
        return
    os.makedirs(RESULTS, exist_ok=True)
    dll = build()
    wanted = [f for f in FAULTS if not args.only or f in args.only.split(",") or f == "baseline"]
    # On a shared machine the load moves in a minute by more than any fault costs, so by default every fault is judged
    # against a baseline run just before it (paired), not against one run at the start.
    paired = not args.unpaired and not args.smoke
    rows = []
    baseline_p99 = None
    port = args.port
    for name in wanted:
        if paired and name != "baseline":
            base, _, _ = await run_phase("baseline", dll, port, args.seconds, args.server_cpu)
            port += 1
            baseline_p99 = base.p(0.99) * 1000
        stats, notes, ok = await run_phase(name, dll, port, args.seconds, args.server_cpu)
        port += 1
        total = stats.ok + stats.errors + stats.non2xx
        rate = stats.ok / total if total else 0.0
        p99 = stats.p(0.99) * 1000
        if name == "baseline":
            baseline_p99 = p99
        ratio = p99 / baseline_p99 if baseline_p99 else float("nan")
        goal = ok and rate >= 0.999 and (args.smoke or name == "blocking" or ratio <= 2.0)
        rows.append((name, total, rate, p99, baseline_p99, ratio, goal, notes, stats.error_kinds))
        print(f"{name}: {total} requests, {rate * 100:.3f}% ok, p99 {p99:.1f} ms (baseline {baseline_p99:.1f}); " + "; ".join(notes), flush=True)

    print(f"\nfaults: {args.seconds:.0f} s per fault, server on cpu {args.server_cpu}; load {open('/proc/loadavg').read().split()[:3]}")
    print(f"{'fault':<12}{'requests':>9}{'success %':>11}{'p99 ms':>9}{'base ms':>9}{'p99/base':>10}  goal  notes")
    for name, total, rate, p99, base, ratio, goal, notes, kinds in rows:
        print(f"{name:<12}{total:>9}{rate * 100:>11.3f}{p99:>9.1f}{base:>9.1f}{ratio:>10.2f}  {'PASS' if goal else 'FAIL'}  {'; '.join(notes)}"
              + (f" errors: {kinds}" if kinds else ""))
    sys.exit(0 if all(r[6] for r in rows) else 1)


if __name__ == "__main__":
    asyncio.run(main())
