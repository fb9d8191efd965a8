"""The service answers at its documented entry points."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework import status

pytestmark = pytest.mark.django_db


def test_api_root_answers_json(api_client):
    """/api/v1/ answers 200 with JSON."""
    response = api_client.get("/api/v1/")
    assert response.status_code == status.HTTP_200_OK
    assert response["Content-Type"].startswith("application/json")


def test_admin_asks_anonymous_visitors_to_log_in(client):
    """/admin/ redirects to its login page."""
    response = client.get("/admin/")
    assert response.status_code == status.HTTP_302_FOUND
    assert response["Location"].startswith("/admin/login/")


def test_admin_index_answers_for_a_superuser(client):
    """A superuser sees the admin index with every app."""
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == status.HTTP_200_OK
    for app in ("clusters", "enterprises", "indicators", "parks", "projects", "sources"):
        assert f"/admin/{app}/" in response.content.decode()
