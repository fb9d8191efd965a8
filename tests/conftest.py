"""Fixtures shared by the whole suite."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from apps.accounts.roles import EDITORS, VIEWERS


@pytest.fixture(autouse=True)
def _default_language():
    """A request for Chinese leaves Chinese active in the thread; each test starts in English."""
    yield
    translation.deactivate()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def dataset(db):
    """The published dataset, loaded as `make data` loads it."""
    call_command("load_dataset", verbosity=0)


def _staff_in(group_name, username):
    user = get_user_model().objects.create_user(username, password="an-editor-password-1")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    """A staff account in the Editors group, as `manage.py createeditor` makes it."""
    return _staff_in(EDITORS, "editor")


@pytest.fixture
def viewer(db):
    return _staff_in(VIEWERS, "viewer")


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def viewer_client(viewer):
    client = Client()
    client.force_login(viewer)
    return client
