"""A read loads its related records in brief (apps.core.api.querysets).

Over the resources the ``dataset`` fixture fills (it has no initiative; they are read as the
clusters are).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.api import views

pytestmark = pytest.mark.django_db

RESOURCES = [
    "clusters",
    "key-directions",
    "parks",
    "enterprises",
    "people",
    "statements",
    "projects",
    "indicators",
]


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_list_reads_no_related_record_beyond_its_brief_columns(resource, api_client, dataset):
    """No row carries its source's article: the list's queries read no text of it."""
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get(f"/api/v1/{resource}/", {"page_size": 500})
    assert response.status_code == 200
    assert response.json()["results"]
    statements = " ".join(query["sql"] for query in queries.captured_queries)
    assert "repaired_text" not in statements
    assert "raw_text" not in statements


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("media_type", ["application/json", "text/csv"])
def test_brief_relations_change_no_answer(
    resource, media_type, api_client, dataset, monkeypatch, settings
):
    """The answer, list and detail, is the one the whole related rows give."""
    settings.RESPONSE_CACHE_PATHS = []

    def answers():
        listed = api_client.get(f"/api/v1/{resource}/", {"page_size": 500}, HTTP_ACCEPT=media_type)
        slug = api_client.get(f"/api/v1/{resource}/", {"page_size": 1}).json()["results"][0]
        detail = api_client.get(f"/api/v1/{resource}/{slug['slug']}/", HTTP_ACCEPT=media_type)
        return listed.content, detail.content

    brief = answers()
    monkeypatch.setattr(views, "with_brief_relations", lambda queryset: queryset)
    assert answers() == brief
