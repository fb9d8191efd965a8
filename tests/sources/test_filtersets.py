"""Filters of the sources API."""

import datetime

import pytest

from apps.sources.choices import SourceLanguage
from tests.factories import make_source

pytestmark = pytest.mark.django_db


def _slugs(api_client, query):
    response = api_client.get("/api/v1/sources/", query)
    assert response.status_code == 200, response.json()
    return [row["slug"] for row in response.json()["results"]]


def test_language_is_repeatable(api_client):
    """language=a&language=b keeps sources in either language."""
    make_source(slug="hant")
    make_source(slug="hans", language=SourceLanguage.ZH_HANS)
    make_source(slug="english", language=SourceLanguage.EN)
    assert _slugs(api_client, {"language": ["zh-hans", "en"]}) == ["english", "hans"]


def test_search_looks_in_names_and_publishers(api_client):
    """search matches the Chinese and English names and publishers."""
    make_source(slug="a", publisher_zh="华龙网")
    make_source(slug="b", publisher_en="Chongqing Daily")
    assert _slugs(api_client, {"search": "华龙"}) == ["a"]
    assert _slugs(api_client, {"search": "daily"}) == ["b"]


def test_published_on_ranges_take_partial_dates(api_client):
    """published_on__gte/__lte compare with the first/last day of a partial date."""
    make_source(slug="march", published_on=datetime.date(2024, 3, 6))
    make_source(slug="undated")
    assert _slugs(api_client, {"published_on__gte": "2024-03"}) == ["march"]
    assert _slugs(api_client, {"published_on__lte": "2024-02"}) == []
    assert _slugs(api_client, {"ordering": "-published_on"}) == ["march", "undated"]
