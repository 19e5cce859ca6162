"""The servers under test: how each is built, started (pinned to one CPU, bound to 127.0.0.1) and checked."""
import glob
import http.client
import json
import os
import shutil
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field

import procs

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers"))

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PEERS = os.path.join(REPO, "benchmarks", "peers")
DEBIAN_PYTHON = "/usr/bin/python3"  # sees Debian's python3-tornado (a pyenv/venv python may not)


@dataclass
class Server:
    name: str
    label: str
    kind: str  # "jit", "aot", "python" or "native" (an installed binary: nginx)
    source: str  # project directory, or the Python script
    make_args: object  # port -> list of arguments
    warmup: bool  # JIT'd servers need traffic before tiered compilation settles (BENCHMARKING.md)
    executable: str = ""  # set by build()
    binary_bytes: int = 0
    unavailable: str = ""  # why it cannot run, if it cannot
    extra_env: dict = field(default_factory=dict)
    suite: str = "hello"  # "hello": the two-endpoint peers; "routes": the 1,000-route apps (issue 16, goal 4); "tls"
    prepare: object = None  # called before the build (writes generated sources)
    tls: bool = False  # serves HTTPS with the certificate from tls_files() (the tls suite, issue 10)

    def command(self, port):
        if self.kind == "native":
            return [self.source] + self.make_args(port)
        base = [DEBIAN_PYTHON, self.source] if self.kind == "python" else [self.executable]
        return base + self.make_args(port)


def _squall_args(port):
    return ["--port", str(port), "--address", "127.0.0.1"]


def _kestrel_args(port):
    return ["--urls", f"http://127.0.0.1:{port}"]


# The tls suite's throwaway certificate (ECDSA P-256, CN=localhost, SAN localhost + 127.0.0.1), made by
# ensure_tls_files() with openssl into the git-ignored results folder; never committed.
TLS_DIR = os.path.join(REPO, "benchmarks", "results", "tls-certs")
TLS_CERT = os.path.join(TLS_DIR, "cert.pem")
TLS_KEY = os.path.join(TLS_DIR, "key.pem")


def ensure_tls_files():
    """Makes the self-signed certificate and key of the tls suite (once); the certificate is its own CA."""
    if os.path.exists(TLS_CERT) and os.path.exists(TLS_KEY):
        return
    os.makedirs(TLS_DIR, exist_ok=True)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-days", "30", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", TLS_KEY, "-out", TLS_CERT], check=True, capture_output=True, timeout=60)


def _squall_tls_args(port):
    return _squall_args(port) + ["--certfile", TLS_CERT, "--keyfile", TLS_KEY]


def _kestrel_tls_args(port):
    return ["--urls", f"https://127.0.0.1:{port}"]


_KESTREL_TLS_ENV = {"ASPNETCORE_Kestrel__Certificates__Default__Path": TLS_CERT,
                    "ASPNETCORE_Kestrel__Certificates__Default__KeyPath": TLS_KEY}


NGINX = "/usr/sbin/nginx"  # Debian's nginx-light
NGINX_DIR = os.path.join(REPO, "benchmarks", "results", "nginx")  # git-ignored: configuration, pid and temp files


def _nginx_args(port):
    """nginx as the floor of the keep-alive scenarios (issue 16, goals 2 and 5): one worker process, no master
    (so taskset pins the one process that serves), the two endpoints as `return 200`, access log off, no cap on
    requests per keep-alive connection (nginx closes one after 1,000 by default; wrk would count reconnects), and
    descriptors for 10,000 connections."""
    root = os.path.join(NGINX_DIR, str(port))
    os.makedirs(root, exist_ok=True)
    conf = os.path.join(root, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes 1;
worker_rlimit_nofile 20000;
pid {root}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 20000; use epoll; multi_accept on; }}
http {{
    access_log off;
    keepalive_requests 100000000;
    keepalive_timeout 600s;
    client_body_temp_path {root}/body; proxy_temp_path {root}/proxy; fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi; scgi_temp_path {root}/scgi;
    server {{
        listen 127.0.0.1:{port} reuseport backlog=1024;
        location = /plaintext {{ default_type text/plain; return 200 "Hello, World!"; }}
        location = /json {{ default_type application/json; return 200 '{{"message":"Hello, World!"}}'; }}
    }}
}}
""")
    return ["-p", root, "-c", conf, "-e", "stderr", "-g", "daemon off; master_process off;"]


def _hello_world_dir():
    return os.path.join(REPO, "samples", "HelloWorld")


def catalogue():
    """Every server the script knows, in table order. The web-level HelloWorld rows appear once
    samples/HelloWorld exists (the web issue adds it)."""
    squall_http = os.path.join(PEERS, "SquallHttp")
    kestrel = os.path.join(PEERS, "KestrelMinimal")
    hello = _hello_world_dir()
    servers = [
        Server("squall-http", "Squall HttpServer + IHttpHandler (JIT)", "jit", squall_http, _squall_args, True),
        Server("squall-web", "Squall HelloWorld sample (JIT)", "jit", hello, _squall_args, True),
        Server("squall-web-aot", "Squall HelloWorld sample (NativeAOT)", "aot", hello, _squall_args, False),
        Server("kestrel", "Kestrel minimal API (JIT)", "jit", kestrel, _kestrel_args, True),
        Server("kestrel-aot", "Kestrel minimal API (NativeAOT)", "aot", kestrel, _kestrel_args, False),
        Server("tornado", "Tornado (Debian python3-tornado)", "python",
               os.path.join(PEERS, "tornado_peer.py"), _squall_args, False),
        Server("nginx", "nginx `return 200`, one worker (Debian nginx-light)", "native", NGINX, _nginx_args, False),
    ]
    servers += _routes_catalogue(hello)
    servers += [
        Server("squall-web-tls", "Squall HelloWorld sample, HTTPS (JIT)", "jit", hello, _squall_tls_args, True,
               suite="tls", tls=True),
        Server("kestrel-tls", "Kestrel minimal API, HTTPS (JIT)", "jit", kestrel, _kestrel_tls_args, True,
               extra_env=_KESTREL_TLS_ENV, suite="tls", tls=True),
        Server("tornado-tls", "Tornado HTTPS (Debian python3-tornado)", "python", os.path.join(PEERS, "tornado_peer.py"),
               _squall_tls_args, False, suite="tls", tls=True),
    ]
    for s in servers:
        if s.kind == "native":
            if not os.access(s.source, os.X_OK):
                s.unavailable = f"{s.source} not installed"
        elif s.kind != "python" and not _project_file(s.source):
            s.unavailable = f"no project in {os.path.relpath(s.source, REPO)} yet"
    return servers


def _routes_catalogue(hello):
    """The routes suite: the 1,000-route apps written by benchmarks/peers/routes_app.py, and HelloWorld (4 routes)
    for the "1,000 routes cost no more than 4" comparison."""
    import routes_app
    squall = os.path.join(PEERS, "SquallRoutes")
    kestrel = os.path.join(PEERS, "KestrelRoutes")
    gen = routes_app.generate
    return [
        Server("squall-routes", "Squall, 1,000 routes (JIT)", "jit", squall, _squall_args, True, suite="routes", prepare=gen),
        Server("squall-routes-aot", "Squall, 1,000 routes (NativeAOT)", "aot", squall, _squall_args, False, suite="routes",
               prepare=gen),
        Server("kestrel-routes", "Kestrel, 1,000 MapGets (JIT)", "jit", kestrel, _kestrel_args, True, suite="routes",
               prepare=gen),
        Server("squall-web-4routes", "Squall HelloWorld, 4 routes (JIT)", "jit", hello, _squall_args, True, suite="routes"),
    ]


def _project_file(directory):
    found = sorted(glob.glob(os.path.join(directory, "*.csproj")))
    return found[0] if found else None


def build(server, out_root, log_path, timeout):
    """Publishes a .NET server into out_root/<name> (JIT or NativeAOT); sets server.executable.
    Returns an error text, or "" on success."""
    if server.kind == "native":
        return "" if os.access(server.source, os.X_OK) else f"{server.source} not installed"
    if server.kind == "python":
        if not os.path.exists(DEBIAN_PYTHON):
            return f"{DEBIAN_PYTHON} missing"
        probe = subprocess.run([DEBIAN_PYTHON, "-c", "import tornado"], capture_output=True)
        return "" if probe.returncode == 0 else "python3-tornado is not importable by /usr/bin/python3"
    if server.prepare:
        server.prepare()
    project = _project_file(server.source)
    out_dir = os.path.join(out_root, server.name)
    shutil.rmtree(out_dir, ignore_errors=True)
    argv = ["dotnet", "publish", project, "-c", "Release", "-o", out_dir, "--nologo"]
    if server.kind == "aot":
        argv += ["-r", "linux-x64", "-p:PublishAot=true"]
    with open(log_path, "w") as log:
        log.write(" ".join(argv) + "\n")
        log.flush()
        try:
            done = subprocess.run(argv, stdout=log, stderr=subprocess.STDOUT, timeout=timeout, cwd=REPO)
        except subprocess.TimeoutExpired:
            return f"build took over {timeout} s"
    if done.returncode != 0:
        return f"build failed (exit {done.returncode}), see {os.path.relpath(log_path, REPO)}"
    exe = _published_executable(out_dir, os.path.splitext(os.path.basename(project))[0])
    if not exe:
        return f"no executable in {out_dir} after publish"
    server.executable = exe
    server.binary_bytes = os.path.getsize(exe)
    return ""


def _published_executable(out_dir, project_name):
    """The apphost (JIT) or native binary (AOT): named after the project unless it sets AssemblyName, in which
    case the JIT build's runtimeconfig names it, and the AOT build's is the largest extension-less executable."""
    candidates = [os.path.join(out_dir, project_name)]
    candidates += [c[:-len(".runtimeconfig.json")] for c in glob.glob(os.path.join(out_dir, "*.runtimeconfig.json"))]
    candidates += sorted((c for c in glob.glob(os.path.join(out_dir, "*")) if "." not in os.path.basename(c)),
                         key=lambda c: -os.path.getsize(c) if os.path.isfile(c) else 0)
    for c in candidates:
        if os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    return None


class Running:
    """A started server: its process, port and the time its first 200 arrived."""

    def __init__(self, server, proc, port, first_response_ms):
        self.server = server
        self.proc = proc
        self.port = port
        self.first_response_ms = first_response_ms

    @property
    def pid(self):
        return self.proc.pid

    def url(self, path):
        return f"{'https' if self.server.tls else 'http'}://127.0.0.1:{self.port}{path}"


def start(server, cpu, log_path, start_timeout=60.0):
    """Starts the server pinned to `cpu`, waits for its first 200 on /plaintext (timed from just before
    the spawn), then checks both endpoints and that it listens on loopback only. Raises on any failure,
    leaving nothing running."""
    port = procs.free_port()
    env = dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1", **server.extra_env)
    log = open(log_path, "w")
    argv = ["taskset", "-c", str(cpu)] + server.command(port)
    log.write(" ".join(argv) + "\n")
    log.flush()
    t0 = time.monotonic()
    proc = procs.spawn(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
    log.close()
    try:
        first_ms = _wait_first_200(proc, port, t0, start_timeout, server.tls)
        problems = check_endpoints(port, server.tls) + _check_loopback_only(proc.pid)
        if problems:
            raise RuntimeError("; ".join(problems))
        return Running(server, proc, port, first_ms)
    except BaseException:
        procs.stop(proc)
        raise


def stop(running):
    procs.stop(running.proc)
    # Servers set SO_REUSEADDR; a port still bound after the process is gone would mean a leftover process.
    if not procs.wait_until(lambda: procs.port_is_free(running.port), timeout=5.0):
        raise RuntimeError(f"port {running.port} still bound after {running.server.name} stopped")


def _wait_first_200(proc, port, t0, timeout, tls=False):
    deadline = t0 + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"exited with code {proc.returncode} before answering")
        try:
            status, _, _ = fetch(port, "/plaintext", timeout=1.0, tls=tls)
            if status == 200:
                return (time.monotonic() - t0) * 1000.0
        except OSError:
            pass
        time.sleep(0.0005)  # 0.5 ms resolution for the start-up figure
    raise RuntimeError(f"no 200 on /plaintext within {timeout:.0f} s")


def fetch(port, path, timeout=5.0, tls=False):
    if tls:
        # Verified against the suite's own certificate (its SAN holds 127.0.0.1): a peer serving another one fails.
        conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=timeout,
                                           context=ssl.create_default_context(cafile=TLS_CERT))
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type") or "", response.read()
    finally:
        conn.close()


def check_endpoints(port, tls=False):
    """Both endpoints answer what every peer must answer; returns the differences."""
    problems = []
    status, ctype, body = fetch(port, "/plaintext", tls=tls)
    if status != 200 or body != b"Hello, World!" or not ctype.startswith("text/plain"):
        problems.append(f"/plaintext gave {status} {ctype!r} {body[:60]!r}")
    status, ctype, body = fetch(port, "/json", tls=tls)
    try:
        parsed = json.loads(body)
    except ValueError:
        parsed = None
    if status != 200 or parsed != {"message": "Hello, World!"} or not ctype.startswith("application/json"):
        problems.append(f"/json gave {status} {ctype!r} {body[:60]!r}")
    return problems


def _check_loopback_only(pid):
    addresses = procs.listening_addresses(pid)
    if not addresses:
        return [f"pid {pid} holds no listening TCP socket"]
    outside = [a for a in addresses if not procs.is_loopback(a)]
    return [f"listens beyond loopback: {', '.join(outside)}"] if outside else []
