"""The API's operational settings come from the environment; nonsense fails the system checks."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _load_settings(**environment):
    """Import the test settings in a fresh interpreter with these variables set."""
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "banan_service.settings.test"}
    env.update(environment)
    code = (
        "import django; from django.conf import settings; django.setup();"
        "print(settings.API_ANON_THROTTLE_RATE, settings.API_CACHE_MAX_AGE,"
        " settings.API_CSV_MAX_ROWS)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=False
    )


def test_the_defaults():
    """1000 requests an hour, five minutes of caching, 10000 rows per CSV export."""
    result = _load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1000/hour", "300", "10000"]


def test_each_setting_has_its_variable():
    """A benchmark can lift the rate; an empty rate turns throttling off."""
    result = _load_settings(
        API_ANON_THROTTLE_RATE="100000/minute", API_CACHE_MAX_AGE="0", API_CSV_MAX_ROWS="50"
    )
    assert result.stdout.split() == ["100000/minute", "0", "50"]
    assert _load_settings(API_ANON_THROTTLE_RATE="").stdout.split()[0] == "None"


def test_malformed_values_fail_the_system_checks_each_named():
    """A rate DRF could not parse would fail every request: `manage.py check` names every bad
    variable at once instead. The WSGI and ASGI entry points run the same checks, so the service
    does not start either (tests/banan_service/test_checks.py has each check's cases)."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "banan_service.settings.test",
        "API_ANON_THROTTLE_RATE": "10/fortnight",
        "API_CACHE_MAX_AGE": "five minutes",
        "API_CSV_MAX_ROWS": "0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    for check_id, variable in [
        ("banan.E003", "API_CACHE_MAX_AGE"),
        ("banan.E004", "API_ANON_THROTTLE_RATE"),
        ("banan.E005", "API_CSV_MAX_ROWS"),
    ]:
        assert f"({check_id}) {variable}" in result.stderr
