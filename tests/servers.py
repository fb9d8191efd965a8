"""Real servers for the tests that need them, each on a free loopback port and stopped by its test.

- ``Gunicorn``: the service under gunicorn with the production settings over plain HTTP, as the
  README runs it, with whatever environment the test gives (``production_environment``).
- ``PostgresCluster``: a throw-away PostgreSQL cluster (initdb/pg_ctl, trust authentication,
  fsync off) that a test may stop and start; never the machine's shared server.
- ``RedisServer``: a throw-away Redis that keeps nothing on disk, stopped and started at will.
- ``HangingListener``: a "database" that accepts connections and never answers.

Every class is a context manager that cleans up after itself. ``require_tools`` skips a test whose
tools are missing, saying so, or fails it where ``BANAN_REQUIRE_SERVERS`` is set (``.ci/run``).
Set ``BANAN_TEST_PORTS=8120-8139`` to keep every port in a range of your own.
"""

import contextlib
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
REQUIRE_SERVERS_VARIABLE = "BANAN_REQUIRE_SERVERS"
PORTS_VARIABLE = "BANAN_TEST_PORTS"

_ports_handed_out: set[int] = set()


def free_port() -> int:
    """A loopback port nothing listens on (from ``BANAN_TEST_PORTS`` when set), never the same
    twice in one test run, so two servers started in a row cannot be handed one port."""
    if span := os.environ.get(PORTS_VARIABLE):
        first, last = (int(part) for part in span.split("-"))
        candidates = range(first, last + 1)
    else:
        candidates = [0] * 20
    for candidate in candidates:
        if candidate in _ports_handed_out:
            continue
        with socket.socket() as probe:
            try:
                probe.bind((HOST, candidate))
            except OSError:
                continue
            port = probe.getsockname()[1]
        if port not in _ports_handed_out:
            _ports_handed_out.add(port)
            return port
    raise RuntimeError(f"no free port left in {os.environ.get(PORTS_VARIABLE, 'the OS range')}")


def wait_until(condition, *, timeout: float, interval: float = 0.05, what: str = "condition"):
    """Call ``condition`` until it returns something true; return that, or fail after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not true within {timeout} s")
        time.sleep(interval)


def postgres_bin() -> Path | None:
    """The folder of initdb and pg_ctl: where ``initdb`` on PATH leads, or Debian's newest
    /usr/lib/postgresql/N/bin."""
    if found := shutil.which("initdb"):
        return Path(found).resolve().parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda path: int(path.parts[-3])
    )
    return versions[-1].parent if versions else None


POSTGRES_SERVER_TOOLS = {"initdb", "pg_ctl", "postgres"}


def require_tools(*tools: str) -> None:
    """Skip the calling test when a tool (``initdb``, ``redis-server``, ...) is missing, or fail
    it where ``BANAN_REQUIRE_SERVERS`` is set, as CI does."""
    server_bin = postgres_bin()
    missing = [
        tool
        for tool in tools
        if not (
            (server_bin / tool).is_file()
            if tool in POSTGRES_SERVER_TOOLS and server_bin
            else shutil.which(tool)
        )
    ]
    if not missing:
        return
    message = f"needs {', '.join(missing)} (the PostgreSQL server or Redis packages)"
    if os.environ.get(REQUIRE_SERVERS_VARIABLE):
        pytest.fail(f"{message}; {REQUIRE_SERVERS_VARIABLE} is set, so this is an error")
    pytest.skip(message)


# --- The service under gunicorn -------------------------------------------------------------------


def production_environment(database_url: str, redis_url: str = "", **overrides) -> dict[str, str]:
    """The environment of a production run over plain HTTP on loopback (README, Configuration).

    Only the variables given here reach the service: the test run's own DATABASE_URL, REDIS_URL
    and settings module are replaced. ``overrides`` add or change variables (values as strings).
    """
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_", "API_"))
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "banan_service.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "DJANGO_SESSION_COOKIE_SECURE": "false",
            "DJANGO_CSRF_COOKIE_SECURE": "false",
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    environment.update({name: str(value) for name, value in overrides.items()})
    return environment


def manage(environment: dict[str, str], *arguments: str) -> str:
    """Run ``manage.py`` with ``environment``; its standard output, or an error showing both."""
    completed = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if completed.returncode:
        raise RuntimeError(
            f"manage.py {' '.join(arguments)} exited {completed.returncode}:\n"
            f"{completed.stdout}\n{completed.stderr}"
        )
    return completed.stdout


def load_dataset(environment: dict[str, str]) -> None:
    """Migrate the database ``environment`` names and load the published dataset, as make data."""
    manage(environment, "migrate", "--no-input", "--verbosity", "0")
    manage(environment, "load_dataset", "--verbosity", "0")


def collect_static(environment: dict[str, str]) -> None:
    """collectstatic into STATIC_ROOT: the production pages and static files need its manifest."""
    manage(environment, "collectstatic", "--no-input", "--verbosity", "0")


@dataclass
class Editor:
    username: str
    password: str
    token: str


def create_editor(environment: dict[str, str], username: str) -> Editor:
    """An editor account (the Editors group, as ``createeditor`` makes it) with an API token."""
    password = secrets.token_urlsafe(16)
    code = (
        "from django.core.management import call_command;"
        "from django.contrib.auth import get_user_model;"
        "from rest_framework.authtoken.models import Token;"
        f"call_command('createeditor', {username!r}, interactive=False);"
        f"user = get_user_model().objects.get(username={username!r});"
        "print(Token.objects.create(user=user).key)"
    )
    output = manage({**environment, "DJANGO_EDITOR_PASSWORD": password}, "shell", "-c", code)
    return Editor(username, password, output.split()[-1])


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float
    cookies: dict[str, str]

    def json(self):
        return json.loads(self.body)


class Gunicorn:
    """The service under gunicorn (``gunicorn.conf.py``, ``banan_service.wsgi``) on a free port.

    Started on entering, with ``environment`` (see ``production_environment``), ``workers`` sync
    workers and any ``extra_arguments``; ready once ``/healthz`` answers, which needs no database.
    Its standard error (Django's log included) is kept in a file: ``log()``.
    """

    def __init__(self, environment, *, workers=2, port=None, extra_arguments=(), ready_timeout=30):
        self.environment = environment
        self.workers = workers
        self.port = port or free_port()
        self.extra_arguments = list(extra_arguments)
        self.ready_timeout = ready_timeout
        self.process = None
        self._log_directory = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()
        shutil.rmtree(self._log_directory, ignore_errors=True)

    def start(self):
        if self._log_directory:
            shutil.rmtree(self._log_directory, ignore_errors=True)
        self._log_directory = Path(tempfile.mkdtemp(prefix="banan-gunicorn-"))
        with self._log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    # The configuration every production run uses; the command line picks the
                    # port and the number of workers.
                    "--config",
                    str(REPO / "gunicorn.conf.py"),
                    "--bind",
                    f"{HOST}:{self.port}",
                    "--workers",
                    str(self.workers),
                    "--log-level",
                    "warning",
                    *self.extra_arguments,
                ],
                cwd=REPO,
                env=self.environment,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )

        def answers():
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited {self.process.returncode}:\n{self.log()}")
            try:
                return self.request("GET", "/healthz", timeout=1).status == 200
            except OSError:
                return False

        wait_until(answers, timeout=self.ready_timeout, interval=0.1, what="gunicorn answers")
        # Every worker is up, so a test's timings never include a worker still booting.
        wait_until(lambda: len(self.worker_pids()) == self.workers, timeout=self.ready_timeout)

    def stop(self):
        """Stop gunicorn; its log stays readable until the next ``start`` or leaving."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)

    @property
    def _log_path(self) -> Path:
        return self._log_directory / "gunicorn.log"

    def log(self) -> str:
        """Everything gunicorn and Django wrote to standard error so far."""
        return self._log_path.read_text(errors="replace") if self._log_directory else ""

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def admin_session(self, username: str, password: str) -> str:
        """Log in to the admin as a browser does; the Cookie header of the session."""
        form = self.request("GET", "/admin/login/")
        csrf_token = form.cookies["csrftoken"]
        body = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": csrf_token}
        )
        answer = self.request(
            "POST",
            "/admin/login/?next=/admin/",
            headers={
                "Cookie": f"csrftoken={csrf_token}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            body=body,
        )
        if answer.status != 302 or "sessionid" not in answer.cookies:
            raise RuntimeError(f"admin login answered {answer.status}: {answer.body[:500]!r}")
        return f"csrftoken={csrf_token}; sessionid={answer.cookies['sessionid']}"

    def request(self, method, path, *, headers=None, body=None, timeout=30.0) -> Reply:
        """One request on a new connection; the whole answer, and how long it took."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            payload = response.read()
        finally:
            connection.close()
        return Reply(
            status=response.status,
            headers={name.lower(): value for name, value in response.getheaders()},
            body=payload,
            seconds=time.perf_counter() - started,
            cookies={
                cookie.split("=", 1)[0]: cookie.split("=", 1)[1].split(";", 1)[0]
                for name, cookie in response.getheaders()
                if name.lower() == "set-cookie"
            },
        )


ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@contextlib.contextmanager
def postgresql_databases(*names):
    """Fresh databases on the server DATABASE_URL names; their URLs. Dropped on leaving."""
    import psycopg

    server = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    admin_url = server._replace(path="/postgres").geturl()
    base = server.path.strip("/") or "banan"
    databases = [f"{base}_{name}" for name in names]
    with psycopg.connect(admin_url, autocommit=True) as admin:
        for database in databases:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{database}"')
        try:
            yield [server._replace(path=f"/{database}").geturl() for database in databases]
        finally:
            for database in databases:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


# --- Throw-away PostgreSQL and Redis --------------------------------------------------------------


class PostgresCluster:
    """A throw-away PostgreSQL cluster on a free loopback port, with trust authentication.

    Initialised and started on entering (as the ``postgres`` user when the tests run as root,
    since PostgreSQL refuses to run as root); ``stop()`` and ``start()`` take it down and bring it
    back; leaving stops it and deletes its files.
    """

    def __init__(self, port=None):
        self.port = port or free_port()
        self.bin = postgres_bin()
        self.directory = None
        self.running = False

    def __enter__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="banan-postgres-"))
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()
        return self

    def __exit__(self, *exc_info):
        try:
            if self.running:
                self.stop(mode="immediate")
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def _run(self, tool, *arguments):
        command = [str(self.bin / tool), *arguments]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self):
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses={HOST} "
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        log = self.directory / "postgres.log"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(log), "-o", options, "-w", "start")
        self.running = True

    def stop(self, mode="fast"):
        """Stop the server; ``fast`` (the default) disconnects every client at once."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")
        self.running = False

    def url(self, database: str) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create database ``name``; its URL."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


class RedisServer:
    """A throw-away Redis on a free loopback port that keeps nothing on disk.

    Started on entering; ``stop()`` and ``start()`` take it down and bring it back (empty).
    """

    def __init__(self, port=None):
        self.port = port or free_port()
        self.process = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def url(self, db: int = 0) -> str:
        return f"redis://{HOST}:{self.port}/{db}"

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.answers, timeout=10, what="redis-server answers PING")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)

    def answers(self) -> bool:
        try:
            with socket.create_connection((HOST, self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def key_count(self, db: int = 0) -> int:
        import redis

        return redis.Redis.from_url(self.url(db)).dbsize()


class HangingListener:
    """A server that accepts every connection and never sends a byte: a hung database."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self._socket = None
        self._accepted = []

    def __enter__(self):
        self._socket = socket.socket()
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((HOST, self.port))
        self._socket.listen(64)
        threading.Thread(target=self._accept_forever, daemon=True).start()
        return self

    def _accept_forever(self):
        with contextlib.suppress(OSError):
            while True:
                connection, _ = self._socket.accept()
                self._accepted.append(connection)

    def __exit__(self, *exc_info):
        with contextlib.suppress(OSError):
            self._socket.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
        self._socket.close()
        for connection in self._accepted:
            connection.close()

    @property
    def connections_accepted(self) -> int:
        return len(self._accepted)
