"""One wrk run: the command, its output parsed, and the CPU each side used."""
import os
import re
import resource
import subprocess
import time
from dataclasses import dataclass

import procs

PIPELINE_LUA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pipeline.lua")


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    connections: int
    depth: int  # requests per write; 1 = plain keep-alive
    routes_only: bool = False  # a path only the 1,000-route apps answer
    headers: tuple = ()  # extra request headers ("Connection: close" makes wrk open a new connection per request)

    @property
    def pipelined(self):
        return self.depth > 1


SCENARIOS = [
    Scenario("plaintext c64", "/plaintext", 64, 1),
    Scenario("plaintext c256", "/plaintext", 256, 1),
    Scenario("plaintext pipelined x16 c64", "/plaintext", 64, 16),
    Scenario("plaintext pipelined x16 c256", "/plaintext", 256, 16),
    Scenario("json c256", "/json", 256, 1),
]

# The tls suite (issue 10): HTTPS keep-alive, and a new TLS connection (full handshake) for every request: the
# server answers Connection: close and wrk reconnects, so req/s is new TLS connections per second.
TLS_SCENARIOS = [
    Scenario("https plaintext c256", "/plaintext", 256, 1),
    Scenario("https new connection per request c32", "/plaintext", 32, 1, headers=("Connection: close",)),
]

# The routes suite (issue 16, goal 4): the first and last literal and typed routes of the 1,000-route app, pipelined
# x16 at 64 connections, and /plaintext on the same servers for the "1,000 routes vs 4" comparison.
ROUTE_SCENARIOS = [
    Scenario("first literal /users0/list", "/users0/list", 64, 16, True),
    Scenario("last literal /events999/list", "/events999/list", 64, 16, True),
    Scenario("first typed /api/orders1/5", "/api/orders1/5", 64, 16, True),
    Scenario("last typed /api/invoices997/5", "/api/invoices997/5", 64, 16, True),
    Scenario("last string /v3/products998/bob/detail", "/v3/products998/bob/detail", 64, 16, True),
    Scenario("plaintext pipelined x16 c64", "/plaintext", 64, 16),
]


@dataclass
class WrkResult:
    rps: float
    requests: int
    p50_ms: float
    p99_ms: float
    mean_ms: float  # wrk's mean latency (per write)
    batch_mean_ms: float  # connections x depth / req/s: the mean time a pipelined batch waits (Little's law)
    errors: int  # socket errors + non-2xx/3xx responses
    wrk_cpu: float  # share of one core wrk used (1.0 = saturated: wrk was the limit)
    server_cpu: float  # share of one core the server used


def run(scenario, url, duration, wrk_cpu, server_pid, out_path):
    """Runs wrk once; raises RuntimeError when wrk fails or overruns its time."""
    argv = ["taskset", "-c", str(wrk_cpu), "wrk", "-t1", f"-c{scenario.connections}", f"-d{duration}s",
            "--latency", "--timeout", "5s"]
    for header in scenario.headers:
        argv += ["-H", header]
    if scenario.pipelined:
        argv += ["-s", PIPELINE_LUA, url, "--", str(scenario.depth)]
    else:
        argv += [url]
    server_cpu0 = procs.cpu_seconds(server_pid)
    children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    proc = procs.spawn(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        output, _ = proc.communicate(timeout=duration + 30)
    except subprocess.TimeoutExpired:
        procs.stop(proc)
        raise RuntimeError(f"wrk ran past {duration + 30} s")
    procs.stop(proc)  # already exited; removes it from the registry
    wall = time.monotonic() - t0
    server_cpu = (procs.cpu_seconds(server_pid) - server_cpu0) / wall
    children1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Only wrk (and taskset, which exec's it) is reaped between the two readings.
    wrk_seconds = (children1.ru_utime - children0.ru_utime) + (children1.ru_stime - children0.ru_stime)
    text = output.decode("utf-8", "replace")
    with open(out_path, "w") as f:
        f.write(" ".join(argv) + "\n" + text)
    if proc.returncode != 0:
        raise RuntimeError(f"wrk exited {proc.returncode}: {text.strip()[-300:]}")
    return parse(text, scenario, wrk_seconds / wall, server_cpu)


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
_LATENCY = r"([\d.]+)(us|ms|s|m)\b"


def _ms(value, unit):
    return float(value) * _UNITS_MS[unit]


def parse(text, scenario, wrk_cpu, server_cpu):
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if not rps:
        raise RuntimeError(f"no Requests/sec in wrk output: {text.strip()[-300:]}")
    rps = float(rps.group(1))
    requests = re.search(r"(\d+) requests in", text)
    percentiles = {p: _ms(v, u) for p, v, u in re.findall(r"^\s+(50|75|90|99)%\s+" + _LATENCY, text, re.M)}
    mean = re.search(r"^\s+Latency\s+" + _LATENCY, text, re.M)
    socket_errors = re.search(r"Socket errors:([^\n]*)", text)
    errors = sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1))) if socket_errors else 0
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors += int(non2xx.group(1)) if non2xx else 0
    batch = scenario.connections * scenario.depth / rps * 1000.0 if rps > 0 else float("nan")
    return WrkResult(
        rps=rps,
        requests=int(requests.group(1)) if requests else 0,
        p50_ms=percentiles.get("50", float("nan")),
        p99_ms=percentiles.get("99", float("nan")),
        mean_ms=_ms(*mean.groups()) if mean else float("nan"),
        batch_mean_ms=batch,
        errors=errors,
        wrk_cpu=wrk_cpu,
        server_cpu=server_cpu,
    )
