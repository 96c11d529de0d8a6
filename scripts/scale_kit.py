"""The pieces of `make bench-scale` (scripts/bench_scale.py) that loadkit.py does not have.

- nginx from the OS packages as the load balancer, run in the foreground from a config in a
  temporary folder: one round-robin listener across both app servers (no sticky sessions),
  and one listener pinned to each server, so a check can say "this through server 1, that
  through server 2" and still pass through the real proxy. Every answer says which server
  gave it (X-Upstream), and the access log names the server of every request;
- `manage.py db_worker`, the background worker that makes report PDFs;
- a client bound to a chosen loopback source address (all of 127.0.0.0/8 is loopback), so
  nginx sees, and puts in X-Forwarded-For, a different client address for each;
- a browser for the checks: its own cookies, the CSRF token of each form, and the server
  that answered each request.

Everything started here is stopped by its own process id.
"""

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from loadkit import ROOT, log
from loadkit_http import FastClient, FastReply
from loadkit_respondents import Respondent
from loadkit_server import Gunicorn, free_port

NGINX_CONFIG = """\
# make bench-scale: the load balancer in front of the app servers (written by scale_kit.py).
daemon off;
worker_processes 2;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 1024; }}

http {{
    # Only which server answered, the status and the time: no client addresses kept.
    log_format upstream '$upstream_addr $status $request_time';
    access_log {folder}/nginx-access.log upstream;
    client_body_temp_path {folder}/nginx-body;
    proxy_temp_path {folder}/nginx-proxy;
    fastcgi_temp_path {folder}/nginx-fastcgi;
    uwsgi_temp_path {folder}/nginx-uwsgi;
    scgi_temp_path {folder}/nginx-scgi;
    client_max_body_size 1m;

    # Round robin across both app servers: no sticky sessions.
    upstream app {{
{servers}
        keepalive 32;
        # Shorter than gunicorn's --keep-alive (5 s here, 65 s in docs/deploy.md), so nginx
        # never reuses a connection gunicorn is closing.
        keepalive_timeout 4s;
    }}
{pinned_upstreams}
    # Plain HTTP on loopback stands for the TLS listener of a real balancer: hence
    # X-Forwarded-Proto https below (a real one sends $scheme after ending TLS).
{listeners}
}}
"""

LISTENER = """\
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://{upstream};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
            proxy_read_timeout 30s;
            # Which app server answered: the bench proves one person's requests met both.
            add_header X-Upstream $upstream_addr always;
        }}
    }}
"""


def nginx_binary():
    """nginx from the OS packages: installed with apt-get when missing and we are root."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                      else None)
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("nginx is not installed: apt-get install -y nginx …")
        subprocess.run(["apt-get", "install", "-y", "-q", "nginx"], check=True,  # noqa: S607
                       stdout=subprocess.DEVNULL)
        return shutil.which("nginx") or "/usr/sbin/nginx"
    raise RuntimeError("make bench-scale needs nginx: sudo apt-get install nginx")


class Nginx:
    """nginx in the foreground on free loopback ports: `base` balances across every server,
    `pinned[i]` passes everything to server i."""

    def __init__(self, folder, servers):
        self.folder = Path(folder)
        self.servers = servers  # ["127.0.0.1:port", …]
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.pinned = []
        self.process = None

    def config(self):
        servers = "\n".join(f"        server {address} max_fails=0;" for address in self.servers)
        pinned_upstreams, listeners = [], [LISTENER.format(port=self.port, upstream="app")]
        self.pinned = []
        for number, address in enumerate(self.servers, 1):
            pinned_upstreams.append(
                f"    upstream app{number} {{\n        server {address};\n"
                "        keepalive 8;\n        keepalive_timeout 4s;\n    }")
            port = free_port()
            self.pinned.append(f"http://127.0.0.1:{port}")
            listeners.append(LISTENER.format(port=port, upstream=f"app{number}"))
        return NGINX_CONFIG.format(folder=self.folder, servers=servers,
                                   pinned_upstreams="\n".join(pinned_upstreams),
                                   listeners="\n".join(listeners))

    @property
    def config_path(self):
        return self.folder / "nginx.conf"

    def start(self, timeout=20):
        import httpx

        binary = nginx_binary()
        self.folder.chmod(0o755)  # nginx's workers run as an unprivileged user
        self.config_path.write_text(self.config())
        command = [binary, "-p", str(self.folder), "-c", str(self.config_path),
                   "-e", str(self.folder / "nginx-error.log")]
        subprocess.run([*command, "-t", "-q"], check=True)  # noqa: S603
        self.output = (self.folder / "nginx-output.log").open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own fixed command line
            command, stdout=self.output, stderr=subprocess.STDOUT, start_new_session=True)
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx stopped at start-up:\n{self.log_tail()}")
            try:
                if all(httpx.get(base + "/healthz", timeout=2).status_code == 200
                       for base in (self.base, *self.pinned)):
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"nginx did not answer in {timeout} s:\n{self.log_tail()}")

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # finish requests in flight, then stop
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None
        self.output.close()

    def access_log(self):
        """Counter of (upstream address, status) over every request nginx passed on."""
        counts = Counter()
        try:
            lines = (self.folder / "nginx-access.log").read_text().splitlines()
        except OSError:
            return counts
        for line in lines:
            upstream, status, _seconds = line.split(" ")
            counts[(upstream, int(status))] += 1
        return counts

    def log_tail(self, lines=20):
        try:
            text = (self.folder / "nginx-error.log").read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


class DbWorker:
    """`manage.py db_worker` with the app servers' settings: makes the report PDFs."""

    def __init__(self, env, logfile):
        self.env, self.logfile = env, Path(logfile)
        self.process = None

    def start(self):
        self.output = self.logfile.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own fixed command line
            [sys.executable, "manage.py", "db_worker", "--queue-name", "default",
             "--interval", "1"],
            env=self.env, cwd=ROOT, stdout=self.output, stderr=subprocess.STDOUT,
            start_new_session=True)
        time.sleep(1)
        if self.process.poll() is not None:
            raise RuntimeError(f"db_worker stopped at start-up:\n{self.log_tail()}")
        return self

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # finishes the PDF it is making
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None
        self.output.close()

    log_tail = Gunicorn.log_tail  # the last lines of self.logfile


class SourceClient(FastClient):
    """loadkit's aiohttp client, its connections made from `source` (a loopback address)."""

    def __init__(self, connections, source="127.0.0.1"):
        super().__init__(connections)
        self.source = source

    async def __aenter__(self):
        import aiohttp

        keepalive = float(os.environ.get("BENCH_CLIENT_KEEPALIVE", "2"))
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self.connections, keepalive_timeout=keepalive,
                                           local_addr=(self.source, 0)),
            cookie_jar=aiohttp.DummyCookieJar(),
            timeout=aiohttp.ClientTimeout(total=30, connect=10),
        )
        return self


class Tracked:
    """A client for one person that notes the server behind every answer (X-Upstream)."""

    def __init__(self, client):
        self.client = client
        self.upstreams = []

    async def request(self, method, url, data=None, headers=None):
        reply = await self.client.request(method, url, data=data, headers=headers)
        self.upstreams.append(reply.headers.get("X-Upstream", "?"))
        return reply


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]+)"')


class Browser:
    """One person's browser for the checks: cookies, CSRF, and which server answered."""

    def __init__(self, client, base):
        self.client, self.base = client, base
        self.cookies = {}
        self.upstreams = []
        self.respondent = Respondent(None, base, "", 0, None)  # for keep_cookies

    async def request(self, method, path, data=None, base=None, headers=None, raw=False):
        """One request; `raw` keeps the body as bytes (reply.body) for a PDF."""
        base = base or self.base
        origin = base.replace("http://", "https://")
        sent = {"X-Forwarded-Proto": "https", "Accept-Language": "en-GB,en;q=0.8",
                "User-Agent": "better-lives-bench-scale", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            sent["Origin"], sent["Referer"] = origin, origin + path
        if raw:
            async with self.client.session.request(method, base + path, data=data,
                                                   headers=sent, allow_redirects=False) as got:
                reply = FastReply(got.status, "", got.headers)
                reply.body = await got.read()
        else:
            reply = await self.client.request(method, base + path, data=data, headers=sent)
        self.respondent.cookies = self.cookies
        self.respondent.keep_cookies(reply)
        upstream = reply.headers.get("X-Upstream", "?")
        self.upstreams.append(upstream)
        reply.upstream = upstream
        return reply

    async def get(self, path, base=None):
        return await self.request("GET", path, base=base)

    async def form(self, page_path, post_path, fields, base=None, post_base=None):
        """Open the page (through `base`), send its form (through `post_base`)."""
        page = await self.get(page_path, base=base)
        token = TOKEN.search(page.text)
        data = {"csrfmiddlewaretoken": token.group(1) if token else ""}
        key = SUBMISSION_KEY.search(page.text)
        if key:
            data["submission_key"] = key.group(1)
        data.update(fields)
        return await self.request("POST", post_path, data=data, base=post_base or base)


async def gather_bounded(coroutines, at_once):
    gate = asyncio.Semaphore(at_once)

    async def one(coroutine):
        async with gate:
            return await coroutine

    return await asyncio.gather(*(one(c) for c in coroutines))
