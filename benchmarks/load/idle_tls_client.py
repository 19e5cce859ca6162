"""Opens N keep-alive TLS connections to a server, sends one GET on each, reads each response, then idles.

Usage: idle_tls_client.py PORT COUNT CAFILE [PATH]
Prints "ready ok=N failed=M" once every connection has its answer (or failed), then holds the connections open
until stdin closes. Handshakes run one after another (blocking, each bounded by a timeout), so the server sees
at most one handshake at a time and the figure is memory held by idle connections, not by handshakes in flight.
Bounded: gives up after DEADLINE seconds.
"""
import resource
import socket
import ssl
import sys
import time

DEADLINE = 300.0


def main():
    port, count, cafile = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    path = sys.argv[4] if len(sys.argv) > 4 else "/plaintext"
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < count + 64:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 64), hard))
    ctx = ssl.create_default_context(cafile=cafile)
    request = f"GET {path} HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n".encode()
    held, failed = [], 0
    deadline = time.monotonic() + DEADLINE
    for _ in range(count):
        if time.monotonic() > deadline:
            break
        try:
            raw = socket.create_connection(("127.0.0.1", port), timeout=10)
            s = ctx.wrap_socket(raw, server_hostname="localhost")
            s.sendall(request)
            data = b""
            while b"Hello, World!" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    raise OSError("closed")
                data += chunk
            held.append(s)
        except OSError:
            failed += 1
    failed += count - len(held) - failed
    print(f"ready ok={len(held)} failed={failed}", flush=True)
    try:
        sys.stdin.read()
    finally:
        for s in held:
            s.close()


if __name__ == "__main__":
    main()
