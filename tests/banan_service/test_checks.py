"""The environment is checked by system checks with stable IDs; errors stop the service starting."""

import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from banan_service.checks import (
    NOT_AT_START,
    check_allowed_hosts,
    check_api_settings,
    check_http_edge_settings,
    check_login_lockout_settings,
    check_secret_key,
    refuse_to_serve_on_errors,
)

REPO = Path(__file__).resolve().parents[2]
GOOD_SECRET = "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyzABCDEF"


def _ids(messages):
    return [message.id for message in messages]


@pytest.mark.parametrize(
    "secret",
    ["short", "django-insecure-" + "x" * 60, "a" * 60, "ab" * 40],
    ids=["short", "django-insecure", "one-character", "two-characters"],
)
def test_an_insecure_secret_key_is_an_error(secret):
    """Short, development (django-insecure…) and low-variety keys are banan.E001."""
    with override_settings(SECRET_KEY=secret):
        assert _ids(check_secret_key(None)) == ["banan.E001"]


def test_a_long_random_secret_key_passes():
    """50 or more varied characters pass."""
    with override_settings(SECRET_KEY=GOOD_SECRET):
        assert check_secret_key(None) == []


@pytest.mark.parametrize(
    "hosts",
    [["*"], ["example.org", "*"], ["*.*"], [".*"], ["*.example.org"]],
    ids=["star", "star-among-names", "star-dot-star", "dot-star", "glob"],
)
def test_a_wildcard_host_is_an_error(hosts):
    """Any '*' is banan.E002: it either lets every Host through or (a glob) matches nothing."""
    with override_settings(ALLOWED_HOSTS=hosts):
        messages = check_allowed_hosts(None)
    assert _ids(messages) == ["banan.E002"]
    assert "DJANGO_ALLOWED_HOSTS" in messages[0].msg


def test_named_hosts_and_domains_pass():
    """Exact names and '.example.org' (a domain and its subdomains) are fine."""
    with override_settings(ALLOWED_HOSTS=["data.example.org", ".example.org", "127.0.0.1"]):
        assert check_allowed_hosts(None) == []


def test_wildcards_and_insecure_keys_are_deployment_checks():
    """They are run by `check --deploy` and the application's start, not by every command, so
    local development keeps its development key."""
    deploy_only = set(checks.registry.registry.get_checks(include_deployment_checks=True)) - set(
        checks.registry.registry.get_checks()
    )
    assert {check_secret_key, check_allowed_hosts} <= deploy_only


@pytest.mark.parametrize(
    ("setting", "value", "check_id"),
    [
        ("API_CACHE_MAX_AGE", -1, "banan.E003"),
        ("API_CACHE_MAX_AGE", "five minutes", "banan.E003"),
        ("API_CACHE_MAX_AGE", True, "banan.E003"),
        ("API_ANON_THROTTLE_RATE", "fast", "banan.E004"),
        ("API_ANON_THROTTLE_RATE", "10/fortnight", "banan.E004"),
        ("API_ANON_THROTTLE_RATE", "0/hour", "banan.E004"),
        ("API_CSV_MAX_ROWS", 0, "banan.E005"),
        ("API_CSV_MAX_ROWS", "many", "banan.E005"),
        ("API_CSV_MAX_ROWS", 30001, "banan.E005"),
    ],
)
def test_a_malformed_api_setting_is_an_error(setting, value, check_id):
    """Each API setting has its own ID, and the message names the variable to fix."""
    with override_settings(**{setting: value}):
        messages = check_api_settings(None)
    assert _ids(messages) == [check_id]
    assert setting in messages[0].msg


@pytest.mark.parametrize(
    ("setting", "value"), [("API_ANON_THROTTLE_RATE", None), ("API_CACHE_MAX_AGE", 0)]
)
def test_throttling_and_caching_may_be_turned_off(setting, value):
    """No rate (throttling off) and a max-age of 0 are valid."""
    with override_settings(**{setting: value}):
        assert check_api_settings(None) == []


@pytest.mark.parametrize(
    ("setting", "value", "check_id", "variable"),
    [
        ("TRUSTED_PROXY_COUNT", -1, "banan.E006", "DJANGO_TRUSTED_PROXY_COUNT"),
        ("TRUSTED_PROXY_COUNT", "one", "banan.E006", "DJANGO_TRUSTED_PROXY_COUNT"),
        ("MAX_URL_LENGTH", 100, "banan.E007", "DJANGO_MAX_URL_LENGTH"),
        ("MAX_URL_LENGTH", "16k", "banan.E007", "DJANGO_MAX_URL_LENGTH"),
    ],
)
def test_a_malformed_http_edge_setting_is_an_error(setting, value, check_id, variable):
    """A negative proxy count or a URL bound too small for the service's own pages."""
    with override_settings(**{setting: value}):
        messages = check_http_edge_settings(None)
    assert _ids(messages) == [check_id]
    assert variable in messages[0].msg


@pytest.mark.parametrize(
    ("setting", "value", "check_id", "variable"),
    [
        ("AXES_FAILURE_LIMIT", 0, "banan.E008", "ADMIN_LOGIN_FAILURE_LIMIT"),
        ("AXES_FAILURE_LIMIT", "five", "banan.E008", "ADMIN_LOGIN_FAILURE_LIMIT"),
        ("AXES_COOLOFF_TIME", timedelta(0), "banan.E009", "ADMIN_LOGIN_COOL_OFF_SECONDS"),
        ("AXES_COOLOFF_TIME", "soon", "banan.E009", "ADMIN_LOGIN_COOL_OFF_SECONDS"),
        ("AXES_COOLOFF_TIME", None, "banan.E009", "ADMIN_LOGIN_COOL_OFF_SECONDS"),
    ],
)
def test_a_malformed_lockout_setting_is_an_error(setting, value, check_id, variable):
    """No lockout limit, or a cool-off that would never end (or end at once)."""
    with override_settings(**{setting: value}):
        messages = check_login_lockout_settings(None)
    assert _ids(messages) == [check_id]
    assert variable in messages[0].msg


def test_the_test_settings_pass_every_check():
    """`manage.py check` finds nothing in the settings the suite runs with."""
    call_command("check", fail_level="WARNING")


def test_the_start_refuses_on_an_error_naming_every_failed_check():
    """refuse_to_serve_on_errors raises with the ID and message of each error."""
    with (
        override_settings(SECRET_KEY="short", ALLOWED_HOSTS=["*"]),
        pytest.raises(SystemCheckError) as refusal,
    ):
        refuse_to_serve_on_errors()
    assert "banan.E001" in str(refusal.value)
    assert "banan.E002" in str(refusal.value)


def test_a_development_server_is_no_deployment():
    """With DEBUG (make serve's local settings) a development key does not stop the start."""
    with override_settings(DEBUG=True, SECRET_KEY="django-insecure-local"):
        refuse_to_serve_on_errors()


def test_make_serve_settings_load_the_wsgi_application():
    """runserver loads banan_service.wsgi; under the local settings, with no variable set, it
    must load (as it does on a fresh machine), not refuse the development key."""
    result = _import_entry_point(
        "banan_service.wsgi", DJANGO_SETTINGS_MODULE="banan_service.settings.local"
    )
    assert result.returncode == 0, result.stderr


def test_the_start_logs_warnings_one_line_each_and_serves(caplog):
    """Warnings (here Django's: no HSTS, no HTTPS redirect) are logged but do not stop it."""
    with caplog.at_level(logging.WARNING, logger="banan_service.checks"):
        refuse_to_serve_on_errors()
    warnings = [record.getMessage() for record in caplog.records]
    assert any("security.W004" in message for message in warnings)
    assert all("\n" not in message for message in warnings)


def _import_entry_point(module, **environment):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "banan_service.settings.production",
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


@pytest.mark.parametrize("module", ["banan_service.wsgi", "banan_service.asgi"])
def test_the_entry_points_refuse_an_insecure_production_environment(module):
    """Production with a weak key and a wildcard host does not load: both checks are named."""
    result = _import_entry_point(module, DJANGO_SECRET_KEY="short", DJANGO_ALLOWED_HOSTS="*")
    assert result.returncode != 0
    assert "banan.E001" in result.stderr
    assert "banan.E002" in result.stderr


def test_the_checks_skipped_at_start_exist():
    """Generating the whole schema at every worker's start costs seconds and checks the code, not
    the deployment: it is left to `check` and `make test`. Each skipped name still matches a
    registered check, so an upstream rename is noticed here."""
    registered = {
        f"{check.__module__}.{check.__qualname__}"
        for check in checks.registry.registry.get_checks(include_deployment_checks=True)
    }
    assert registered >= NOT_AT_START
