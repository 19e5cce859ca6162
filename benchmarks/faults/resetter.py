"""Connections that reset (RST, SO_LINGER 0) mid-request and mid-response, at a target rate: the resets fault's injector.

    python3 benchmarks/faults/resetter.py --port N --seconds S [--rate 1000] [--inflight 1000]

Non-blocking sockets on one selector (an asyncio stream per connection costs too much to reach 1,000/s): every 10 ms it
opens rate/100 connections, alternately
  - mid-request: sends a head announcing a 100 kB body and a few bytes of it, then resets;
  - mid-response: sends GET /big/1024 (1 MiB), reads the first bytes of the response, then resets.
Prints one JSON line: resets of each kind, connections that failed, the rate reached.
Loopback only.
"""
import argparse
import errno
import json
import selectors
import socket
import struct
import time

LINGER_0 = struct.pack("ii", 1, 0)
MID_REQUEST = b"POST /plaintext HTTP/1.1\r\nHost: f\r\nContent-Length: 100000\r\n\r\npartial"
MID_RESPONSE = b"GET /big/1024 HTTP/1.1\r\nHost: f\r\n\r\n"


def reset(sock):
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_0)
    except OSError:
        pass
    sock.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--seconds", type=float, required=True)
    ap.add_argument("--rate", type=int, default=1000)
    ap.add_argument("--inflight", type=int, default=1000, help="most connections open at once")
    args = ap.parse_args()
    if args.host not in ("127.0.0.1", "::1"):
        raise SystemExit("loopback only")
    sel = selectors.DefaultSelector()
    counts = {"mid-request": 0, "mid-response": 0, "failed": 0, "timed out": 0}
    opened = 0
    started = time.monotonic()
    deadline = started + args.seconds
    next_tick = started
    n = 0
    last_scan = started
    per_tick = max(1, args.rate // 100)

    def finish(sock, kind):
        sel.unregister(sock)
        reset(sock)
        counts[kind] += 1

    while True:
        now = time.monotonic()
        due = 0
        while now >= next_tick and next_tick < deadline:  # catches up when the loop ran late
            next_tick += 0.01
            due += per_tick
        if due:
            for _ in range(due):
                if len(sel.get_map()) >= args.inflight:
                    break
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.setblocking(False)
                err = s.connect_ex((args.host, args.port))
                if err not in (0, errno.EINPROGRESS):
                    counts["failed"] += 1
                    s.close()
                    continue
                n += 1
                opened += 1
                # [mid-response?, connected?, when it started]
                sel.register(s, selectors.EVENT_WRITE, [n % 2 == 0, False, now])
        if now >= deadline and not sel.get_map():
            break
        if now >= deadline + 10:
            for key in list(sel.get_map().values()):
                finish(key.fileobj, "timed out")
            break
        for key, events in sel.select(max(0.0, min(next_tick - time.monotonic(), 0.01))):
            s, state = key.fileobj, key.data
            mid_response, connected, t0 = state
            try:
                if not connected:
                    err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                    if err:
                        sel.unregister(s)
                        s.close()
                        counts["failed"] += 1
                        continue
                    state[1] = True
                    s.send(MID_RESPONSE if mid_response else MID_REQUEST)
                    if mid_response:
                        sel.modify(s, selectors.EVENT_READ, state)
                    else:
                        finish(s, "mid-request")
                elif s.recv(4096):
                    finish(s, "mid-response")
                else:
                    sel.unregister(s)
                    s.close()
                    counts["failed"] += 1
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:
                sel.unregister(s)
                s.close()
                counts["failed"] += 1
        if time.monotonic() - last_scan > 1:
            last_scan = time.monotonic()
            for key in list(sel.get_map().values()):
                if time.monotonic() - key.data[2] > 10:
                    finish(key.fileobj, "timed out")
    elapsed = time.monotonic() - started
    counts["opened"] = opened
    counts["per second"] = round((counts["mid-request"] + counts["mid-response"]) / min(elapsed, args.seconds), 1)
    print(json.dumps(counts), flush=True)


if __name__ == "__main__":
    main()
