"""Soak: a bounded run of mixed reads and token writes against the production configuration.

`make soak` runs this: the service under gunicorn with ``banan_service.settings.production``
(plain HTTP on loopback, throttling off) on a throw-away SQLite copy of the dataset, or on a
throw-away database on the PostgreSQL server ``DATABASE_URL`` names (with ``REDIS_URL``'s cache
when set). ``--clients`` keep sending, for ``--duration`` seconds, a mix of lists, filters,
details, CSV exports and conditional GETs, and every ``--write-every``-th request a PATCH with a
token: each client changes a field of its own, several clients the fields of one record.

It reports requests, errors (any 5xx or connection error, any other unexpected status, and any
acknowledged write the data does not hold at the end), p50/p99 latency, throughput, and each
worker's memory (RSS) after a warm-up and at the end. Exit status 1 on any error or a worker
growing by 10 % or more. Limits live here, never in a timed unit test.
"""

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.servers import (  # noqa: E402
    HOST,
    Gunicorn,
    create_editor,
    free_port,
    load_dataset,
    production_environment,
)

MAX_MEMORY_GROWTH = 0.10
RESOURCES = ["sources", "clusters", "initiatives", "parks", "enterprises", "projects", "indicators"]
FILTERED_LISTS = [
    "/api/v1/enterprises/?cluster=biomedicine&cluster=automobiles-motorcycles",
    "/api/v1/indicators/?tier=leading&tier=pillar&kind=target&ordering=-value_normalized",
    "/api/v1/projects/?status=signed&status=under_construction&investment_cny__gte=100000000",
    "/api/v1/enterprises/?" + urllib.parse.urlencode({"search": "宗申", "lang": "zh"}),
    "/api/v1/indicators/?tier=pillar&lang=en&fields=slug,name_en,value,unit",
    "/api/v1/parks/?ordering=-name_en&page_size=5&page=2",
    "/api/v1/summary/",
]
CSV_EXPORTS = ["/api/v1/indicators/?format=csv", "/api/v1/projects/?format=csv&status=signed"]
# The fields writers change: English text without constraints, several per record.
WRITABLE_FIELDS = {
    "enterprises": ["name_en", "description_en", "short_name_en", "listing_board_en"],
    "projects": ["name_en", "description_en", "capacity_en"],
    "parks": ["name_en", "description_en"],
}


@dataclass
class Target:
    """One writer's field of one record."""

    path: str
    field: str
    acknowledged: str | None = None
    unacknowledged: list[str] = field(default_factory=list)


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"read": [], "write": []})
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind, seconds, status, error=None, detail=""):
        with self.lock:
            self.latencies[kind].append(seconds * 1000)
            self.statuses[status] += 1
            if error:
                self.errors[error] += 1
                if len(self.examples) < 10:
                    self.examples.append(f"{error}: {detail}"[:300])


class Client:
    """One client: a keep-alive connection (re-opened whenever gunicorn closes it), its own
    ETags for conditional GETs and, when it writes, its own target."""

    def __init__(self, port, token, target, details, rng):
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)
        self.token = token
        self.target = target
        self.details = details
        self.rng = rng
        self.etags = {}
        self.writes = 0

    def request(self, method, path, headers=None, body=None):
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers or {})
            response = self.connection.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            return None, {}, repr(error).encode(), time.perf_counter() - started
        return (
            response.status,
            {name.lower(): value for name, value in response.getheaders()},
            payload,
            time.perf_counter() - started,
        )

    def read_path(self):
        kind = self.rng.random()
        if kind < 0.3:
            return f"/api/v1/{self.rng.choice(RESOURCES)}/"
        if kind < 0.6:
            return self.rng.choice(FILTERED_LISTS)
        if kind < 0.9:
            return self.rng.choice(self.details)
        return self.rng.choice(CSV_EXPORTS)

    def read(self, results):
        path = self.read_path()
        headers = {}
        if path in self.etags and self.rng.random() < 0.5:
            headers["If-None-Match"] = self.etags[path]
        status, response_headers, body, seconds = self.request("GET", path, headers)
        if "etag" in response_headers:
            self.etags[path] = response_headers["etag"]
        expected = (200, 304) if headers else (200,)
        results.record(
            "read", seconds, status, _error(status, expected), f"GET {path} {body[:120]}"
        )

    def write(self, results):
        self.writes += 1
        value = f"Soak {self.target.field} {self.writes}"
        self.target.unacknowledged.append(value)
        status, _, body, seconds = self.request(
            "PATCH",
            self.target.path,
            {"Authorization": f"Token {self.token}", "Content-Type": "application/json"},
            json.dumps({self.target.field: value}),
        )
        error = _error(status, (200,))
        if error is None:
            self.target.acknowledged, self.target.unacknowledged = value, []
        detail = f"PATCH {self.target.path} {self.target.field} {body[:160]}"
        results.record("write", seconds, status, error, detail)


def _error(status, expected):
    if status is None:
        return "connection error"
    if status >= 500:
        return f"{status} server error"
    if status not in expected:
        return f"{status} unexpected"
    return None


def _run_clients(clients, results, seconds, write_every):
    deadline = time.monotonic() + seconds

    def loop(client):
        count = 0
        while time.monotonic() < deadline:
            count += 1
            if client.target and count % write_every == 0:
                client.write(results)
            else:
                client.read(results)

    threads = [threading.Thread(target=loop, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _get_json(server, path):
    reply = server.request("GET", path)
    assert reply.status == 200, (path, reply.status)
    return reply.json()


def _targets(server, count):
    """``count`` (record, field) pairs, filling each record's fields before the next record."""
    pairs = []
    for resource, fields in WRITABLE_FIELDS.items():
        for record in _get_json(server, f"/api/v1/{resource}/?page_size=500")["results"]:
            pairs += [(f"/api/v1/{resource}/{record['slug']}/", name) for name in fields]
    return [Target(path, name) for path, name in pairs[:count]]


def _lost_writes(server, targets):
    """Targets whose record holds neither the last acknowledged value nor a later attempt."""
    lost = []
    for target in targets:
        if target.acknowledged is None:
            continue
        held = _get_json(server, target.path)[target.field]
        if held != target.acknowledged and held not in target.unacknowledged:
            lost.append(
                f"{target.path} {target.field}: {held!r}, acknowledged {target.acknowledged!r}"
            )
    return lost


@contextmanager
def _throwaway_database(scratch):
    """A fresh database: a SQLite file, or one on the PostgreSQL server of DATABASE_URL."""
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{scratch}/soak.sqlite3"
        return
    import psycopg

    server = urllib.parse.urlsplit(database_url)
    name = f"{server.path.strip('/') or 'banan'}_soak"
    with psycopg.connect(server._replace(path="/postgres").geturl(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield server._replace(path=f"/{name}").geturl()
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=180, help="seconds measured")
    parser.add_argument("--warmup", type=float, default=20, help="seconds before measuring")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write-every", type=int, default=10, help="every Nth request writes")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--seed", type=int, default=1246)
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch, _throwaway_database(scratch) as database_url:
        environment = production_environment(
            database_url,
            os.environ.get("REDIS_URL", ""),
            API_ANON_THROTTLE_RATE="",
            DJANGO_LOG_LEVEL="WARNING",
            # No recycling of workers after N requests (the default, stated): a leak must show in
            # the run, not be hidden by a restart.
            GUNICORN_MAX_REQUESTS="0",
        )
        load_dataset(environment)
        token = create_editor(environment, "soak-editor").token
        with Gunicorn(
            environment, workers=arguments.workers, port=arguments.port or free_port()
        ) as server:
            details = [
                f"/api/v1/{resource}/{record['slug']}/"
                for resource in RESOURCES
                for record in _get_json(server, f"/api/v1/{resource}/?page_size=500")["results"]
            ]
            targets = _targets(server, arguments.clients)
            rng = random.Random(arguments.seed)
            clients = [
                Client(
                    server.port,
                    token,
                    targets[i] if i < len(targets) else None,
                    details,
                    random.Random(rng.random()),
                )
                for i in range(arguments.clients)
            ]
            engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
            print(
                f"soak: {arguments.duration:.0f} s after a {arguments.warmup:.0f} s warm-up, "
                f"{arguments.clients} clients ({len(targets)} writing every "
                f"{arguments.write_every}th request), {arguments.workers} gunicorn workers, "
                f"{engine}, cache {'Redis' if environment['REDIS_URL'] else 'in-process'}"
            )
            warmup = Results()
            _run_clients(clients, warmup, arguments.warmup, arguments.write_every)
            workers = server.worker_pids()
            rss_start = {pid: _rss_mb(pid) for pid in workers}
            results = Results()
            started = time.monotonic()
            _run_clients(clients, results, arguments.duration, arguments.write_every)
            elapsed = time.monotonic() - started
            alive = set(server.worker_pids())
            rss_end = {pid: _rss_mb(pid) for pid in workers if pid in alive}
            lost = _lost_writes(server, targets)
            server_log = server.log()

    reads, writes = results.latencies["read"], results.latencies["write"]
    every = reads + writes
    errors = sum(results.errors.values()) + sum(warmup.errors.values())
    failures = []
    print(
        f"requests: {len(every)} ({len(reads)} reads, {len(writes)} writes), "
        f"{len(every) / elapsed:.1f} per second; 304 answers: {results.statuses[304]}"
    )
    print(
        f"latency ms: p50 {statistics.median(every):.1f}, p99 {_percentile(every, 0.99):.1f}, "
        f"max {max(every):.1f}; reads p99 {_percentile(reads, 0.99):.1f}, "
        f"writes p99 {_percentile(writes, 0.99):.1f}"
    )
    print(f"errors: {errors} {dict(results.errors + warmup.errors)}; lost writes: {len(lost)}")
    for example in (warmup.examples + results.examples)[:10]:
        print("  e.g.", example)
    for line in lost[:10]:
        print("  lost:", line)
    for pid, start in rss_start.items():
        if pid not in rss_end:
            print(f"worker {pid}: RSS {start:.1f} MB at start, replaced before the end")
            continue
        growth = (rss_end[pid] - start) / start
        print(
            f"worker {pid}: RSS {start:.1f} MB at start, {rss_end[pid]:.1f} MB at end "
            f"({growth:+.1%})"
        )
        if growth >= MAX_MEMORY_GROWTH:
            failures.append(f"worker {pid} grew {growth:.1%} (limit {MAX_MEMORY_GROWTH:.0%})")
    if errors:
        failures.append(f"{errors} errors")
    if lost:
        failures.append(f"{len(lost)} acknowledged writes lost")
    if errors and "Traceback" in server_log:
        print("server log (last 2000 characters):\n" + server_log[-2000:])
    for failure in failures:
        print("FAILED:", failure)
    print("soak passed" if not failures else f"soak failed: {len(failures)} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
