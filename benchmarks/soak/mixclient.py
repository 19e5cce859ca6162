"""Asyncio HTTP/1.1 clients that check every response byte for byte: the soak and fault benchmarks' load.

Each client kind loops until a deadline and records, per request, success or the kind of failure and the latency.
Only loopback addresses are allowed (this machine's rule: load goes nowhere else).
"""
import asyncio
import os
import random
import time

LOOPBACK = ("127.0.0.1", "::1", "localhost")


class Stats:
    """Counts and latencies of one client kind."""

    def __init__(self, name):
        self.name = name
        self.ok = 0
        self.non2xx = 0
        self.errors = 0
        self.error_kinds = {}
        self.latencies = []

    def success(self, started):
        self.ok += 1
        self.latencies.append(time.monotonic() - started)

    def failure(self, kind, status=None):
        if status is not None:
            self.non2xx += 1
            kind = f"HTTP {status}"
        else:
            self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1

    def merge(self, other):
        self.ok += other.ok
        self.non2xx += other.non2xx
        self.errors += other.errors
        for k, v in other.error_kinds.items():
            self.error_kinds[k] = self.error_kinds.get(k, 0) + v
        self.latencies.extend(other.latencies)

    def p(self, q):
        if not self.latencies:
            return float("nan")
        data = sorted(self.latencies)
        return data[min(len(data) - 1, int(q * len(data)))]


class ProtocolError(Exception):
    pass


async def read_response(reader, head=False):
    """One response: (status, headers dict lower-case, body bytes). Content-Length, chunked, or until close."""
    line = await reader.readuntil(b"\r\n")
    parts = line.decode("latin-1").split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
        raise ProtocolError(f"bad status line {line!r}")
    status = int(parts[1])
    headers = {}
    while True:
        line = await reader.readuntil(b"\r\n")
        if line == b"\r\n":
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if head or status in (204, 304) or status < 200:
        return status, headers, b""
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = bytearray()
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                while await reader.readuntil(b"\r\n") != b"\r\n":
                    pass
                return status, headers, bytes(body)
            body += await reader.readexactly(size)
            if await reader.readexactly(2) != b"\r\n":
                raise ProtocolError("bad chunk terminator")
    if "content-length" in headers:
        return status, headers, await reader.readexactly(int(headers["content-length"]))
    return status, headers, await reader.read()


def checksum(data):
    return sum(data)  # what /upload answers: the sum of the body's bytes (random payloads: a lost or extra byte shows)


async def connect(host, port):
    if host not in LOOPBACK:
        raise SystemExit(f"refusing to load {host}: loopback only")
    return await asyncio.open_connection(host, port)


async def run_kind(kind, host, port, deadline, stats, rng, timeout=30.0):
    """Loops one client of `kind` until `deadline` (monotonic); every request checked."""
    writer = None
    reader = None
    while time.monotonic() < deadline:
        try:
            if writer is None:
                reader, writer = await asyncio.wait_for(connect(host, port), timeout)
            if kind == "keepalive":
                started = time.monotonic()
                writer.write(b"GET /plaintext HTTP/1.1\r\nHost: soak\r\n\r\n")
                status, _, body = await asyncio.wait_for(read_response(reader), timeout)
                _check(stats, started, status, body == b"Hello, World!")
            elif kind == "pipelined":
                started = time.monotonic()
                writer.write(b"GET /json HTTP/1.1\r\nHost: soak\r\n\r\n" * 16)
                for _ in range(16):
                    status, _, body = await asyncio.wait_for(read_response(reader), timeout)
                    _check(stats, started, status, body == b'{"message":"Hello, World!"}')
            elif kind in ("post-length", "post-chunked"):
                size = int(1024 * (1024 ** rng.random()))  # 1 KiB .. 1 MiB, log-uniform
                payload = rng.randbytes(size)
                started = time.monotonic()
                if kind == "post-length":
                    writer.write(b"POST /upload HTTP/1.1\r\nHost: soak\r\nContent-Length: %d\r\n\r\n" % size)
                    writer.write(payload)
                else:
                    writer.write(b"POST /upload HTTP/1.1\r\nHost: soak\r\nTransfer-Encoding: chunked\r\n\r\n")
                    for i in range(0, size, 65536):
                        piece = payload[i:i + 65536]
                        writer.write(b"%x\r\n" % len(piece) + piece + b"\r\n")
                    writer.write(b"0\r\n\r\n")
                status, _, body = await asyncio.wait_for(read_response(reader), timeout)
                _check(stats, started, status, body == f"{size} {checksum(payload)}".encode())
            elif kind == "streamed":
                kib = rng.randint(1, 256)
                started = time.monotonic()
                writer.write(b"GET /stream/%d HTTP/1.1\r\nHost: soak\r\n\r\n" % kib)
                status, _, body = await asyncio.wait_for(read_response(reader), timeout)
                _check(stats, started, status, body == b"s" * (1024 * kib))
            elif kind == "churn":
                started = time.monotonic()
                writer.write(b"GET /users/%d HTTP/1.1\r\nHost: soak\r\nConnection: close\r\n\r\n" % rng.randint(0, 10**6))
                status, headers, body = await asyncio.wait_for(read_response(reader), timeout)
                _check(stats, started, status, body.startswith(b'{"id":'))
                rest = await asyncio.wait_for(reader.read(), timeout)  # the server closes
                if rest:
                    stats.failure("bytes after a Connection: close response")
                writer.close()
                writer = None
            else:
                raise ValueError(kind)
        except (asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError, OSError, ProtocolError, ValueError) as e:
            stats.failure(type(e).__name__)
            if writer is not None:
                writer.close()
            writer = None
    if writer is not None:
        writer.close()
        try:
            await writer.wait_closed()
        except (ConnectionError, OSError):
            pass


def _check(stats, started, status, body_ok):
    if not 200 <= status < 300:
        stats.failure(None, status)
    elif not body_ok:
        stats.failure("wrong body")
    else:
        stats.success(started)


def proc_sample(pid):
    """RSS (KiB), thread count and open descriptors of a process, from /proc."""
    rss = threads = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("Threads:"):
                threads = int(line.split()[1])
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    return rss, threads, fds


def socket_fds(pid):
    """How many of a process's descriptors are sockets (the ones a connection leak would leave behind)."""
    n = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"):
                n += 1
        except OSError:
            pass
    return n
