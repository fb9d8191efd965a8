"""gunicorn.conf.py: the production server lets the service answer long URLs in JSON, stops
gracefully, and does not start with an insecure environment.

Each server is gunicorn with the committed configuration and the production settings, over plain
HTTP on loopback as README shows, on a free port and a throw-away SQLite database. Every wait is
bounded, and every server is stopped by its PID.
"""

import http.client
import json
import os
import runpy
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "gunicorn.conf.py"
HOST = "127.0.0.1"
START_TIMEOUT = 30
STOP_TIMEOUT = 20


def _free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def production_environment(tmp_path_factory):
    """README's plain-HTTP production variables, a migrated scratch database, one worker."""
    database = tmp_path_factory.mktemp("gunicorn") / "db.sqlite3"
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "banan_service.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_SESSION_COOKIE_SECURE": "false",
        "DJANGO_CSRF_COOKIE_SECURE": "false",
        "DATABASE_URL": f"sqlite:///{database}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_GRACEFUL_TIMEOUT": "10",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "--verbosity", "0"],
        cwd=REPO,
        env=environment,
        check=True,
        timeout=120,
    )
    return environment


def _start(environment):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", str(CONFIG)],
        cwd=REPO,
        env={**environment, "GUNICORN_BIND": f"{HOST}:{port}"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return server, port


@contextmanager
def _serving(environment):
    """A running server, (process, port), stopped by its PID afterwards."""
    server, port = _start(environment)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert server.poll() is None, server.communicate()[0]
            # An answer, not only a connection: the master listens before its worker has booted.
            try:
                _get(port, "/api/v1/")
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.2)
        yield server, port
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
        try:
            server.communicate(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()


@pytest.fixture(scope="module")
def shared_server(production_environment):
    with _serving(production_environment) as server_and_port:
        yield server_and_port


@pytest.fixture
def own_server(production_environment):
    with _serving(production_environment) as server_and_port:
        yield server_and_port


def _get(port, path):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type"), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("query_bytes", "status", "error_type"),
    [(6_000, 400, "validation_error"), (20_000, 414, "client_error")],
)
def test_a_long_query_string_is_answered_by_the_service_in_json(
    shared_server, query_bytes, status, error_type
):
    """Past gunicorn's default 4,094-byte request line: 6,000 bytes reach the API (400 for the
    unknown parameter), 20,000 exceed DJANGO_MAX_URL_LENGTH (414); both in the API's JSON."""
    _, port = shared_server
    query = "unknown=" + "x" * (query_bytes - len("unknown="))
    answer_status, content_type, body = _get(port, "/api/v1/clusters/?" + query)
    assert (answer_status, content_type) == (status, "application/json")
    assert json.loads(body)["type"] == error_type


def test_sigterm_lets_the_request_in_flight_finish_then_stops(own_server):
    """A TERM while a request is still arriving: that request is answered in full, then
    gunicorn exits cleanly within the graceful timeout."""
    server, port = own_server
    with socket.create_connection((HOST, port), timeout=STOP_TIMEOUT) as client:
        client.sendall(f"GET /api/v1/ HTTP/1.1\r\nHost: {HOST}\r\n".encode())
        time.sleep(0.2)  # the idle worker accepts the connection and reads the request
        server.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        client.sendall(b"\r\n")
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 "), head
    assert json.loads(body)  # the whole body arrived
    output, _ = server.communicate(timeout=STOP_TIMEOUT)
    assert server.returncode == 0, output
    assert "Handling signal: term" in output


def test_an_insecure_environment_stops_gunicorn_at_start(production_environment):
    """A short secret key: the worker's system checks fail, so gunicorn exits instead of
    serving, with the check's message in its log."""
    server, _ = _start({**production_environment, "DJANGO_SECRET_KEY": "too-short"})
    try:
        output, _ = server.communicate(timeout=START_TIMEOUT)
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
    assert server.returncode != 0
    assert "banan.E001" in output


def _configuration(monkeypatch, **environment):
    for name in [name for name in os.environ if name.startswith("GUNICORN_")]:
        monkeypatch.delenv(name)
    monkeypatch.delenv("DJANGO_TRUST_X_FORWARDED_PROTO", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_the_defaults_bound_workers_and_lift_only_the_request_line(monkeypatch):
    """Timeouts are on and worker recycling off (see gunicorn.conf.py); the request line is
    unlimited (the service bounds the URL); header limits stay gunicorn's; no control socket
    shared between servers."""
    configuration = _configuration(monkeypatch)
    assert configuration["wsgi_app"] == "banan_service.wsgi:application"
    assert configuration["bind"] == ["127.0.0.1:8000"]
    assert configuration["workers"] >= 3
    assert (configuration["timeout"], configuration["graceful_timeout"]) == (30, 30)
    assert (configuration["max_requests"], configuration["max_requests_jitter"]) == (0, 1000)
    assert configuration["limit_request_line"] == 0
    assert configuration["limit_request_field_size"] == 8190
    assert configuration["control_socket_disable"] is True


def test_every_setting_has_its_variable(monkeypatch):
    """Each default can be changed from the environment."""
    configuration = _configuration(
        monkeypatch,
        GUNICORN_BIND="0.0.0.0:8000,[::]:8000",
        GUNICORN_WORKERS="4",
        GUNICORN_TIMEOUT="20",
        GUNICORN_GRACEFUL_TIMEOUT="25",
        GUNICORN_KEEPALIVE="75",
        GUNICORN_MAX_REQUESTS="20000",
        GUNICORN_MAX_REQUESTS_JITTER="5000",
        GUNICORN_CONTROL_SOCKET="/run/banan/gunicorn.ctl",
    )
    assert configuration["bind"] == ["0.0.0.0:8000", "[::]:8000"]
    assert [configuration[name] for name in ("workers", "timeout", "graceful_timeout")] == [
        4,
        20,
        25,
    ]
    assert configuration["keepalive"] == 75
    assert (configuration["max_requests"], configuration["max_requests_jitter"]) == (20000, 5000)
    assert configuration["control_socket"] == "/run/banan/gunicorn.ctl"
    assert configuration["control_socket_disable"] is False


@pytest.mark.parametrize(
    ("trust", "scheme_headers", "allow_ips"),
    [(None, {}, ""), ("false", {}, ""), ("true", {"X-FORWARDED-PROTO": "https"}, "*")],
)
def test_gunicorn_believes_x_forwarded_proto_exactly_when_django_does(
    monkeypatch, trust, scheme_headers, allow_ips
):
    """One variable for both: by default no header makes a request HTTPS in gunicorn either;
    turned on, gunicorn believes X-Forwarded-Proto alone, from the proxy as Django does."""
    environment = {} if trust is None else {"DJANGO_TRUST_X_FORWARDED_PROTO": trust}
    configuration = _configuration(monkeypatch, **environment)
    assert configuration["secure_scheme_headers"] == scheme_headers
    assert configuration["forwarded_allow_ips"] == allow_ips
    assert configuration["forwarder_headers"] == ""
