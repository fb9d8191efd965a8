"""JSON request bodies: whatever a client sends is a 400 at worst."""

import pytest
from rest_framework import status

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("body", ["[" * 100_000, '{"a":' * 50_000, '{"slug": ' + "[" * 5_000])
def test_a_body_nested_too_deeply_to_decode_is_a_400(token_client, body):
    """Python's decoder gives up on deep nesting; the client gets a parse error, not a 500."""
    client = token_client("add_cluster")
    response = client.post("/api/v1/clusters/", body, content_type="application/json")
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    [error] = response.json()["errors"]
    assert error["code"] == "parse_error"
    assert "nested too deeply" in error["detail"]
