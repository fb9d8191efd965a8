"""Reads per client address, of the API and the public pages, are limited at the configured rate;
304s, writes, the admin and the health probes are not counted."""

import pytest
from rest_framework import status

pytestmark = pytest.mark.django_db

URL = "/api/v1/clusters/"


def test_over_the_rate_answers_429_with_retry_after_and_the_json_error(api_client, settings):
    """The read after the allowed ones answers 429 client_error with Retry-After."""
    settings.API_ANON_THROTTLE_RATE = "2/minute"
    for _ in range(2):
        assert api_client.get(URL).status_code == status.HTTP_200_OK
    response = api_client.get(URL)
    assert response.status_code == status.HTTP_429_TOO_MANY_REQUESTS
    assert 0 < int(response["Retry-After"]) <= 61
    body = response.json()
    assert body["type"] == "client_error"
    assert body["errors"][0]["code"] == "throttled"


def test_answers_from_the_cache_count_like_any_other(api_client, settings):
    """The same URL twice is one cached answer, and still two reads."""
    settings.API_ANON_THROTTLE_RATE = "2/minute"
    api_client.get(URL)
    api_client.get(URL)
    assert api_client.get(URL).status_code == status.HTTP_429_TOO_MANY_REQUESTS


def test_a_304_is_not_counted(api_client, settings):
    """Revalidating is what clients should do: it never uses up their allowance."""
    settings.API_ANON_THROTTLE_RATE = "2/minute"
    etag = api_client.get(URL)["ETag"]
    for _ in range(5):
        assert api_client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert api_client.get(URL).status_code == status.HTTP_200_OK


def test_the_rate_counts_each_address_separately(api_client, settings):
    """Another address still has its whole allowance."""
    settings.API_ANON_THROTTLE_RATE = "1/minute"
    api_client.get(URL)
    assert api_client.get(URL).status_code == status.HTTP_429_TOO_MANY_REQUESTS
    response = api_client.get(URL, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == status.HTTP_200_OK


def test_writes_are_not_limited(token_client, dataset, settings):
    """An editor's tool importing many records is never cut off by the read limit."""
    settings.API_ANON_THROTTLE_RATE = "1/minute"
    client = token_client("change_cluster")
    for name in ("a", "b", "c"):
        response = client.patch("/api/v1/clusters/biomedicine/", {"name_en": name})
        assert response.status_code == status.HTTP_200_OK


def test_public_pages_count_and_answer_a_page(client, settings, dataset):
    """The public pages read the same data: they count, and over the rate answer a short HTML
    page in the reader's language, with Retry-After."""
    settings.API_ANON_THROTTLE_RATE = "2/minute"
    assert client.get("/").status_code == status.HTTP_200_OK
    assert client.get("/clusters/biomedicine/").status_code == status.HTTP_200_OK
    response = client.get("/clusters/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == status.HTTP_429_TOO_MANY_REQUESTS
    assert response["Content-Type"].startswith("text/html")
    assert 0 < int(response["Retry-After"]) <= 61
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    assert "<title>请求过多</title>" in page
    assert "来自该地址的请求过多" in page
    # The API and the pages share one allowance.
    assert client.get(URL).status_code == status.HTTP_429_TOO_MANY_REQUESTS


def test_the_admin_and_the_health_probes_are_not_limited(client, settings, db):
    """Editors have their own lockout; a load balancer probes often."""
    settings.API_ANON_THROTTLE_RATE = "1/minute"
    for _ in range(3):
        assert client.get("/healthz").status_code == status.HTTP_200_OK
        assert client.get("/admin/login/").status_code == status.HTTP_200_OK
        assert client.get("/readyz").status_code != status.HTTP_429_TOO_MANY_REQUESTS


def test_an_empty_rate_turns_the_limit_off(api_client, settings):
    """API_ANON_THROTTLE_RATE empty (None) lets every request through."""
    settings.API_ANON_THROTTLE_RATE = None
    for _ in range(5):
        assert api_client.get(URL).status_code == status.HTTP_200_OK


def test_a_forged_forwarded_address_does_not_reset_the_count(api_client, settings):
    """Without trusted proxies, X-Forwarded-For is the client's own word: ignored."""
    settings.API_ANON_THROTTLE_RATE = "1/minute"
    api_client.get(URL, HTTP_X_FORWARDED_FOR="198.51.100.1")
    response = api_client.get(URL, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert response.status_code == status.HTTP_429_TOO_MANY_REQUESTS


def test_behind_a_trusted_proxy_each_forwarded_client_counts_apart(api_client, settings):
    """With one trusted proxy, the address it vouches for is the client."""
    settings.API_ANON_THROTTLE_RATE = "1/minute"
    settings.TRUSTED_PROXY_COUNT = 1
    assert api_client.get(URL, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert api_client.get(URL, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200
    response = api_client.get(URL, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1")
    assert response.status_code == status.HTTP_429_TOO_MANY_REQUESTS
