"""Opens N keep-alive connections to a server, sends one GET on each, reads each response, then idles.

Usage: idle_client.py PORT COUNT [PATH]
Prints "ready ok=N failed=M" once every connection has its answer (or failed), then holds the connections
open until stdin closes or the process is terminated. Connections are opened in waves of WAVE so the
server's listen backlog never overflows. Bounded: gives up after DEADLINE seconds.
"""
import resource
import selectors
import socket
import sys
import time

WAVE = 200
DEADLINE = 180.0


def main():
    port, count = int(sys.argv[1]), int(sys.argv[2])
    path = sys.argv[3] if len(sys.argv) > 3 else "/plaintext"
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < count + 64:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 64), hard))
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
    selector = selectors.DefaultSelector()
    held, failed = [], 0
    deadline = time.monotonic() + DEADLINE
    while len(held) + failed < count and time.monotonic() < deadline:
        wave = min(WAVE, count - len(held) - failed)
        ok, bad = _open_wave(selector, port, request, wave, deadline)
        held += ok
        failed += bad
    failed += count - len(held) - failed
    print(f"ready ok={len(held)} failed={failed}", flush=True)
    try:
        sys.stdin.read()  # idle until the benchmark closes our stdin or terminates us
    finally:
        for s in held:
            s.close()


def _open_wave(selector, port, request, n, deadline):
    pending = {}
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", port))
        pending[s] = bytearray()
        selector.register(s, selectors.EVENT_WRITE)
    ok, bad = [], 0
    while pending and time.monotonic() < deadline:
        for key, events in selector.select(timeout=1.0):
            s = key.fileobj
            if events & selectors.EVENT_WRITE:
                try:
                    s.send(request)  # tiny: goes out in one send on a fresh connection
                    selector.modify(s, selectors.EVENT_READ)
                except OSError:
                    bad += _drop(selector, pending, s)
                continue
            try:
                chunk = s.recv(4096)
            except OSError:
                bad += _drop(selector, pending, s)
                continue
            if not chunk:
                bad += _drop(selector, pending, s)
                continue
            buffer = pending[s]
            buffer += chunk
            if _complete(buffer):
                selector.unregister(s)
                del pending[s]
                if buffer.startswith(b"HTTP/1.1 200"):
                    ok.append(s)
                else:
                    s.close()
                    bad += 1
    for s in list(pending):
        bad += _drop(selector, pending, s)
    return ok, bad


def _drop(selector, pending, s):
    selector.unregister(s)
    del pending[s]
    s.close()
    return 1


def _complete(buffer):
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        return False
    head = bytes(buffer[:end]).lower()
    for line in head.split(b"\r\n"):
        if line.startswith(b"content-length:"):
            return len(buffer) - (end + 4) >= int(line.split(b":", 1)[1])
    if b"transfer-encoding: chunked" in head:
        return buffer.endswith(b"\r\n0\r\n\r\n")
    return True


if __name__ == "__main__":
    main()
