"""Filters of the enterprises, people and statements APIs."""

import datetime

import pytest

from apps.enterprises.choices import EnterpriseKind
from tests.factories import make_enterprise, make_person, make_statement

pytestmark = pytest.mark.django_db


def _slugs(api_client, query):
    response = api_client.get("/api/v1/enterprises/", query)
    assert response.status_code == 200, response.json()
    return [row["slug"] for row in response.json()["results"]]


def _listed(api_client, resource, query):
    response = api_client.get(f"/api/v1/{resource}/", query)
    assert response.status_code == 200, response.json()
    return [row["slug"] for row in response.json()["results"]]


def test_search_finds_zongshen_in_chinese_and_in_english(api_client, dataset):
    """?search=宗申 and ?search=zongshen both find Zongshen."""
    assert _slugs(api_client, {"search": "宗申"}) == ["zongshen"]
    assert _slugs(api_client, {"search": "zongshen"}) == ["zongshen"]


def test_search_looks_in_short_names(api_client, dataset):
    """The short name the source uses finds the enterprise."""
    assert _slugs(api_client, {"search": "智翔金泰"}) == ["zhixiang-jintai"]


def test_cluster_is_repeatable(api_client, dataset):
    """cluster=a&cluster=b keeps enterprises in either cluster, each once."""
    dataset.zongshen.clusters.add(dataset.biomedicine)
    assert _slugs(api_client, {"cluster": "automobiles-motorcycles"}) == ["zongshen"]
    assert _slugs(api_client, {"cluster": ["biomedicine", "automobiles-motorcycles"]}) == [
        "zhixiang-jintai",
        "zongshen",
    ]


def test_tier_follows_the_enterprises_clusters(api_client, dataset):
    """tier keeps enterprises with a cluster of that tier."""
    assert _slugs(api_client, {"tier": "pillar"}) == ["zongshen"]
    assert _slugs(api_client, {"tier": ["pillar", "leading"]}) == ["zhixiang-jintai", "zongshen"]


def test_park_and_kind(api_client, dataset):
    """park by slug; kind repeatable."""
    assert _slugs(api_client, {"park": "international-bio-city"}) == ["zhixiang-jintai"]
    assert _slugs(api_client, {"kind": "group"}) == ["zongshen"]
    assert _slugs(api_client, {"kind": ["group", "company"]}) == ["zhixiang-jintai", "zongshen"]


def test_listing_ranges(api_client, dataset):
    """listed__gte/__lte compare the listing span with partial dates."""
    assert _slugs(api_client, {"listed__gte": "2023"}) == ["zhixiang-jintai"]
    assert _slugs(api_client, {"listed__lte": "2023-06-15"}) == []
    assert _slugs(api_client, {"listed__lte": "2023-06"}) == ["zhixiang-jintai"]


def test_an_invalid_kind_is_a_400(api_client, dataset):
    """Choice filters refuse values outside their choices."""
    response = api_client.get("/api/v1/enterprises/", {"kind": "bank"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "kind"


def test_statements_filter_by_speaker_organisation_park_speech_and_date(api_client, dataset):
    """organisation finds statements of its people and of unnamed speakers for it."""
    make_statement(
        slug="zongshen-plan",
        person=None,
        organisation=dataset.zongshen,
        stated_earliest=datetime.date(2024, 3, 4),
        stated_latest=datetime.date(2024, 3, 4),
    )
    assert _listed(api_client, "statements", {"person": "cao-linyin"}) == ["genrix-bio-listing"]
    assert _listed(api_client, "statements", {"organisation": "zhixiang-jintai"}) == [
        "genrix-bio-listing"
    ]
    assert _listed(api_client, "statements", {"organisation": ["zhixiang-jintai", "zongshen"]}) == [
        "genrix-bio-listing",
        "zongshen-plan",
    ]
    assert _listed(api_client, "statements", {"park": "international-bio-city"}) == [
        "bio-city-standing"
    ]
    assert _listed(api_client, "statements", {"speech": "direct"}) == ["genrix-bio-listing"]
    assert _listed(api_client, "statements", {"stated__gte": "2024-03"}) == ["zongshen-plan"]
    assert _listed(api_client, "statements", {"search": "集聚度"}) == ["bio-city-standing"]


def test_people_filter_by_organisation_and_search_roles(api_client, dataset):
    """organisation (slug) and search over names and roles."""
    make_person(slug="dong-lili", organisation=dataset.zongshen, role_en="Chairman")
    assert _listed(api_client, "people", {"organisation": "zhixiang-jintai"}) == ["cao-linyin"]
    assert _listed(api_client, "people", {"search": "chairman"}) == ["dong-lili"]


def test_listed_separates_enterprises_with_a_known_listing(api_client, dataset):
    """listed=true keeps enterprises with a listing date or exchange; listed=false the rest."""
    exchange = make_enterprise(slug="sse", kind=EnterpriseKind.EXCHANGE)
    dataset.zongshen.listing_exchange = exchange
    dataset.zongshen.save()
    assert _slugs(api_client, {"listed": "true"}) == ["zhixiang-jintai", "zongshen"]
    assert _slugs(api_client, {"listed": "false"}) == ["sse"]


@pytest.mark.parametrize("value", ["yes", "1", "True", "maybe"])
def test_listed_takes_true_or_false_only(api_client, dataset, value):
    """Anything but true or false is a 400 naming listed, never an unfiltered list."""
    response = api_client.get("/api/v1/enterprises/", {"listed": value})
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "listed"


def test_kind_keeps_government_bodies_and_exchanges_out(api_client, dataset):
    """kind=company&kind=group lists businesses only, as its description says."""
    make_enterprise(slug="district-government", kind=EnterpriseKind.GOVERNMENT_BODY)
    make_enterprise(slug="sse", kind=EnterpriseKind.EXCHANGE)
    assert _slugs(api_client, {"kind": ["company", "group"]}) == ["zhixiang-jintai", "zongshen"]
