"""Every error, from any layer, answers the one JSON error shape."""

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import TooManyFieldsSent
from django.db import IntegrityError, OperationalError
from django.test import RequestFactory
from drf_standardized_errors.handler import exception_handler
from rest_framework import status
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.test import APIClient

from apps.core.api import exceptions

pytestmark = pytest.mark.django_db


def _assert_error_shape(body, error_type):
    assert body["type"] == error_type
    assert body["errors"]
    for error in body["errors"]:
        assert set(error) == {"code", "detail", "attr"}


def test_nested_errors_get_dotted_attrs_and_record_errors_their_key():
    """drf-standardized-errors' flattening: `clusters.0`, and `non_field_errors` by name."""
    error = ValidationError(
        {
            "clusters": {0: [ErrorDetail("Unknown slug.", code="does_not_exist")]},
            "non_field_errors": [ErrorDetail("Broken.", code="invalid")],
            "slug": [ErrorDetail("Taken.", code="unique"), ErrorDetail("Long.", code="max")],
        }
    )
    response = exception_handler(error, {})
    assert response.data == {
        "type": "validation_error",
        "errors": [
            {"code": "invalid", "detail": "Broken.", "attr": "non_field_errors"},
            {"code": "unique", "detail": "Taken.", "attr": "slug"},
            {"code": "max", "detail": "Long.", "attr": "slug"},
            {"code": "does_not_exist", "detail": "Unknown slug.", "attr": "clusters.0"},
        ],
    }


def test_a_database_fault_is_left_to_the_middleware_that_answers_503():
    """The handler re-raises it (None), so every database fault has one answer."""
    assert exception_handler(OperationalError("connection refused"), {"request": None}) is None


def test_a_validation_error_is_a_validation_error_type(api_client):
    """A bad filter value answers 400 of type validation_error naming the parameter."""
    response = api_client.get("/api/v1/clusters/?tier=imperial")
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    _assert_error_shape(response.json(), "validation_error")
    assert response.json()["errors"][0]["attr"] == "tier"


def test_an_unknown_slug_is_a_json_404(api_client):
    """A detail URL with an unknown slug answers 404 client_error."""
    response = api_client.get("/api/v1/clusters/atlantis/")
    assert response.status_code == status.HTTP_404_NOT_FOUND
    _assert_error_shape(response.json(), "client_error")
    assert response.json()["errors"][0]["code"] == "not_found"


def test_a_slug_no_record_can_have_is_a_404_not_a_database_error(api_client):
    """Characters outside the slug alphabet never reach the database (no route matches)."""
    response = api_client.get("/api/v1/clusters/%00/")
    assert response.status_code == status.HTTP_404_NOT_FOUND
    _assert_error_shape(response.json(), "client_error")


@pytest.mark.parametrize(
    "path", ["/api/", "/api/v1/nothing-here/", "/api/elsewhere/", "/api/v1/clusters/a/b/"]
)
def test_an_unknown_url_under_api_is_a_json_404(api_client, path):
    """Unknown URLs under /api/ answer the JSON error shape, never Django's HTML page."""
    response = api_client.get(path)
    assert response.status_code == status.HTTP_404_NOT_FOUND
    assert response["Content-Type"] == "application/json"
    _assert_error_shape(response.json(), "client_error")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_to_an_unknown_url_under_api_is_a_json_404_not_the_csrf_page(method):
    """A write to no endpoint answers the JSON 404, not Django's HTML CSRF refusal."""
    client = APIClient(enforce_csrf_checks=True)
    response = getattr(client, method)("/api/v1/nothing-here/", {"a": 1})
    assert response.status_code == status.HTTP_404_NOT_FOUND
    assert response["Content-Type"] == "application/json"
    _assert_error_shape(response.json(), "client_error")


def test_an_unknown_url_under_api_is_json_even_in_debug_mode(api_client, settings):
    """make serve runs with DEBUG on; third parties still get JSON, not Django's debug page."""
    settings.DEBUG = True
    response = api_client.get("/api/v1/nothing-here/")
    assert response.status_code == status.HTTP_404_NOT_FOUND
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("path", "location"), [("/api/v1/clusters", "/api/v1/clusters/"), ("/api", "/api/")]
)
def test_a_missing_trailing_slash_still_redirects(api_client, path, location):
    """The JSON 404 route leaves APPEND_SLASH's redirect to the real endpoint alone."""
    response = api_client.get(path)
    assert response.status_code == status.HTTP_301_MOVED_PERMANENTLY
    assert response["Location"] == location


def test_an_unknown_url_elsewhere_keeps_the_html_page(client):
    """Outside /api/ the usual HTML 404 page stays."""
    response = client.get("/no-such-page/")
    assert response.status_code == status.HTTP_404_NOT_FOUND
    assert response["Content-Type"].startswith("text/html")


def test_a_method_not_allowed_is_a_json_405(api_client):
    """POST on the read-only summary answers 405 client_error."""
    response = api_client.post("/api/v1/summary/", {})
    assert response.status_code == status.HTTP_405_METHOD_NOT_ALLOWED
    _assert_error_shape(response.json(), "client_error")


def test_an_unacceptable_media_type_is_a_json_406(api_client):
    """Accept: text/html answers 406 in JSON: the API serves no HTML."""
    response = api_client.get("/api/v1/clusters/", HTTP_ACCEPT="text/html")
    assert response.status_code == status.HTTP_406_NOT_ACCEPTABLE
    assert response["Content-Type"] == "application/json"
    _assert_error_shape(response.json(), "client_error")


@pytest.mark.parametrize("url", ["/api/v1/", "/api/v1/clusters/", "/api/v1/summary/"])
def test_too_many_query_parameters_is_a_json_400(api_client, settings, url):
    """More parameters than DATA_UPLOAD_MAX_NUMBER_FIELDS, refused by Django, answer 400."""
    query = "&".join(["a=1"] * (settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = api_client.get(f"{url}?{query}")
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    _assert_error_shape(response.json(), "client_error")
    assert response.json()["errors"][0]["code"] == "bad_request"


def test_a_suspicious_operation_is_a_400_that_names_no_setting():
    """Django's SuspiciousOperation family answers 400 without repeating its message."""
    response = exception_handler(TooManyFieldsSent("DATA_UPLOAD_MAX_NUMBER_FIELDS exceeded"), {})
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert "DATA_UPLOAD" not in response.data["errors"][0]["detail"]


def test_a_crash_in_a_view_is_a_json_500_without_details(api_client, monkeypatch):
    """An unexpected exception answers 500 server_error and leaks nothing of it."""

    def broken():
        raise RuntimeError("secret internals")

    monkeypatch.setattr("apps.overview.api.views.cluster_summary", broken)
    api_client.raise_request_exception = False
    response = api_client.get("/api/v1/summary/")
    assert response.status_code == status.HTTP_500_INTERNAL_SERVER_ERROR
    _assert_error_shape(response.json(), "server_error")
    assert "secret" not in response.content.decode()


def test_a_crash_outside_drf_is_json_under_api_and_html_elsewhere():
    """Django's 500 view answers JSON for /api/ paths and its page elsewhere."""
    factory = RequestFactory()
    api_response = exceptions.server_error(factory.get("/api/v1/clusters/"))
    assert api_response.status_code == status.HTTP_500_INTERNAL_SERVER_ERROR
    assert api_response["Content-Type"] == "application/json"
    site_response = exceptions.server_error(factory.get("/"))
    assert site_response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("view", "code"),
    [(exceptions.bad_request, 400), (exceptions.permission_denied, 403)],
)
def test_django_error_views_answer_json_under_api(view, code):
    """Django's 400 and 403 views answer the JSON shape for /api/ paths."""
    response = view(RequestFactory().get("/api/v1/"), exception=None)
    assert response.status_code == code
    assert response["Content-Type"] == "application/json"


def test_a_write_conflict_is_a_409():
    """An integrity error that slipped past validation (a race) answers 409 conflict."""
    response = exception_handler(IntegrityError("duplicate key"), {})
    assert response.status_code == status.HTTP_409_CONFLICT
    assert response.data["errors"][0]["code"] == "conflict"


def test_a_django_permission_denied_is_a_403():
    """Django's PermissionDenied, raised below DRF, keeps its meaning in the error shape."""
    response = exception_handler(DjangoPermissionDenied("Not yours."), {})
    assert response.status_code == status.HTTP_403_FORBIDDEN
    assert response.data["errors"][0]["detail"] == "Not yours."
