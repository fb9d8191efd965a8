"""Migrations match the models and do not conflict."""

import pytest
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

pytestmark = pytest.mark.django_db


def test_no_conflicting_migrations():
    """No app has two leaf migrations."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    assert loader.detect_conflicts() == {}


def test_models_have_their_migrations():
    """makemigrations --check finds nothing to write."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
