"""`manage.py createeditor`: a staff account in the right group, with a checked password."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from apps.accounts.management.commands import createeditor
from apps.accounts.roles import EDITORS, VIEWERS

pytestmark = pytest.mark.django_db

PASSWORD = "banan-editor-2024"


def _groups(username):
    return list(
        get_user_model().objects.get(username=username).groups.values_list("name", flat=True)
    )


def test_creates_a_staff_editor_from_the_environment(monkeypatch):
    """With DJANGO_EDITOR_PASSWORD set, the command needs no prompt."""
    monkeypatch.setenv("DJANGO_EDITOR_PASSWORD", PASSWORD)
    call_command("createeditor", "wang", "--no-input", "--email", "wang@example.org")
    user = get_user_model().objects.get(username="wang")
    assert (user.is_staff, user.is_superuser, user.email) == (True, False, "wang@example.org")
    assert user.check_password(PASSWORD)
    assert _groups("wang") == [EDITORS]


def test_viewer_flag_puts_the_account_in_viewers():
    """--viewer makes a read-only account."""
    call_command("createeditor", "li", "--viewer", "--password", PASSWORD, "--no-input")
    assert _groups("li") == [VIEWERS]


def test_prompts_twice_for_the_password(monkeypatch):
    """At a terminal the password is typed twice and not echoed."""
    monkeypatch.delenv("DJANGO_EDITOR_PASSWORD", raising=False)
    monkeypatch.setattr(createeditor.getpass, "getpass", lambda prompt: PASSWORD)
    call_command("createeditor", "zhao")
    assert get_user_model().objects.get(username="zhao").check_password(PASSWORD)


def test_refuses_two_different_passwords(monkeypatch):
    """A typing mistake at the prompt creates no account."""
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.delenv("DJANGO_EDITOR_PASSWORD", raising=False)
    monkeypatch.setattr(createeditor.getpass, "getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="differ"):
        call_command("createeditor", "zhao")
    assert not get_user_model().objects.filter(username="zhao").exists()


def test_refuses_to_run_without_a_password_and_without_a_prompt(monkeypatch):
    """--no-input with no password anywhere is an error, not an account without a password."""
    monkeypatch.delenv("DJANGO_EDITOR_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="DJANGO_EDITOR_PASSWORD"):
        call_command("createeditor", "sun", "--no-input")


def test_refuses_a_weak_password():
    """Django's password validators apply."""
    with pytest.raises(CommandError, match="too common"):
        call_command("createeditor", "sun", "--password", "password", "--no-input")
    assert not get_user_model().objects.filter(username="sun").exists()


def test_refuses_an_existing_username():
    """An existing account is never overwritten."""
    get_user_model().objects.create_user("wang")
    with pytest.raises(CommandError, match="already exists"):
        call_command("createeditor", "wang", "--password", PASSWORD, "--no-input")


def test_explains_a_missing_group():
    """Without the roles migration the command says what to run instead of failing obscurely."""
    Group.objects.filter(name=EDITORS).delete()
    with pytest.raises(CommandError, match="migrate"):
        call_command("createeditor", "wang", "--password", PASSWORD, "--no-input")
    assert not get_user_model().objects.filter(username="wang").exists()
