"""Fixtures shared by the whole suite."""

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def dataset(db):
    """The published dataset, loaded as `make data` loads it."""
    from django.core.management import call_command

    call_command("load_dataset", verbosity=0)
