"""The schema and documentation pages answer their errors in the API's JSON shape."""

import pytest
from rest_framework import status

pytestmark = pytest.mark.django_db

PAGES = ["/api/docs/", "/api/redoc/"]


def _assert_json_error(response, status_code):
    assert response.status_code == status_code
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["type"] == "client_error"
    assert set(body["errors"][0]) == {"code", "detail", "attr"}


@pytest.mark.parametrize("url", ["/api/schema/", *PAGES])
def test_an_unknown_format_is_a_json_400(api_client, url):
    """Not YAML from the schema, nor an HTML page from the documentation: a 400 naming format."""
    response = api_client.get(url, {"format": "junk"})
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response["Content-Type"] == "application/json"
    assert response.json()["type"] == "validation_error"
    assert response.json()["errors"][0]["attr"] == "format"


@pytest.mark.parametrize("url", ["/api/schema/", *PAGES])
def test_an_unacceptable_media_type_is_a_json_406(api_client, url):
    """Accept naming nothing the view renders answers 406 in JSON."""
    _assert_json_error(api_client.get(url, HTTP_ACCEPT="text/csv"), status.HTTP_406_NOT_ACCEPTABLE)


@pytest.mark.parametrize("url", ["/api/schema/", *PAGES])
def test_a_write_is_a_json_405(api_client, url):
    """The schema and the pages are read only."""
    _assert_json_error(api_client.post(url), status.HTTP_405_METHOD_NOT_ALLOWED)


@pytest.mark.parametrize("url", ["/api/schema/", *PAGES])
def test_an_invalid_token_is_a_json_401(api_client, url):
    """A token that is sent must be valid here too."""
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    _assert_json_error(api_client.get(url), status.HTTP_401_UNAUTHORIZED)


@pytest.mark.parametrize("url", PAGES)
def test_options_on_a_page_is_a_json_405(api_client, url):
    """A page has nothing to describe: OPTIONS is refused rather than crashing its template."""
    response = api_client.options(url)
    _assert_json_error(response, status.HTTP_405_METHOD_NOT_ALLOWED)
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("url", PAGES)
def test_the_pages_still_answer_html(api_client, url):
    """Only errors changed: GET and HEAD of a page answer its HTML."""
    for response in (api_client.get(url), api_client.head(url)):
        assert response.status_code == status.HTTP_200_OK
        assert response["Content-Type"].startswith("text/html")
