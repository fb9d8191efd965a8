"""Migrations reverse: a release can be rolled back. (That the models have their migrations is
checked once, by ``make check-migrations``.)"""

import pytest

from tests.servers import manage, production_environment

pytestmark = pytest.mark.servers


def test_every_migration_reverses_and_applies_again(tmp_path):
    """On a fresh SQLite database: migrate, unapply every migration, migrate again."""
    environment = production_environment(f"sqlite:///{tmp_path / 'migrations.sqlite3'}")
    manage(environment, "migrate", "--no-input", "--verbosity", "0")
    # Unapplying contenttypes takes everything that depends on it back first: every app.
    manage(environment, "migrate", "contenttypes", "zero", "--no-input", "--verbosity", "0")
    assert "[X]" not in manage(environment, "showmigrations", "--list", "contenttypes", "auth")
    manage(environment, "migrate", "--no-input", "--verbosity", "0")
    assert "[ ]" not in manage(environment, "showmigrations", "--list")
