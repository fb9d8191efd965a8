"""Settings come from the environment; production refuses to start insecurely."""

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
        " settings.DATABASES['default']['ENGINE'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    "secret",
    [None, "short", "django-insecure-" + "x" * 60, "a" * 60],
    ids=["missing", "short", "django-insecure", "low-variety"],
)
def test_production_refuses_an_insecure_secret(secret):
    """Without a long, random DJANGO_SECRET_KEY the production settings do not load."""
    environment = {"DJANGO_ALLOWED_HOSTS": "example.org"}
    if secret is not None:
        environment["DJANGO_SECRET_KEY"] = secret
    result = _load_production_settings(**environment)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_is_secure_by_default_and_overridable_for_loopback():
    """SSL redirect and HSTS are on by default and each has its own variable to turn off."""
    secure = _load_production_settings(
        DJANGO_SECRET_KEY=GOOD_SECRET, DJANGO_ALLOWED_HOSTS="example.org"
    )
    assert secure.returncode == 0, secure.stderr
    assert secure.stdout.split() == ["True", "31536000", "False", "django.db.backends.sqlite3"]

    loopback = _load_production_settings(
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/whatever",
    )
    assert loopback.returncode == 0, loopback.stderr
    assert loopback.stdout.split() == ["False", "0", "False", "django.db.backends.postgresql"]


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
