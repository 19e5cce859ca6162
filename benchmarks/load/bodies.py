"""Issue 16, goal 6: 100 MiB bodies. Each server takes its turn (server on CPU 0, curl on CPU 1): upload 100 MiB to a
streaming handler with Content-Length and chunked, download a 100 MiB static file; MB/s, the server's CPU seconds and
its peak RSS during each transfer (VmHWM, reset before each one through /proc/PID/clear_refs)."""
import dataclasses
import os
import shutil
import subprocess
import tempfile
import time

import procs
import report
import servers as servers_mod

SIZE = 100 * 1024 * 1024
OPS = ("upload Content-Length", "upload chunked", "download static file")


def _static_args(server, root):
    if server.name.startswith("squall"):
        return ["--static", root]
    if server.name.startswith("kestrel"):
        return ["--StaticRoot", root]
    return None


def _hwm_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def _reset_hwm(pid):
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")  # resets the peak RSS to the current RSS


def _curl(op, port, big, client_cpu):
    url = f"http://127.0.0.1:{port}"
    base = ["taskset", "-c", str(client_cpu), "curl", "-s", "--max-time", "120", "-w", "%{http_code} %{time_total}"]
    if op == "download static file":
        return base + ["-o", "/dev/null", url + "/static/big.bin"], None
    argv = base + ["-X", "POST", "--data-binary", "@" + big, "-H", "Content-Type: application/octet-stream", "-H", "Expect:"]
    if op == "upload chunked":
        argv += ["-H", "Transfer-Encoding: chunked"]
    return argv + [url + "/upload-stream"], str(SIZE)


def _transfer(op, running, big, client_cpu):
    argv, expected_body = _curl(op, running.port, big, client_cpu)
    body_file = tempfile.NamedTemporaryFile(prefix="squall-bodies-", delete=False)
    body_file.close()
    if expected_body is not None:
        argv = argv[:4] + ["-o", body_file.name] + argv[4:]
    rss0 = procs.vm_rss_kib(running.pid)
    _reset_hwm(running.pid)
    cpu0 = procs.cpu_seconds(running.pid)
    done = subprocess.run(argv, capture_output=True, timeout=180)
    cpu = procs.cpu_seconds(running.pid) - cpu0
    peak = _hwm_kib(running.pid)
    with open(body_file.name, "rb") as f:
        answer = f.read().decode("utf-8", "replace").strip()
    os.unlink(body_file.name)
    out = done.stdout.decode().split()
    if done.returncode != 0 or len(out) != 2 or out[0] != "200":
        raise RuntimeError(f"{op}: curl exit {done.returncode}, {done.stdout!r} {done.stderr[-200:]!r}")
    if expected_body is not None and answer != expected_body:
        raise RuntimeError(f"{op}: server counted {answer!r}, expected {expected_body}")
    seconds = float(out[1])
    return {"mb_s": SIZE / seconds / 1e6, "seconds": seconds, "server_cpu_s": cpu, "rss_before_kib": rss0,
            "peak_rss_kib": peak}


def run(ready, run_dir, args, server_cpu, client_cpu):
    work = tempfile.mkdtemp(prefix="squall-bodies-")
    big = os.path.join(work, "big.bin")
    with open(big, "wb") as f:
        for _ in range(SIZE // (1024 * 1024)):
            f.write(os.urandom(1024 * 1024))
    rows = []
    try:
        for round_no in range(1, args.rounds + 1):
            for s in ready:
                extra = _static_args(s, work)
                if extra is None:
                    continue
                served = dataclasses.replace(s, make_args=lambda port, s=s, extra=extra: s.make_args(port) + extra)
                print(f"== bodies round {round_no}/{args.rounds}: {s.name}", flush=True)
                running = servers_mod.start(served, server_cpu, os.path.join(run_dir, f"{s.name}-bodies{round_no}-server.log"))
                try:
                    for op in OPS:
                        _transfer(op, running, big, client_cpu)  # unmeasured: JIT, page cache, pools
                        r = _transfer(op, running, big, client_cpu)
                        rows.append({"server": s.name, "scenario": op, "round": round_no, **r})
                        print(f"   {op:24} {r['mb_s']:8.0f} MB/s  server CPU {r['server_cpu_s']:.2f} s  "
                              f"RSS {r['rss_before_kib'] / 1024:.0f} MiB, peak {r['peak_rss_kib'] / 1024:.0f} MiB", flush=True)
                except Exception as e:
                    print(f"-- {s.name}: {e}", flush=True)
                    rows.append({"server": s.name, "scenario": "(server)", "round": round_no, "error": str(e)})
                finally:
                    servers_mod.stop(running)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows


def table(rows, ready, baseline="kestrel"):
    lines = ["| server | transfer (100 MiB) | MB/s (median) | × Kestrel | server CPU s | MB per server CPU-s | RSS before | peak RSS during | runs |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    def med(server, op, key):
        return report.median([r[key] for r in rows if r["server"] == server and r["scenario"] == op and "error" not in r])
    for op in OPS:
        base = med(baseline, op, "mb_s")
        for s in ready:
            runs = [r for r in rows if r["server"] == s.name and r["scenario"] == op and "error" not in r]
            if not runs:
                continue
            mb, cpu = med(s.name, op, "mb_s"), med(s.name, op, "server_cpu_s")
            lines.append(f"| {s.label} | {op} | {mb:.0f} | {mb / base:.2f}× | {cpu:.2f} | {SIZE / 1e6 / cpu if cpu else float('nan'):.0f} | "
                         f"{med(s.name, op, 'rss_before_kib') / 1024:.1f} MiB | {med(s.name, op, 'peak_rss_kib') / 1024:.1f} MiB | {len(runs)} |")
    return "\n".join(lines)
