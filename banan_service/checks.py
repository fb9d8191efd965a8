"""The environment, checked as Django system checks with stable IDs.

Every setting read from a variable is checked here rather than where it is read, so one run
(``manage.py check``, or the start of the WSGI/ASGI application: ``refuse_to_serve_on_errors``)
names every mistake at once, with the variable to fix. Checks that only matter for a deployment
are tagged ``deploy``: ``manage.py check --deploy`` and the application's start run them.

    banan.E001  DJANGO_SECRET_KEY is insecure (deploy)
    banan.E002  DJANGO_ALLOWED_HOSTS has a wildcard (deploy)
    banan.E003  API_CACHE_MAX_AGE is not a number of seconds
    banan.E004  API_ANON_THROTTLE_RATE is not a rate
    banan.E005  API_CSV_MAX_ROWS is not a number of rows from 1 to 30,000
    banan.E006  DJANGO_TRUSTED_PROXY_COUNT is not a number of proxies
    banan.E007  DJANGO_MAX_URL_LENGTH is too small
    banan.E008  ADMIN_LOGIN_FAILURE_LIMIT is not a positive number of failures
    banan.E009  ADMIN_LOGIN_COOL_OFF_SECONDS is not a positive number of seconds
    banan.E010  DATABASE_CONNECT_TIMEOUT or DATABASE_STATEMENT_TIMEOUT is not a positive number
    banan.E011  REDIS_SOCKET_TIMEOUT or REDIS_OUTAGE_BACKOFF is not a number of seconds
"""

import logging
import re
from datetime import timedelta

from django.conf import settings
from django.core import checks
from django.core.management.base import SystemCheckError

logger = logging.getLogger(__name__)

SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
THROTTLE_RATE = re.compile(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)")
# Room for every path of the service and a modest query: a smaller bound would refuse real pages.
MIN_URL_LENGTH = 1024


# An export's records are read by their keys in one IN list, and SQLite takes at most 32,766
# parameters in a statement.
MAX_EXPORT_ROWS = 30000


def _is_count(value, minimum, maximum=None):
    # bool is an int too, and True is no number of anything.
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        return False
    return maximum is None or value <= maximum


@checks.register(checks.Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    key = str(settings.SECRET_KEY)
    if (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.startswith("django-insecure")
    ):
        return [
            checks.Error(
                "DJANGO_SECRET_KEY is insecure: it is shorter than "
                f"{SECRET_KEY_MIN_LENGTH} characters, repeats too few characters, or is a "
                "development key (django-insecure…).",
                hint="Use 50 random characters: "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'",
                id="banan.E001",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_allowed_hosts(app_configs, **kwargs):
    wildcards = [host for host in settings.ALLOWED_HOSTS if "*" in host]
    if wildcards:
        return [
            checks.Error(
                f"DJANGO_ALLOWED_HOSTS has wildcard entries {wildcards}: any Host header would "
                "be believed (in password-reset links, redirects and absolute URLs).",
                hint="Name each host; '.example.org' allows a domain and all its subdomains "
                "(Django matches no other pattern, so '*.example.org' would match nothing).",
                id="banan.E002",
            )
        ]
    return []


@checks.register()
def check_api_settings(app_configs, **kwargs):
    errors = []
    if not _is_count(settings.API_CACHE_MAX_AGE, 0):
        errors.append(
            checks.Error(
                f"API_CACHE_MAX_AGE is {settings.API_CACHE_MAX_AGE!r}: it must be zero or a "
                "positive number of seconds.",
                id="banan.E003",
            )
        )
    rate = settings.API_ANON_THROTTLE_RATE
    if rate is not None and not THROTTLE_RATE.fullmatch(str(rate)):
        errors.append(
            checks.Error(
                f"API_ANON_THROTTLE_RATE is {rate!r}: it must look like 1000/hour.",
                hint="A positive number per second, minute, hour or day; empty turns it off.",
                id="banan.E004",
            )
        )
    if not _is_count(settings.API_CSV_MAX_ROWS, 1, MAX_EXPORT_ROWS):
        errors.append(
            checks.Error(
                f"API_CSV_MAX_ROWS is {settings.API_CSV_MAX_ROWS!r}: it must be a number of rows "
                f"from 1 to {MAX_EXPORT_ROWS}.",
                id="banan.E005",
            )
        )
    return errors


@checks.register(checks.Tags.security)
def check_http_edge_settings(app_configs, **kwargs):
    errors = []
    if not _is_count(settings.TRUSTED_PROXY_COUNT, 0):
        errors.append(
            checks.Error(
                f"DJANGO_TRUSTED_PROXY_COUNT is {settings.TRUSTED_PROXY_COUNT!r}: it must be the "
                "number of reverse proxies in front of the service, 0 for none.",
                id="banan.E006",
            )
        )
    if not _is_count(settings.MAX_URL_LENGTH, MIN_URL_LENGTH):
        errors.append(
            checks.Error(
                f"DJANGO_MAX_URL_LENGTH is {settings.MAX_URL_LENGTH!r}: it must be a number of "
                f"bytes, at least {MIN_URL_LENGTH}.",
                id="banan.E007",
            )
        )
    return errors


@checks.register(checks.Tags.security)
def check_login_lockout_settings(app_configs, **kwargs):
    errors = []
    if not _is_count(settings.AXES_FAILURE_LIMIT, 1):
        errors.append(
            checks.Error(
                f"ADMIN_LOGIN_FAILURE_LIMIT is {settings.AXES_FAILURE_LIMIT!r}: it must be a "
                "positive number of failed logins.",
                id="banan.E008",
            )
        )
    cool_off = settings.AXES_COOLOFF_TIME
    if not isinstance(cool_off, timedelta) or cool_off <= timedelta(0):
        shown = int(cool_off.total_seconds()) if isinstance(cool_off, timedelta) else cool_off
        errors.append(
            checks.Error(
                f"ADMIN_LOGIN_COOL_OFF_SECONDS is {shown!r}: it must be a positive number of "
                "seconds (without one, a lockout would last until an administrator lifts it).",
                id="banan.E009",
            )
        )
    return errors


@checks.register(checks.Tags.database)
def check_fault_settings(app_configs, **kwargs):
    """Waits that bound a fault: zero or nonsense would mean a hung server holds a worker."""
    errors = []
    for name in ("DATABASE_CONNECT_TIMEOUT", "DATABASE_STATEMENT_TIMEOUT"):
        value = getattr(settings, name)
        if not _is_count(value, 1):
            errors.append(
                checks.Error(
                    f"{name} is {value!r}: it must be a positive number of seconds (without a "
                    "limit, a database that hangs would hold a worker for good).",
                    id="banan.E010",
                )
            )
    # A socket timeout of zero would never wait; a back-off of zero retries Redis every request.
    for name, minimum, wording in (
        ("REDIS_SOCKET_TIMEOUT", 0.001, "positive"),
        ("REDIS_OUTAGE_BACKOFF", 0.0, "zero or positive"),
    ):
        value = getattr(settings, name)
        if not isinstance(value, float) or value < minimum:
            errors.append(
                checks.Error(
                    f"{name} is {value!r}: it must be a {wording} number of seconds.",
                    id="banan.E011",
                )
            )
    return errors


# Checks of how the code was built rather than how it is deployed, left to `manage.py check` and
# `make test`: drf-spectacular's generates the whole schema, seconds of every worker's start.
NOT_AT_START = {"drf_spectacular.checks.schema_check"}


def refuse_to_serve_on_errors():
    """Run the system checks, the deployment ones included unless DEBUG; raise on any error.

    A development server (``make serve``: the local settings, DEBUG on, a development key) is no
    deployment, so it is held to the checks ``runserver`` itself runs, not to ``--deploy``.

    gunicorn and other servers run no system checks of their own, so the WSGI and ASGI entry
    points call this: the application refuses to load, and the server to start, with the messages
    of the failed checks. Warnings are logged, one line each. The database is not touched.
    """
    messages = [
        message
        for check in checks.registry.registry.get_checks(
            include_deployment_checks=not settings.DEBUG
        )
        # Checks are functions; the stubs' protocol for them leaves __qualname__ out.
        if f"{check.__module__}.{check.__qualname__}" not in NOT_AT_START  # type: ignore[attr-defined]
        for message in check(app_configs=None, databases=None)
        if not message.is_silenced()
    ]
    errors = [message for message in messages if message.is_serious()]
    for message in messages:
        if not message.is_serious():
            logger.warning("%s", message)
    if errors:
        raise SystemCheckError(
            "The service refuses to start: "
            + "; ".join(str(error).replace("\n", " ") for error in errors)
        )
