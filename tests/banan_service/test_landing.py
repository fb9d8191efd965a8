"""The site root says what the service is and where to go."""

import pytest
from rest_framework import status

pytestmark = pytest.mark.django_db


def test_the_landing_page_introduces_the_service_in_english_and_chinese(client):
    """/ is a small HTML page in both languages."""
    response = client.get("/")
    assert response.status_code == status.HTTP_200_OK
    html = response.content.decode()
    assert "Banan Industry Data Service" in html
    assert "巴南区产业数据服务" in html
    assert "1246" in html


def test_the_landing_page_links_the_api_the_docs_and_the_admin(client):
    """It links the API root, Swagger UI, ReDoc, the schema and the admin."""
    html = client.get("/").content.decode()
    for href in ("/api/v1/", "/api/docs/", "/api/redoc/", "/api/schema/", "/admin/"):
        assert f'href="{href}"' in html


def test_the_site_has_an_icon(client):
    """Browsers ask every site for /favicon.ico: it is there, so their request is no 404."""
    response = client.get("/favicon.ico")
    assert response.status_code == status.HTTP_200_OK
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")
