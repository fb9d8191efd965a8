"""A read loads its related records in brief, and its to-many ones as lists
(apps.core.api.querysets).

Over the resources the ``dataset`` fixture fills (it has no initiative; they are read as the
clusters are).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.api import views
from apps.core.api.querysets import with_listed_prefetches
from apps.indicators.api.serializers import IndicatorSerializer
from apps.indicators.models import Indicator
from tests.factories import make_comparison

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
    monkeypatch.setattr(views, "_READ_QUERYSETS", {})
    assert answers() == brief


def test_a_reads_direct_to_many_relations_are_kept_as_lists(dataset):
    """Each record holds its related records in a list, read in one query per relation; a
    prefetch that goes further is left as declared."""
    queryset = with_listed_prefetches(
        Indicator.objects.prefetch_related("comparisons", "source__non_facts")
    )
    with CaptureQueriesContext(connection) as queries:
        indicators = list(queryset)
        listed = {indicator.pk: indicator.listed_comparisons for indicator in indicators}
    assert len(queries) == 1 + 1 + 2  # the indicators, their comparisons, sources and non-facts
    assert any(listed.values())
    for indicator in indicators:
        assert listed[indicator.pk] == list(
            Indicator.objects.get(pk=indicator.pk).comparisons.all()
        )


def test_a_to_many_field_reads_the_list_and_else_the_relation(dataset):
    """A read's list is what the field shows; without one (a write's answer), the relation."""
    indicator = dataset.motorcycle_sales
    make_comparison(indicator)
    assert IndicatorSerializer(indicator).data["comparisons"]
    indicator.listed_comparisons = []
    assert IndicatorSerializer(indicator).data["comparisons"] == []


@pytest.mark.parametrize("resource", [*RESOURCES, "sources"])
def test_listed_prefetches_change_no_answer(resource, api_client, dataset, monkeypatch, settings):
    """The answer, list and detail, is the one the relations themselves give."""
    settings.RESPONSE_CACHE_PATHS = []

    def answers():
        listed = api_client.get(f"/api/v1/{resource}/", {"page_size": 500})
        slug = listed.json()["results"][0]["slug"]
        return listed.content, api_client.get(f"/api/v1/{resource}/{slug}/").content

    as_lists = answers()
    monkeypatch.setattr(views, "with_listed_prefetches", lambda queryset: queryset)
    monkeypatch.setattr(views, "_READ_QUERYSETS", {})
    assert answers() == as_lists
