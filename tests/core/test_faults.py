"""A database fault answers 503 with Retry-After: the API's JSON error shape under /api/, a short
page elsewhere; other errors are left as they were."""

import logging

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.db.models.sql.compiler import SQLCompiler
from django.test import Client

from apps.core.middleware.faults import RETRY_AFTER_SECONDS

pytestmark = pytest.mark.django_db

DATABASE_FAULTS = [
    OperationalError("could not connect to server: Connection refused"),
    InterfaceError("connection already closed"),
]


@pytest.fixture
def database_fails(monkeypatch):
    """Every ORM query raises ``fault``, as when the server is gone mid-request (the request's
    transaction was opened before, so the fault is raised inside the view)."""

    def fail_with(fault):
        def execute_sql(*args, **kwargs):
            raise fault

        monkeypatch.setattr(SQLCompiler, "execute_sql", execute_sql)

    return fail_with


@pytest.mark.parametrize("fault", DATABASE_FAULTS, ids=type)
def test_an_api_request_answers_503_in_the_json_error_shape(
    api_client, database_fails, fault, dataset
):
    """A DRF view whose database fails answers 503 service_unavailable, never cached."""
    database_fails(fault)
    response = api_client.get("/api/v1/clusters/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    assert response.json() == {
        "type": "server_error",
        "errors": [
            {
                "code": "service_unavailable",
                "detail": "The database is unavailable or busy. Try again in a few seconds.",
                "attr": None,
            }
        ],
    }


def test_a_write_answers_503_too(token_client, database_fails, dataset):
    """A PATCH that cannot reach the database is not acknowledged: 503, retry later."""
    client = token_client("change_cluster")
    # On PostgreSQL the first query is the write lock, taken outside the view; the fault is
    # signalled, and the test client would raise it again.
    client.raise_request_exception = False
    database_fails(DATABASE_FAULTS[0])
    response = client.patch("/api/v1/clusters/biomedicine/", {"name_en": "Bio"}, format="json")
    assert response.status_code == 503
    assert response.json()["errors"][0]["code"] == "service_unavailable"


def test_a_page_answers_a_short_503_page(editor_client, database_fails):
    """The admin, whose session lives in the database, answers a plain 503 page, no traceback."""
    database_fails(DATABASE_FAULTS[0])
    response = editor_client.get("/admin/")
    assert response.status_code == 503
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "Service temporarily unavailable" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_a_fault_is_one_warning_line_without_a_traceback(api_client, database_fails, caplog):
    """The cause is outside the process: one line naming it, not a traceback per request."""
    database_fails(DATABASE_FAULTS[0])
    with caplog.at_level(logging.WARNING, logger="apps.core.middleware.faults"):
        api_client.get("/api/v1/clusters/")
    [record] = [r for r in caplog.records if r.name == "apps.core.middleware.faults"]
    assert record.levelno == logging.WARNING
    assert "GET /api/v1/clusters/" in record.getMessage()
    assert "Connection refused" in record.getMessage()
    assert record.exc_info is None


def test_the_service_answers_again_once_the_database_is_back(
    api_client, database_fails, monkeypatch, dataset
):
    """Nothing is remembered: the request after the fault is served normally."""
    database_fails(DATABASE_FAULTS[0])
    assert api_client.get("/api/v1/clusters/").status_code == 503
    monkeypatch.undo()
    assert api_client.get("/api/v1/clusters/").status_code == 200


class QueryingMiddleware:
    """Stands for a middleware that reads the database before the view (a response cache)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def querying_middleware(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.QueryingMiddleware"]


@pytest.mark.usefixtures("querying_middleware")
def test_a_fault_raised_by_another_middleware_answers_503_as_well():
    """Raised outside the view, where process_exception does not reach, the fault still
    answers 503 and not Django's 500."""
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/clusters/")
    assert response.status_code == 503
    assert response.json()["errors"][0]["code"] == "service_unavailable"
    assert client.get("/").status_code == 503


def test_other_errors_are_not_turned_into_503(api_client, database_fails):
    """A bug is still a 500: only the database's own faults mean "try again"."""
    database_fails(ZeroDivisionError())
    # A crash is signalled, as Django signals it, for error monitoring: the test client would
    # raise it again.
    api_client.raise_request_exception = False
    response = api_client.get("/api/v1/clusters/")
    assert response.status_code == 500
    assert response.json()["errors"][0]["code"] == "error"


def test_a_fault_before_the_view_answers_503(monkeypatch):
    """Failing the first query, the data version read by the response cache before any view,
    answers 503 as well."""

    def create_cursor(name=None):
        raise OperationalError("the database system is starting up")

    monkeypatch.setattr(connection, "create_cursor", create_cursor)
    client = Client(raise_request_exception=False)
    assert client.get("/api/v1/clusters/").status_code == 503
