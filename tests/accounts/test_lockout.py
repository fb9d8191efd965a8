"""The admin login locks out repeated failures (django-axes) and tells the editor so, in their
language; the lockout is keyed on the username and the client address, and ends after the
cool-off."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from rest_framework import status

pytestmark = pytest.mark.django_db

PASSWORD = "an-editor-password-1"  # tests/conftest.py's editor
LIMIT = 3
COOL_OFF = timedelta(minutes=15)
HOME = "203.0.113.7"
ELSEWHERE = "198.51.100.9"


@pytest.fixture(autouse=True)
def _lockout_settings(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = COOL_OFF
    settings.TRUSTED_PROXY_COUNT = 0


def _log_in(client, username, password, address=HOME, **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def _fail_until_locked(client, username, address=HOME):
    answers = [_log_in(client, username, "wrong-password", address) for _ in range(LIMIT)]
    return [answer.status_code for answer in answers]


def _let_the_cool_off_pass(extra=timedelta(seconds=1)):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - COOL_OFF - extra)


def _logged_in(response):
    return response.status_code == status.HTTP_302_FOUND and response["Location"] == "/admin/"


def test_repeated_wrong_passwords_lock_the_login_out(client, editor):
    """Wrong passwords are refused as usual until the limit; the last one is the lockout."""
    assert _fail_until_locked(client, editor.username) == [200] * (LIMIT - 1) + [429]


def test_the_right_password_is_refused_while_locked_out(client, editor):
    """Once locked out, even the right password does not log in."""
    _fail_until_locked(client, editor.username)
    response = _log_in(client, editor.username, PASSWORD)
    assert response.status_code == status.HTTP_429_TOO_MANY_REQUESTS
    assert "_auth_user_id" not in client.session


def test_the_right_password_works_again_after_the_cool_off(client, editor):
    """When the cool-off has passed (moved back in time here), the editor logs in."""
    _fail_until_locked(client, editor.username)
    _let_the_cool_off_pass()
    assert _logged_in(_log_in(client, editor.username, PASSWORD))


def test_a_try_during_the_lockout_starts_the_cool_off_again(client, editor):
    """Guessing on through a lockout keeps it: each try restarts the wait."""
    _fail_until_locked(client, editor.username)
    _let_the_cool_off_pass(extra=-timedelta(minutes=1))  # a minute of it left
    assert _log_in(client, editor.username, "wrong-again").status_code == 429
    _let_the_cool_off_pass(extra=-timedelta(minutes=1))
    assert _log_in(client, editor.username, PASSWORD).status_code == 429


def test_the_lockout_is_for_that_username_from_that_address(client, editor, viewer):
    """A stranger's guessing does not lock the editor out from elsewhere, nor colleagues who share
    the stranger's address."""
    _fail_until_locked(client, editor.username, address=HOME)
    assert _logged_in(_log_in(client, editor.username, PASSWORD, address=ELSEWHERE))
    client.logout()
    assert _logged_in(_log_in(client, viewer.username, PASSWORD, address=HOME))


def test_a_success_forgets_earlier_typos(client, editor):
    """Failures before a successful login do not count towards a later lockout."""
    for _ in range(LIMIT - 1):
        _log_in(client, editor.username, "typo")
    assert _logged_in(_log_in(client, editor.username, PASSWORD))
    client.logout()
    assert _fail_until_locked(client, editor.username)[: LIMIT - 1] == [200] * (LIMIT - 1)


def test_a_forged_x_forwarded_for_does_not_escape_the_lockout(client, editor):
    """Without trusted proxies the header is ignored: a new forged address per try changes
    nothing."""
    for attempt in range(LIMIT):
        _log_in(client, editor.username, "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}")
    response = _log_in(client, editor.username, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert response.status_code == status.HTTP_429_TOO_MANY_REQUESTS


def test_behind_a_trusted_proxy_the_lockout_keys_on_the_forwarded_client(client, editor, settings):
    """With one trusted proxy, clients behind it are told apart by the address it forwards."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for _ in range(LIMIT):
        _log_in(client, editor.username, "wrong", address=proxy, HTTP_X_FORWARDED_FOR=HOME)
    locked = _log_in(client, editor.username, PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR=HOME)
    assert locked.status_code == status.HTTP_429_TOO_MANY_REQUESTS
    other_client = _log_in(
        client, editor.username, PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR=ELSEWHERE
    )
    assert _logged_in(other_client)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Login temporarily locked", "15 minutes", "ask an administrator"]),
        ("zh-hans", ["登录已暂时锁定", "15 分钟", "请联系管理员"]),
    ],
)
def test_the_lockout_page_explains_itself_in_the_editors_language(
    client, editor, language, expected
):
    """The page says what happened and how long to wait, in the admin's look and language."""
    _fail_until_locked(client, editor.username)
    response = _log_in(client, editor.username, PASSWORD, HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode().replace("\xa0", " ")
    assert response.status_code == status.HTTP_429_TOO_MANY_REQUESTS
    assert response["Content-Type"].startswith("text/html")
    for text in expected:
        assert text in html
    assert f"“{editor.username}”" in html
    assert str(LIMIT) in html
    assert 'href="/admin/login/"' in html
