"""The parks API."""

import pytest
from rest_framework import status

from apps.parks.models import Park
from tests.factories import make_park

pytestmark = pytest.mark.django_db


def test_a_park_names_its_parent_and_the_clusters_it_hosts(api_client, dataset):
    """Parent and clusters appear in brief form."""
    body = api_client.get("/api/v1/parks/xingzhou/").json()
    assert body["parent"] == {
        "slug": "banan-software-park",
        "name_zh": "巴南软件园",
        "name_en": "Banan Software Park",
        "name": "Banan Software Park",
        "url": "http://testserver/api/v1/parks/banan-software-park/",
    }
    assert [cluster["slug"] for cluster in body["clusters"]] == ["optoelectronics"]
    top = api_client.get("/api/v1/parks/banan-software-park/").json()
    assert top["parent"] is None
    assert top["clusters"] == []


def test_the_list_costs_the_same_queries_for_one_or_many(assert_constant_queries, dataset):
    """Parents are joined and clusters prefetched."""

    def add_rows():
        for _ in range(3):
            make_park(parent=dataset.software_park).clusters.set(
                [dataset.biomedicine, dataset.new_star]
            )

    assert_constant_queries("/api/v1/parks/", 4, add_rows)


def test_a_park_is_created_inside_its_parent(token_client, dataset):
    """parent and clusters are written as slugs."""
    response = token_client("add_park").post(
        "/api/v1/parks/",
        {
            "slug": "xingxi",
            "name_zh": "星溪座",
            "name_en": "Xingxi Block",
            "parent": "banan-software-park",
            "clusters": ["optoelectronics"],
            "source": "banan-1246",
            "source_quote": "星溪座（中建隧道总部大楼）",
        },
    )
    assert response.status_code == status.HTTP_201_CREATED, response.json()
    assert Park.objects.get(slug="xingxi").parent == dataset.software_park


def test_a_park_cannot_become_its_own_parent(token_client, dataset):
    """The database constraint answers 400 with its message."""
    response = token_client("change_park").patch("/api/v1/parks/xingzhou/", {"parent": "xingzhou"})
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response.json()["errors"][0]["detail"] == "A park cannot be its own parent."
