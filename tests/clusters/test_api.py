"""The clusters, initiatives and key directions APIs."""

import datetime

import pytest
from rest_framework import status

from apps.clusters.models import Initiative
from tests.factories import (
    make_cluster,
    make_initiative,
    make_key_direction,
    make_source,
)

pytestmark = pytest.mark.django_db

BRIEF_FIELDS = {"slug", "name_zh", "name_en", "name", "url"}


def test_a_cluster_is_served_with_its_place_in_the_system_and_its_citation(api_client, dataset):
    """A cluster has url, slug, names, tier, position, descriptions, citation and updated_at."""
    body = api_client.get("/api/v1/clusters/biomedicine/").json()
    assert body["url"] == "http://testserver/api/v1/clusters/biomedicine/"
    assert (body["tier"], body["position"]) == ("leading", 1)
    assert (body["name_zh"], body["name_en"]) == ("生物医药", "Biomedicine")
    assert set(body["source"]) == BRIEF_FIELDS
    assert body["source"]["url"] == "http://testserver/api/v1/sources/banan-1246/"
    assert body["source_quote"] == "巴南区"
    assert "updated_at" in body


def test_clusters_are_listed_in_the_system_order(api_client, dataset):
    """Leading, pillar, characteristic, new star; then position."""
    body = api_client.get("/api/v1/clusters/").json()
    assert [row["slug"] for row in body["results"]] == [
        "biomedicine",
        "automobiles-motorcycles",
        "optoelectronics",
    ]


def test_the_cluster_list_costs_the_same_queries_for_one_or_many(assert_constant_queries):
    """Listing clusters is a constant number of queries."""
    make_cluster()
    assert_constant_queries(
        "/api/v1/clusters/", 3, lambda: [make_cluster(source=make_source()) for _ in range(4)]
    )


def low_altitude_economy(**fields):
    return make_initiative(
        **{
            "slug": "low-altitude-economy",
            "name_zh": "低空经济产业布局",
            "name_en": "Low-altitude economy layout",
            "source_quote": "在“1246”产业集群中对低空经济产业进行了详细布局",
            "launched_earliest": datetime.date(2023, 12, 1),
            "launched_latest": datetime.date(2023, 12, 31),
            **fields,
        }
    )


def test_an_initiative_names_the_clusters_it_serves_and_when_it_began(api_client, dataset):
    """Initiatives list their clusters in brief form and their launch span."""
    low_altitude_economy().clusters.set([dataset.new_star])
    body = api_client.get("/api/v1/initiatives/low-altitude-economy/").json()
    assert [cluster["slug"] for cluster in body["clusters"]] == ["optoelectronics"]
    assert set(body["clusters"][0]) == BRIEF_FIELDS
    assert body["launched"] == "2023-12"
    assert (body["launched_earliest"], body["launched_latest"]) == ("2023-12-01", "2023-12-31")


def test_the_initiative_list_costs_the_same_queries_for_one_or_many(
    assert_constant_queries, dataset
):
    """Initiatives and their clusters are read in a constant number of queries."""
    low_altitude_economy().clusters.set([dataset.new_star])

    def add_rows():
        for index in range(3):
            low_altitude_economy(slug=f"initiative-{index}").clusters.set(
                [dataset.biomedicine, dataset.motorcycles]
            )

    assert_constant_queries("/api/v1/initiatives/", 4, add_rows)


def test_an_initiative_can_be_created_with_its_clusters(token_client, dataset):
    """Many-to-many relations are written as lists of slugs."""
    response = token_client("add_initiative").post(
        "/api/v1/initiatives/",
        {
            "slug": "software-stars",
            "name_zh": "软信产业“满天星”行动计划",
            "name_en": "Software 'Stars in the Sky' action plan",
            "clusters": ["optoelectronics", "biomedicine"],
            "source": "banan-1246",
            "source_quote": "巴南积极推进软信产业“满天星”行动计划",
        },
    )
    assert response.status_code == status.HTTP_201_CREATED, response.json()
    created = Initiative.objects.get(slug="software-stars")
    assert set(created.clusters.values_list("slug", flat=True)) == {
        "optoelectronics",
        "biomedicine",
    }


def test_a_launch_span_that_runs_backwards_is_refused(token_client, dataset):
    """The date-span constraints hold for writes."""
    response = token_client("add_initiative").post(
        "/api/v1/initiatives/",
        {
            "slug": "backwards",
            "name_zh": "倒序",
            "name_en": "Backwards",
            "launched_earliest": "2024-01-31",
            "launched_latest": "2024-01-01",
            "source": "banan-1246",
            "source_quote": "巴南区",
        },
    )
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert "cannot precede" in response.json()["errors"][0]["detail"]


def test_a_key_direction_is_served_with_its_cluster_and_its_inference(api_client, dataset):
    """Names, position, the cluster in brief and the mark saying the link is inferred."""
    body = api_client.get("/api/v1/key-directions/biotech-drugs/").json()
    assert (body["name_zh"], body["position"]) == ("生物技术药", 1)
    assert body["cluster"]["slug"] == "biomedicine"
    assert set(body["cluster"]) == BRIEF_FIELDS
    assert [mark["field"] for mark in body["inferences"]] == ["cluster"]
    assert body["url"] == "http://testserver/api/v1/key-directions/biotech-drugs/"


def test_the_key_direction_list_costs_the_same_queries_for_one_or_many(
    assert_constant_queries, dataset
):
    """The cluster and the source are joined."""

    def add_rows():
        for _ in range(3):
            make_key_direction(cluster=dataset.motorcycles, source=dataset.source)

    assert_constant_queries("/api/v1/key-directions/", 3, add_rows)


def test_a_key_direction_can_be_created_with_a_token(token_client, dataset):
    """Writes take the cluster by slug and are validated like the admin's."""
    client = token_client("add_keydirection")
    body = {
        "slug": "large-displacement-motorcycles",
        "name_zh": "大排量摩托车",
        "name_en": "Large-displacement motorcycles",
        "position": 6,
        "cluster": "automobiles-motorcycles",
        "source": "banan-1246",
        "source_quote": "大排量摩托车",
    }
    assert client.post("/api/v1/key-directions/", body).status_code == status.HTTP_201_CREATED
    taken = client.post("/api/v1/key-directions/", {**body, "slug": "again"})
    assert taken.status_code == status.HTTP_400_BAD_REQUEST
    assert "already holds this position" in taken.json()["errors"][0]["detail"]
