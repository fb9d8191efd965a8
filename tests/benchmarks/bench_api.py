"""Benchmark of the public API under the production settings, over plain HTTP on loopback.

`make bench` runs this: it loads the dataset into a throw-away SQLite database (or the database
``DATABASE_URL`` names), starts gunicorn with the committed ``gunicorn.conf.py`` and
``banan_service.settings.production``, sends concurrent keep-alive requests to the main endpoints
and checks latency and memory against the targets below. Targets live here, never in a timed
unit test. Exit status 1 when one is missed.
"""

import argparse
import http.client
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"

# (path, request headers): lists, filters, a detail, the summary, CSV and a conditional GET.
ENDPOINTS = [
    ("/api/v1/", {}),
    ("/api/v1/clusters/", {}),
    ("/api/v1/enterprises/?cluster=biomedicine&cluster=automobiles-motorcycles", {}),
    ("/api/v1/enterprises/zhixiang-jintai/", {}),
    ("/api/v1/projects/?investment_cny__gte=1000000000", {}),
    ("/api/v1/indicators/?ordering=-value_normalized,name_en&page_size=500", {}),
    ("/api/v1/indicators/?tier=pillar&lang=en", {}),
    ("/api/v1/summary/", {}),
    ("/api/v1/indicators/?format=csv", {}),
]

TARGET_P95_MS = 100.0
TARGET_MIN_REQUESTS_PER_SECOND = 100.0
TARGET_MAX_WORKER_RSS_MB = 200.0


def _environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "banan_service.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_SESSION_COOKIE_SECURE": "false",
        "DJANGO_CSRF_COOKIE_SECURE": "false",
        "API_ANON_THROTTLE_RATE": "",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def _manage(environment: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=environment, check=True)


def _wait_until_up(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=1)
            connection.request("GET", "/api/v1/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer on port {port} within {timeout} s")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _worker_pids(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return [int(pid) for pid in children]


def _measure(port: int, path: str, headers: dict, requests: int, concurrency: int):
    """Latencies in ms of `requests` GETs over `concurrency` keep-alive connections."""
    per_connection = requests // concurrency

    def run_connection(_):
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        latencies = []
        for _ in range(per_connection):
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status not in (200, 304):
                raise SystemExit(f"GET {path} answered {response.status}")
            latencies.append((time.perf_counter() - started) * 1000)
        return latencies

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        latencies = [ms for chunk in pool.map(run_connection, range(concurrency)) for ms in chunk]
    return latencies, len(latencies) / (time.perf_counter() - started)


def _etag(port: int, path: str) -> str:
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.getheader("ETag", "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="per endpoint")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{scratch}/bench.sqlite3"
        environment = _environment(database_url)
        _manage(environment, "migrate", "--no-input", "--verbosity", "0")
        _manage(environment, "load_dataset", "--verbosity", "0")
        _manage(environment, "collectstatic", "--no-input", "--verbosity", "0")
        # The committed gunicorn.conf.py, as in production; only the port and workers differ.
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
            cwd=REPO,
            env={
                **environment,
                "GUNICORN_BIND": f"{HOST}:{arguments.port}",
                "GUNICORN_WORKERS": str(arguments.workers),
                "GUNICORN_CMD_ARGS": "--log-level warning",
            },
        )
        try:
            _wait_until_up(arguments.port)
            endpoints = [*ENDPOINTS]
            summary = "/api/v1/summary/"
            endpoints.append((summary, {"If-None-Match": _etag(arguments.port, summary)}))
            failures = []
            print(f"{'endpoint':72} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'req/s':>7}")
            for path, headers in endpoints:
                latencies, throughput = _measure(
                    arguments.port, path, headers, arguments.requests, arguments.concurrency
                )
                p95 = statistics.quantiles(latencies, n=20)[-1]
                label = path + (" (If-None-Match)" if headers else "")
                print(
                    f"{label[:72]:72} {statistics.median(latencies):7.1f} {p95:7.1f} "
                    f"{max(latencies):7.1f} {throughput:7.0f}"
                )
                if p95 > TARGET_P95_MS:
                    failures.append(f"{label}: p95 {p95:.1f} ms > {TARGET_P95_MS} ms")
                if throughput < TARGET_MIN_REQUESTS_PER_SECOND:
                    failures.append(
                        f"{label}: {throughput:.0f} req/s < {TARGET_MIN_REQUESTS_PER_SECOND}"
                    )
            rss = {pid: _rss_mb(pid) for pid in _worker_pids(server.pid)}
            print("worker RSS MB: " + ", ".join(f"{mb:.0f}" for mb in rss.values()))
            failures += [
                f"worker {pid}: RSS {mb:.0f} MB > {TARGET_MAX_WORKER_RSS_MB} MB"
                for pid, mb in rss.items()
                if mb > TARGET_MAX_WORKER_RSS_MB
            ]
        finally:
            server.terminate()
            server.wait(timeout=30)
    for failure in failures:
        print("MISSED TARGET:", failure)
    print("all targets met" if not failures else f"{len(failures)} target(s) missed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
