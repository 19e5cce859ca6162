"""Processes the benchmark starts: one registry, so every one of them is ended on any exit path."""
import os
import signal
import socket
import subprocess
import time

_started = []


def spawn(argv, **kwargs):
    """Starts argv in its own process group and remembers it for cleanup."""
    proc = subprocess.Popen(argv, start_new_session=True, **kwargs)
    _started.append(proc)
    return proc


def stop(proc, grace=5.0):
    """SIGTERM to the process group, SIGKILL after `grace` seconds; returns the exit code."""
    if proc.poll() is None:
        _signal_group(proc, signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            _signal_group(proc, signal.SIGKILL)
            proc.wait(timeout=grace)
    # The group may hold children that outlived the leader (none of our servers fork, but be sure).
    _signal_group(proc, signal.SIGKILL)
    if proc in _started:
        _started.remove(proc)
    return proc.returncode


def stop_all():
    for proc in list(_started):
        try:
            stop(proc, grace=2.0)
        except Exception:  # cleanup must go on for the others
            pass


def _signal_group(proc, sig):
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def install_signal_handlers():
    """Turns SIGTERM/SIGHUP into SystemExit so `finally` blocks run and stop_all() cleans up."""
    def handler(signum, frame):
        raise SystemExit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, handler)


def free_port():
    """A port on 127.0.0.1 that nothing listens on now: the kernel picks it, or the first free one in
    BENCH_PORTS=LOW-HIGH when set (a shared machine gives each engineer a range so runs never collide)."""
    span = os.environ.get("BENCH_PORTS")
    if span:
        low, high = (int(x) for x in span.split("-"))
        for port in range(low, high + 1):
            if port_is_free(port):
                return port
        raise RuntimeError(f"no free port in BENCH_PORTS={span}")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def vm_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


_CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User + system CPU time of a process (all its threads) so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[0] is the state (field 3); utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / _CLK_TCK


def listening_addresses(pid):
    """The local addresses of every TCP socket in LISTEN state that `pid` holds, as 'addr:port' strings."""
    inodes = set()
    fd_dir = f"/proc/{pid}/fd"
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(os.path.join(fd_dir, fd))
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table, family in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 6)):
        with open(table) as f:
            next(f)
            for line in f:
                cols = line.split()
                local, state, inode = cols[1], cols[3], cols[9]
                if state == "0A" and inode in inodes:
                    found.append(_decode_address(local, family))
    return found


def _decode_address(hex_address, family):
    addr_hex, port_hex = hex_address.split(":")
    raw = bytes.fromhex(addr_hex)
    if family == 4:
        text = socket.inet_ntop(socket.AF_INET, raw[::-1])
    else:
        # /proc prints the IPv6 address as four host-order 32-bit words.
        words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
        text = "[" + socket.inet_ntop(socket.AF_INET6, words) + "]"
    return f"{text}:{int(port_hex, 16)}"


def is_loopback(address):
    return address.startswith("127.0.0.1:") or address.startswith("[::1]:")


def wait_until(predicate, timeout, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
