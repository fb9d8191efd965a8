"""Filters of the clusters and initiatives APIs."""

import datetime

import pytest

from tests.factories import make_initiative, make_key_direction

pytestmark = pytest.mark.django_db


def _slugs(api_client, resource, query):
    response = api_client.get(f"/api/v1/{resource}/", query)
    assert response.status_code == 200, response.json()
    return [row["slug"] for row in response.json()["results"]]


def test_tier_is_repeatable(api_client, dataset):
    """tier=a&tier=b keeps clusters of either tier."""
    assert _slugs(api_client, "clusters", {"tier": "leading"}) == ["biomedicine"]
    assert _slugs(api_client, "clusters", {"tier": ["leading", "new_star"]}) == [
        "biomedicine",
        "optoelectronics",
    ]


def test_cluster_search_finds_chinese_and_english_names_and_descriptions(api_client, dataset):
    """search looks in name_zh, name_en, description_zh and description_en."""
    assert _slugs(api_client, "clusters", {"search": "生物"}) == ["biomedicine"]
    assert _slugs(api_client, "clusters", {"search": "biomed"}) == ["biomedicine"]
    assert _slugs(api_client, "clusters", {"search": "biopharmaceuticals"}) == ["biomedicine"]
    assert _slugs(api_client, "clusters", {"search": "制药"}) == ["biomedicine"]


def test_clusters_order_by_position_and_names(api_client, dataset):
    """ordering takes the whitelisted fields, several at once."""
    assert _slugs(api_client, "clusters", {"ordering": "-name_en"}) == [
        "optoelectronics",
        "biomedicine",
        "automobiles-motorcycles",
    ]
    assert _slugs(api_client, "clusters", {"ordering": "position,-slug"})[0] == "optoelectronics"


def test_initiatives_filter_by_cluster_tier_and_launch(api_client, dataset):
    """cluster (slug, OR), tier of the clusters, launched ranges."""
    make_initiative(
        slug="low-altitude-economy",
        launched_earliest=datetime.date(2023, 12, 1),
        launched_latest=datetime.date(2023, 12, 31),
    ).clusters.set([dataset.new_star, dataset.biomedicine])
    make_initiative(slug="older").clusters.set([dataset.motorcycles])
    assert _slugs(api_client, "initiatives", {"cluster": "optoelectronics"}) == [
        "low-altitude-economy"
    ]
    assert _slugs(
        api_client, "initiatives", {"cluster": ["optoelectronics", "automobiles-motorcycles"]}
    ) == ["low-altitude-economy", "older"]
    assert _slugs(api_client, "initiatives", {"tier": "leading"}) == ["low-altitude-economy"]
    assert _slugs(api_client, "initiatives", {"launched__gte": "2023-12"}) == [
        "low-altitude-economy"
    ]
    assert _slugs(api_client, "initiatives", {"launched__lte": "2023-11"}) == []


def test_key_directions_filter_by_cluster_and_tier_and_order_by_position(api_client, dataset):
    """cluster and tier follow the direction's cluster; the source's order is the default."""
    make_key_direction(
        slug="large-displacement-motorcycles",
        cluster=dataset.motorcycles,
        source=dataset.source,
        name_en="Large-displacement motorcycles",
    )
    assert _slugs(api_client, "key-directions", {}) == [
        "biotech-drugs",
        "large-displacement-motorcycles",
    ]
    assert _slugs(api_client, "key-directions", {"cluster": "automobiles-motorcycles"}) == [
        "large-displacement-motorcycles"
    ]
    assert _slugs(api_client, "key-directions", {"tier": "leading"}) == ["biotech-drugs"]
    assert _slugs(api_client, "key-directions", {"search": "motorcycles"}) == [
        "large-displacement-motorcycles"
    ]
    assert _slugs(api_client, "key-directions", {"ordering": "-position"})[0] == (
        "large-displacement-motorcycles"
    )
