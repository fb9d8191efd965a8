"""The behaviour every API view shares: strict query strings, language, fields, CORS, root."""

import pytest
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from rest_framework import status

pytestmark = pytest.mark.django_db


def test_an_unknown_parameter_is_a_400_naming_it_and_listing_the_valid_ones(api_client):
    """A typo (`teir`) never silently answers the unfiltered table."""
    response = api_client.get("/api/v1/clusters/?teir=leading")
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    [error] = response.json()["errors"]
    assert error["attr"] == "teir"
    assert error["code"] == "unknown_parameter"
    for valid in ("format", "page", "page_size", "fields", "lang", "ordering", "search", "tier"):
        assert valid in error["detail"]


def test_each_unknown_parameter_gets_its_own_error(api_client):
    """Two unknown parameters give two errors."""
    response = api_client.get("/api/v1/clusters/?a=1&b=2")
    assert {error["attr"] for error in response.json()["errors"]} == {"a", "b"}


def test_filters_are_not_parameters_of_a_detail(api_client, dataset):
    """A detail takes format, fields and lang only."""
    response = api_client.get("/api/v1/clusters/biomedicine/?tier=leading")
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response.json()["errors"][0]["attr"] == "tier"
    assert "page" not in response.json()["errors"][0]["detail"]


def test_the_summary_takes_no_fields_parameter(api_client):
    """Parameters of resources are not parameters of the summary."""
    response = api_client.get("/api/v1/summary/?fields=tiers")
    assert response.status_code == status.HTTP_400_BAD_REQUEST


def test_an_unknown_format_is_a_400(api_client):
    """format must name a representation the endpoint has."""
    response = api_client.get("/api/v1/clusters/?format=xml")
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    [error] = response.json()["errors"]
    assert error["attr"] == "format"
    assert "csv" in error["detail"]


def test_the_summary_has_no_csv(api_client):
    """The summary is nested; it is served as JSON only."""
    response = api_client.get("/api/v1/summary/?format=csv")
    assert response.status_code == status.HTTP_400_BAD_REQUEST


@pytest.mark.parametrize(("lang", "name"), [("zh", "生物医药"), ("en", "Biomedicine")])
def test_lang_adds_name_and_description_in_that_language(api_client, dataset, lang, name):
    """lang adds `name` and `description`, also in related records; zh and en fields stay."""
    body = api_client.get(f"/api/v1/clusters/biomedicine/?lang={lang}").json()
    assert body["name"] == name
    assert body["description"] == getattr(dataset.biomedicine, f"description_{lang}")
    assert body["name_zh"] == "生物医药"
    assert body["name_en"] == "Biomedicine"
    assert body["source"]["name"] == getattr(dataset.source, f"name_{lang}")


def test_without_a_language_name_and_description_are_english(api_client, dataset):
    """Without lang or Accept-Language, `name` and `description` are the English ones."""
    body = api_client.get("/api/v1/clusters/biomedicine/").json()
    assert body["name"] == "Biomedicine"
    assert body["description"] == dataset.biomedicine.description_en
    assert body["source"]["name"] == dataset.source.name_en


def test_accept_language_chooses_the_language(api_client, dataset):
    """Accept-Language picks the first of zh and en by quality."""
    response = api_client.get(
        "/api/v1/clusters/biomedicine/", HTTP_ACCEPT_LANGUAGE="fr;q=1, zh-CN;q=0.9, en;q=0.8"
    )
    assert response.json()["name"] == "生物医药"
    assert "Accept-Language" in response["Vary"]


def test_lang_wins_over_accept_language(api_client, dataset):
    """An explicit lang overrides the header."""
    response = api_client.get("/api/v1/clusters/biomedicine/?lang=en", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.json()["name"] == "Biomedicine"


def test_the_language_cookie_chooses_the_language_and_lang_wins_over_it(api_client, dataset):
    """Django's order: the language cookie before Accept-Language; ``lang`` before both."""
    api_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    url = "/api/v1/clusters/biomedicine/"
    assert api_client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["name"] == "生物医药"
    assert api_client.get(f"{url}?lang=en").json()["name"] == "Biomedicine"


@pytest.mark.parametrize(("query", "language"), [("", "en"), ("?lang=zh", "zh-hans")])
def test_an_answer_says_its_language_and_varies_on_accept_language(
    api_client, dataset, query, language
):
    response = api_client.get(f"/api/v1/clusters/{query}")
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]


def test_no_url_starts_with_a_language():
    """The language middleware looks for no language in the path (``i18n_patterns``)."""
    assert is_language_prefix_patterns_used(settings.ROOT_URLCONF)[0] is False


def test_an_invalid_lang_is_a_400(api_client):
    """lang must be zh or en."""
    response = api_client.get("/api/v1/clusters/?lang=fr")
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response.json()["errors"][0]["attr"] == "lang"


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("zh-Hans-CN", "生物医药"),
        ("zh-TW", "生物医药"),
        ("en-GB,zh;q=0.5", "Biomedicine"),
        ("zh;q=0.2, en;q=0.7", "Biomedicine"),
        ("de, fr", "Biomedicine"),
        ("zh;q=abc, en", "Biomedicine"),
        ("", "Biomedicine"),
    ],
)
def test_accept_language_is_negotiated_by_quality(api_client, dataset, header, name):
    """Django's negotiation: tags ranked by quality, any Chinese is 中文, English otherwise."""
    response = api_client.get("/api/v1/clusters/biomedicine/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.json()["name"] == name


def test_errors_speak_the_requested_language(api_client):
    """lang=zh gives the error messages in Chinese, as it gives the names."""
    english = api_client.get("/api/v1/clusters/?teir=leading").json()["errors"][0]["detail"]
    chinese = api_client.get("/api/v1/clusters/?teir=leading&lang=zh").json()["errors"][0]
    assert chinese["detail"] != english
    assert chinese["code"] == "unknown_parameter"


def test_a_single_valued_parameter_given_twice_is_a_400_naming_it(api_client, dataset):
    """`search=a&search=b` would silently keep one of the two: refused instead."""
    response = api_client.get("/api/v1/clusters/?search=bio&search=star")
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    [error] = response.json()["errors"]
    assert (error["attr"], error["code"]) == ("search", "repeated_parameter")


def test_fields_and_ordering_take_repeats_and_commas_alike(api_client, dataset):
    """Generated clients repeat list parameters; people type commas: both mean the same."""
    repeated = api_client.get(
        "/api/v1/clusters/?fields=slug&fields=tier&ordering=-position&ordering=slug"
    )
    commas = api_client.get("/api/v1/clusters/?fields=slug,tier&ordering=-position,slug")
    assert repeated.status_code == commas.status_code == status.HTTP_200_OK
    assert repeated.json()["results"] == commas.json()["results"]
    assert set(repeated.json()["results"][0]) == {"slug", "tier"}


def test_fields_returns_only_those_fields(api_client, dataset):
    """fields=a,b trims every row to those top-level fields, in the serializer's order."""
    body = api_client.get("/api/v1/clusters/?fields=tier, slug").json()
    assert body["results"][0] == {"slug": "biomedicine", "tier": "leading"}


def test_fields_applies_to_a_detail(api_client, dataset):
    """fields also trims a detail."""
    body = api_client.get("/api/v1/clusters/biomedicine/?fields=url").json()
    assert body == {"url": "http://testserver/api/v1/clusters/biomedicine/"}


def test_an_unknown_field_is_a_400_listing_the_valid_ones(api_client):
    """A field the resource does not have is refused."""
    response = api_client.get("/api/v1/clusters/?fields=slug,colour")
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    [error] = response.json()["errors"]
    assert error["attr"] == "fields"
    assert "colour" in error["detail"]
    assert "name_zh" in error["detail"]


def test_cors_lets_any_origin_read_without_credentials(api_client, dataset):
    """Any origin may GET; credentials are never allowed; cache validators are readable."""
    response = api_client.get("/api/v1/clusters/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_cors_preflight_allows_only_reads(api_client):
    """A preflight names GET, HEAD and OPTIONS as the methods browsers may use."""
    response = api_client.options(
        "/api/v1/clusters/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == status.HTTP_200_OK
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_cors_headers_stay_off_the_rest_of_the_site(client):
    """The landing page and the admin are not opened to other origins."""
    response = client.get("/", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in response


def test_the_api_root_links_every_resource_and_the_documentation(api_client):
    """The root lists absolute URLs of the resources, the summary and the docs."""
    body = api_client.get("/api/v1/").json()
    assert body == {
        "sources": "http://testserver/api/v1/sources/",
        "clusters": "http://testserver/api/v1/clusters/",
        "initiatives": "http://testserver/api/v1/initiatives/",
        "key-directions": "http://testserver/api/v1/key-directions/",
        "parks": "http://testserver/api/v1/parks/",
        "enterprises": "http://testserver/api/v1/enterprises/",
        "people": "http://testserver/api/v1/people/",
        "statements": "http://testserver/api/v1/statements/",
        "projects": "http://testserver/api/v1/projects/",
        "indicators": "http://testserver/api/v1/indicators/",
        "summary": "http://testserver/api/v1/summary/",
        "schema": "http://testserver/api/schema/",
        "docs": "http://testserver/api/docs/",
        "redoc": "http://testserver/api/redoc/",
    }


def test_urls_do_not_carry_the_requested_format(api_client, dataset):
    """A record's url is the same whichever representation listed it."""
    response = api_client.get("/api/v1/clusters/?format=csv&fields=url")
    assert "format=" not in response.content.decode()


@pytest.mark.parametrize("url", ["/api/v1/clusters/", "/api/v1/clusters/biomedicine/", "/api/v1/"])
def test_options_describes_an_endpoint(api_client, dataset, url):
    """OPTIONS answers the endpoint's name and media types as JSON."""
    response = api_client.options(url)
    assert response.status_code == status.HTTP_200_OK
    assert "application/json" in response.json()["renders"]


@pytest.mark.parametrize("url", ["/api/v1/clusters/", "/api/v1/clusters/biomedicine/"])
@pytest.mark.parametrize(
    ("query", "headers"), [("?format=csv", {}), ("", {"HTTP_ACCEPT": "text/csv"})]
)
def test_options_answers_json_even_when_csv_is_asked_for(api_client, dataset, url, query, headers):
    """The description is no table: OPTIONS with CSV asked for still answers it as JSON."""
    response = api_client.options(url + query, **headers)
    assert response.status_code == status.HTTP_200_OK
    assert response["Content-Type"] == "application/json"
    assert "Content-Disposition" not in response
    assert "text/csv" in response.json()["renders"]


def test_an_unsupported_method_is_a_json_405(api_client, dataset):
    """Methods the API does not know answer 405 in the error shape."""
    response = api_client.generic("PROPFIND", "/api/v1/clusters/biomedicine/")
    assert response.status_code == status.HTTP_405_METHOD_NOT_ALLOWED
    assert response.json()["type"] == "client_error"


def test_a_host_the_service_does_not_serve_is_a_json_400_under_api(api_client):
    """Django's own 400 (a disallowed Host header) is JSON under /api/."""
    response = api_client.get("/api/v1/clusters/", HTTP_HOST="evil.example")
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response["Content-Type"] == "application/json"
