"""Settings come from the environment; production refuses to start insecurely."""

import importlib
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GOOD_SECRET = "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyzABCDEF"


def _load_production_settings(**environment):
    """Import the production settings in a fresh interpreter with exactly this environment."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "banan_service.settings.production",
    }
    env.update(environment)
    code = (
        "import django; from django.conf import settings; django.setup();"
        "print(settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS, settings.DEBUG,"
        " settings.DATABASES['default']['ENGINE'], settings.SECURE_PROXY_SSL_HEADER is not None,"
        " ','.join(settings.ALLOWED_HOSTS))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("missing", "present"),
    [("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"), ("DJANGO_ALLOWED_HOSTS", "DJANGO_SECRET_KEY")],
)
def test_production_requires_a_secret_key_and_host_names(missing, present):
    """Neither has a default in production: without one the settings do not load.

    A weak key or a wildcard host loads, but the system checks refuse to serve it
    (tests/banan_service/test_checks.py)."""
    values = {"DJANGO_SECRET_KEY": GOOD_SECRET, "DJANGO_ALLOWED_HOSTS": "example.org"}
    result = _load_production_settings(**{present: values[present]})
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_is_secure_by_default_and_overridable_for_loopback():
    """SSL redirect and HSTS are on by default and each has its own variable to turn off."""
    secure = _load_production_settings(
        DJANGO_SECRET_KEY=GOOD_SECRET, DJANGO_ALLOWED_HOSTS="example.org"
    )
    assert secure.returncode == 0, secure.stderr
    assert secure.stdout.split() == [
        "True",
        "31536000",
        "False",
        "django.db.backends.sqlite3",
        "False",
        "example.org",
    ]

    loopback = _load_production_settings(
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/whatever",
    )
    assert loopback.returncode == 0, loopback.stderr
    assert loopback.stdout.split() == [
        "False",
        "0",
        "False",
        "django.db.backends.postgresql",
        "False",
        "127.0.0.1",
    ]


def test_x_forwarded_proto_is_believed_only_when_configured():
    """Behind a TLS-terminating proxy, DJANGO_TRUST_X_FORWARDED_PROTO turns the header on; the
    host list is read without stray spaces."""
    behind_proxy = _load_production_settings(
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="data.example.org, .example.org",
        DJANGO_TRUST_X_FORWARDED_PROTO="true",
    )
    assert behind_proxy.returncode == 0, behind_proxy.stderr
    assert behind_proxy.stdout.split()[-2:] == ["True", "data.example.org,.example.org"]


def test_production_passes_the_deployment_checklist():
    """`manage.py check --deploy` finds nothing to warn about in the production settings."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "banan_service.settings.production",
        "DJANGO_SECRET_KEY": GOOD_SECRET,
        "DJANGO_ALLOWED_HOSTS": "example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("proxy_ssl_header", "secure"),
    [(None, False), (("HTTP_X_FORWARDED_PROTO", "https"), True)],
    ids=["default", "trusted"],
)
def test_a_client_claiming_https_is_not_believed_by_default(rf, settings, proxy_ssl_header, secure):
    """Unless configured, `X-Forwarded-Proto: https` from anyone does not make a request secure
    (and so cannot skip the HTTPS redirect or mark a plain-HTTP request as safe for cookies)."""
    settings.SECURE_PROXY_SSL_HEADER = proxy_ssl_header
    request = rf.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert request.is_secure() is secure


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/api/v1/", "/admin/login/"])
def test_a_disallowed_host_is_one_log_line(client, caplog, path):
    """A request for another Host answers 400 and logs one line, without a traceback."""
    with caplog.at_level(logging.INFO):
        response = client.get(path, HTTP_HOST="attacker.example")
    assert response.status_code == 400
    lines = [
        logging.Formatter().format(record)
        for record in caplog.records
        if record.name.startswith(("django.security", "django.request"))
    ]
    assert len(lines) == 1, lines
    assert "Invalid HTTP_HOST header: 'attacker.example'" in lines[0]
    assert "\n" not in lines[0]


@pytest.mark.parametrize("module", ["local", "test", "production"])
def test_every_settings_module_logs_a_disallowed_host_without_its_traceback(monkeypatch, module):
    """The one-line rule is in base and no settings module replaces it."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", GOOD_SECRET)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "example.org")
    loaded = importlib.reload(importlib.import_module(f"banan_service.settings.{module}"))
    logging_settings = loaded.LOGGING
    assert logging_settings["loggers"]["django.security.DisallowedHost"]["filters"] == [
        "without_traceback"
    ]
    filter_factory = logging_settings["filters"]["without_traceback"]["()"]
    assert filter_factory == "banan_service.log.WithoutTraceback"
