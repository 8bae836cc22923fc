"""The server and the load of `scripts/bench_lists.py`: gunicorn started and stopped by PID, and a closed-loop load
generator (threads, one `http.client` connection each) with no dependency beyond the standard library."""

import contextlib
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving the project with DEBUG off on a free local port; `stop()` ends it by its PID."""

    def __init__(self, root: Path, database_url: str, *, workers: int = 2, timeout: int = 60):
        self.root, self.database_url, self.workers, self.timeout = root, database_url, workers, timeout
        self.port = free_port()
        self.process = None
        self.log = tempfile.NamedTemporaryFile(prefix="bench-lists-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
        self.created = time.perf_counter()

    def environment(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        return env | {
            "DATABASE_URL": self.database_url,
            "DJANGO_SETTINGS_MODULE": "gsp.settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),  # throwaway: DEBUG is off
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "GSP_MANIFEST_STATIC": "0",  # no collectstatic for a benchmark: plain static names
        }

    def start(self) -> None:
        self.port = free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn), "gsp.wsgi", "--bind", f"{HOST}:{self.port}", "--workers", str(self.workers)]
        command += ["--timeout", str(self.timeout), "--log-level", "warning"]
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            command,
            cwd=self.root,
            env=self.environment(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: `stop()` can end the workers with the master
        )
        print(f"gunicorn (PID {self.process.pid}, {self.workers} workers) on http://{HOST}:{self.port}/", flush=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}):\n{self.tail()}")
            try:
                if get_json(self, "/healthz", {}, timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer /healthz within 60 s:\n{self.tail()}")

    def tail(self, chars: int = 3000) -> str:
        return Path(self.log.name).read_text(errors="replace")[-chars:]

    def stop(self) -> None:
        """SIGQUIT to the master (a quick shutdown: its workers drop what they serve), then SIGKILL to its process
        group after 10 s, which also ends workers still busy in a request after their master has gone."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):  # else the master and all its workers have ended
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=5)
        print(f"gunicorn (PID {self.process.pid}) stopped; its log: {self.log.name}", flush=True)
        self.process = None


def get_json(server: Server, url: str, headers: dict, timeout: float = 120) -> tuple[int, object]:
    """One GET: (status, the JSON body or None)."""
    connection = http.client.HTTPConnection(HOST, server.port, timeout=timeout)
    try:
        connection.request("GET", url, headers=headers)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    try:
        return response.status, json.loads(body)
    except ValueError:
        return response.status, None


def local(url: str) -> str:
    """The path and query of a (possibly absolute) `next` link."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def deep_page(server: Server, first: str, headers: dict, depth: int) -> tuple[str, str]:
    """(url, how) of the page `depth` pages in: by offset when `next` carries one (bounded by `count`, so the page
    is not empty), else by following `next` up to `depth` times (cursor pagination)."""
    status, body = get_json(server, first, headers)
    if status != 200 or not isinstance(body, dict) or not body.get("next"):
        return first, "single page" if status == 200 else f"status {status}"
    query = dict(parse_qsl(urlsplit(body["next"]).query))
    if "offset" in query:
        limit = int(query.get("limit", 50))
        offset = depth * limit
        if isinstance(body.get("count"), int):
            offset = max(0, min(offset, (body["count"] - 1) // limit * limit))
        return f"{urlsplit(first).path}?{urlencode(query | {'offset': offset})}", f"offset {offset:,}"
    url, pages = first, 0
    while pages < depth and body.get("next"):
        url = local(body["next"])
        status, body = get_json(server, url, headers)
        pages += 1
        if status != 200 or not isinstance(body, dict):
            break
    return url, f"{pages} next links"


def hammer(server: Server, url: str, headers: dict, connections: int, seconds: float, timeout: float = 90) -> dict:
    """`connections` threads each send GET `url` on its own connection, the next as soon as the previous answered,
    until `seconds` have passed; requests under way then are waited for and counted. Returns the latencies (ms) of
    the 2xx answers, the count of errors (non-2xx, failed or timed out), the statuses and the elapsed seconds."""
    latencies, statuses, lock = [], {}, threading.Lock()
    errors = [0]
    start = threading.Barrier(connections + 1)

    def worker():
        connection = http.client.HTTPConnection(HOST, server.port, timeout=timeout)
        mine, seen, failed = [], {}, 0
        start.wait()
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                # A sync gunicorn worker closes the connection after each answer: http.client reopens it.
                connection.request("GET", url, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                status = type(exc).__name__
            elapsed = (time.perf_counter() - began) * 1000
            seen[status] = seen.get(status, 0) + 1
            if isinstance(status, int) and 200 <= status < 300:
                mine.append(elapsed)
            else:
                failed += 1
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed
            for key, n in seen.items():
                statuses[key] = statuses.get(key, 0) + n

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return {"latencies": latencies, "errors": errors[0], "statuses": statuses, "seconds": time.perf_counter() - began}
