"""A URL longer than MAX_URL_LENGTH is answered 414 by the service, in JSON under /api/."""

import pytest
from rest_framework import status

pytestmark = pytest.mark.django_db


def _query_of_length(length):
    return "q=" + "x" * (length - 2)


def test_a_long_api_url_is_a_json_414(client, settings):
    """Past the bound the answer is the API's error shape, before any view runs."""
    settings.MAX_URL_LENGTH = 2048
    response = client.get("/api/v1/clusters/?" + _query_of_length(4000))
    assert response.status_code == status.HTTP_414_REQUEST_URI_TOO_LONG
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "type": "client_error",
        "errors": [
            {
                "code": "uri_too_long",
                "detail": "The URL is longer than 2048 bytes: "
                "send fewer or shorter query parameters.",
                "attr": None,
            }
        ],
    }


def test_the_detail_is_in_the_clients_language(client, settings):
    """Accept-Language chooses the message, as for every other error."""
    settings.MAX_URL_LENGTH = 2048
    response = client.get(
        "/api/v1/clusters/?" + _query_of_length(4000), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert "2048" in response.json()["errors"][0]["detail"]
    assert "URL" in response.json()["errors"][0]["detail"]
    assert "bytes" not in response.json()["errors"][0]["detail"]


def test_a_long_url_elsewhere_is_a_plain_414(client, settings):
    """Outside the API the same bound answers plain text."""
    settings.MAX_URL_LENGTH = 2048
    response = client.get("/admin/?" + _query_of_length(4000))
    assert response.status_code == status.HTTP_414_REQUEST_URI_TOO_LONG
    assert response["Content-Type"].startswith("text/plain")


def test_a_url_at_the_bound_reaches_the_view(client, settings):
    """The bound counts path and query string; a URL exactly that long is served."""
    settings.MAX_URL_LENGTH = 2048
    path = "/api/v1/clusters/"
    response = client.get(path + "?" + _query_of_length(2048 - len(path)))
    # The view answers it (400: q is no parameter of this list), not the bound.
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response.json()["errors"][0]["attr"] == "q"
