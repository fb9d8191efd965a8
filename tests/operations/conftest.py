"""Fixtures of the tests that run the service as an operator meets it: real servers, real faults."""

import shutil

import pytest

from tests.servers import collect_static, load_dataset, production_environment


@pytest.fixture(scope="session")
def collected_static():
    """STATIC_ROOT collected once per run, as a deployment does before starting gunicorn."""
    collect_static(production_environment("sqlite://:memory:"))


@pytest.fixture(scope="session")
def sqlite_dataset_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("dataset") / "dataset.sqlite3"
    load_dataset(production_environment(f"sqlite:///{path}"))
    return path


@pytest.fixture
def sqlite_dataset(sqlite_dataset_template, tmp_path):
    """The URL of a SQLite database of this test's own, migrated and holding the dataset."""
    path = tmp_path / "banan.sqlite3"
    shutil.copyfile(sqlite_dataset_template, path)
    return f"sqlite:///{path}"
