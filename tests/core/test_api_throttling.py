"""Anonymous clients are throttled per address at the configured rate."""

import pytest
from rest_framework import status

pytestmark = pytest.mark.django_db


def test_over_the_rate_answers_429_with_retry_after_and_the_json_error(api_client, settings):
    """The request after the allowed ones answers 429 client_error with Retry-After."""
    settings.API_ANON_THROTTLE_RATE = "2/minute"
    for _ in range(2):
        assert api_client.get("/api/v1/clusters/").status_code == status.HTTP_200_OK
    response = api_client.get("/api/v1/clusters/")
    assert response.status_code == status.HTTP_429_TOO_MANY_REQUESTS
    assert 0 < int(response["Retry-After"]) <= 60
    body = response.json()
    assert body["type"] == "client_error"
    assert body["errors"][0]["code"] == "throttled"


def test_the_rate_counts_each_address_separately(api_client, settings):
    """Another address still has its whole allowance."""
    settings.API_ANON_THROTTLE_RATE = "1/minute"
    api_client.get("/api/v1/clusters/")
    assert api_client.get("/api/v1/clusters/").status_code == 429
    response = api_client.get("/api/v1/clusters/", REMOTE_ADDR="192.0.2.7")
    assert response.status_code == status.HTTP_200_OK


def test_an_empty_rate_turns_throttling_off(api_client, settings):
    """API_ANON_THROTTLE_RATE empty (None) lets every request through."""
    settings.API_ANON_THROTTLE_RATE = None
    for _ in range(5):
        assert api_client.get("/api/v1/clusters/").status_code == status.HTTP_200_OK


def test_the_throttle_covers_every_api_view(api_client, settings):
    """The summary and the root count against the same allowance."""
    settings.API_ANON_THROTTLE_RATE = "1/minute"
    api_client.get("/api/v1/")
    assert api_client.get("/api/v1/summary/").status_code == 429
