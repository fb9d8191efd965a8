"""Filters of the parks API."""

import pytest

pytestmark = pytest.mark.django_db


def _slugs(api_client, query):
    response = api_client.get("/api/v1/parks/", query)
    assert response.status_code == 200, response.json()
    return [row["slug"] for row in response.json()["results"]]


def test_parent_keeps_the_parks_inside_a_park(api_client, dataset):
    """parent=<slug> lists the parks within that park."""
    assert _slugs(api_client, {"parent": "banan-software-park"}) == ["xingzhou"]


def test_cluster_is_repeatable(api_client, dataset):
    """cluster=a&cluster=b keeps parks hosting either."""
    assert _slugs(api_client, {"cluster": "biomedicine"}) == ["international-bio-city"]
    assert _slugs(api_client, {"cluster": ["biomedicine", "optoelectronics"]}) == [
        "international-bio-city",
        "xingzhou",
    ]


def test_tier_keeps_parks_hosting_a_cluster_of_that_tier(api_client, dataset):
    """tier follows the parks' clusters."""
    assert _slugs(api_client, {"tier": "new_star"}) == ["xingzhou"]


def test_a_park_hosting_several_matching_clusters_is_listed_once(api_client, dataset):
    """Relation filters never repeat a row."""
    dataset.xingzhou.clusters.add(dataset.biomedicine)
    assert _slugs(api_client, {"cluster": ["biomedicine", "optoelectronics"]}) == [
        "international-bio-city",
        "xingzhou",
    ]


def test_search_finds_parks_by_chinese_and_english_name(api_client, dataset):
    """search matches either language."""
    assert _slugs(api_client, {"search": "生物城"}) == ["international-bio-city"]
    assert _slugs(api_client, {"search": "software"}) == ["banan-software-park"]


def test_an_unknown_parent_matches_nothing(api_client, dataset):
    """A parent slug that names no park lists no parks."""
    response = api_client.get("/api/v1/parks/", {"parent": "nowhere"})
    assert response.status_code == 200
    assert response.json()["count"] == 0
