"""Asyncio HTTP/1.1 clients that check every response byte for byte: the soak and fault benchmarks' load.

Each client kind loops until a deadline and records, per request, success or the kind of failure and the latency.
Only loopback addresses are allowed (this machine's rule: load goes nowhere else).
"""
import asyncio
import base64
import hashlib
import os
import random
import struct
import time
import zlib

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
            elif kind in ("websocket", "websocket-deflate"):
                await websocket_session(host, port, kind == "websocket-deflate", deadline, stats, rng, timeout)
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


WS_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


async def websocket_session(host, port, deflate, deadline, stats, rng, timeout):
    """One WebSocket connection to /ws/echo: a handshake (checked), then 1-200 messages of 0 B-64 KiB, text or binary,
    some sent in fragments with a ping between them, each echo checked byte for byte (a pong must answer every ping),
    then the close handshake. With `deflate`, permessage-deflate without context takeover both ways."""
    reader, writer = await asyncio.wait_for(connect(host, port), timeout)
    try:
        key = base64.b64encode(rng.randbytes(16))
        ext = b"Sec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover; server_no_context_takeover\r\n" if deflate else b""
        started = time.monotonic()
        writer.write(b"GET /ws/echo HTTP/1.1\r\nHost: soak\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     b"Sec-WebSocket-Key: " + key + b"\r\nSec-WebSocket-Version: 13\r\n" + ext + b"\r\n")
        status, headers, _ = await asyncio.wait_for(read_response(reader, head=True), timeout)
        if status != 101:
            stats.failure(None, status)
            return
        accept = base64.b64encode(hashlib.sha1(key + WS_GUID).digest()).decode()
        compressed = "permessage-deflate" in headers.get("sec-websocket-extensions", "")
        if headers.get("sec-websocket-accept") != accept or compressed != deflate:
            stats.failure("bad websocket handshake")
            return
        stats.success(started)
        for _ in range(rng.randint(1, 200)):
            if time.monotonic() >= deadline:
                break
            text = rng.random() < 0.5
            size = int(65536 ** rng.random()) - 1  # 0 B .. 64 KiB, log-uniform
            if text:  # valid UTF-8 with 2- and 3-byte characters (a fragment boundary may fall inside one)
                payload = "".join(rng.choice("abcdefghij \u00e9\u20ac") for _ in range(size // 2)).encode()
            else:
                payload = rng.randbytes(size)
            started = time.monotonic()
            data = payload
            rsv1 = 0
            if compressed:
                c = zlib.compressobj(wbits=-15)
                data = c.compress(payload) + c.flush(zlib.Z_SYNC_FLUSH)
                data = data[:-4] if data.endswith(b"\x00\x00\xff\xff") else data
                rsv1 = 0x40
            pieces = [data]
            if len(data) > 2 and rng.random() < 0.3:
                cut = rng.randint(1, len(data) - 1)
                pieces = [data[:cut], data[cut:]]
            pinged = None
            for i, piece in enumerate(pieces):
                opcode = (1 if text else 2) if i == 0 else 0
                fin = 0x80 if i == len(pieces) - 1 else 0
                writer.write(ws_frame(fin | (rsv1 if i == 0 else 0) | opcode, piece, rng))
                if i == 0 and len(pieces) > 1:
                    pinged = rng.randbytes(8)
                    writer.write(ws_frame(0x89, pinged, rng))  # a control frame between two fragments
            got_pong = pinged is None
            while True:
                head, body = await asyncio.wait_for(ws_read_message(reader), timeout)
                if head & 0x0F == 0xA:
                    got_pong = got_pong or body == pinged
                    continue
                break
            if compressed and head & 0x40:
                d = zlib.decompressobj(wbits=-15)
                body = d.decompress(body + b"\x00\x00\xff\xff")
            ok = head & 0x0F == (1 if text else 2) and body == payload and got_pong
            _check(stats, started, 200, ok)
        writer.write(ws_frame(0x88, struct.pack(">H", 1000), rng))
        head, body = await asyncio.wait_for(ws_read_message(reader), timeout)
        if head & 0x0F != 8 or body[:2] != struct.pack(">H", 1000):
            stats.failure("bad websocket close")
        if await asyncio.wait_for(reader.read(), timeout):
            stats.failure("bytes after the websocket close")
    finally:
        writer.close()


def ws_frame(first, payload, rng):
    """A masked client frame."""
    n = len(payload)
    head = bytes([first]) + (bytes([0x80 | n]) if n < 126 else
                             struct.pack(">BH", 0x80 | 126, n) if n < 65536 else struct.pack(">BQ", 0x80 | 127, n))
    mask = rng.randbytes(4)
    key = (mask * (n // 4 + 1))[:n]
    masked = (int.from_bytes(payload, "big") ^ int.from_bytes(key, "big")).to_bytes(n, "big")
    return head + mask + masked


async def ws_read_message(reader):
    """One whole message (fragments joined) or control frame from the server: (first byte of its first frame, payload)."""
    first = None
    body = bytearray()
    while True:
        b0, b1 = await reader.readexactly(2)
        if b1 & 0x80:
            raise ProtocolError("masked server frame")
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack(">H", await reader.readexactly(2))[0]
        elif n == 127:
            n = struct.unpack(">Q", await reader.readexactly(8))[0]
        data = await reader.readexactly(n)
        if b0 & 0x08:  # a control frame; one arriving between the fragments of a message is dropped (and shows)
            if first is None:
                return b0, data
            continue
        if first is None:
            first = b0
        elif b0 & 0x0F != 0:
            raise ProtocolError("new message inside a fragmented one")
        body += data
        if b0 & 0x80:
            return first, bytes(body)


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
