"""The API's operational settings come from the environment and refuse nonsense at start-up."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("API_ANON_THROTTLE_RATE", "fast"),
        ("API_ANON_THROTTLE_RATE", "10/fortnight"),
        ("API_ANON_THROTTLE_RATE", "0/hour"),
        ("API_CACHE_MAX_AGE", "-1"),
        ("API_CSV_MAX_ROWS", "0"),
    ],
)
def test_a_malformed_value_stops_the_start(variable, value):
    """A rate DRF could not parse would fail every request; it fails at start-up instead."""
    result = _load_settings(**{variable: value})
    assert result.returncode != 0
    assert variable in result.stderr
