"""Search over the published dataset finds records by their Chinese and their English names."""

import pytest
from rest_framework import status

ZONGSHEN = [
    "zongshen-aero-engine",
    "zongshen-general-machinery",
    "zongshen-group",
    "zongshen-power",
]


@pytest.mark.django_db
@pytest.mark.parametrize("term", ["宗申", "zongshen", "ZONGSHEN"])
def test_search_finds_zongshen_in_either_language(api_client, published_dataset, term):
    """?search=宗申 and ?search=zongshen find the same four Zongshen companies."""
    response = api_client.get("/api/v1/enterprises/", {"search": term, "ordering": "slug"})
    assert response.status_code == status.HTTP_200_OK
    assert [record["slug"] for record in response.json()["results"]] == ZONGSHEN


@pytest.mark.django_db
def test_cluster_filter_reaches_the_enterprises_of_the_pillar_tier(api_client, published_dataset):
    """?tier=pillar lists the enterprises of the automobile-motorcycle and new display clusters."""
    response = api_client.get("/api/v1/enterprises/", {"tier": "pillar", "ordering": "slug"})
    slugs = [record["slug"] for record in response.json()["results"]]
    assert slugs == [
        "fuzhike-technology",
        "hkc-jinyang",
        "hkc-jinyu",
        "lingyao-new-energy-vehicle",
        "zongshen-group",
        "zongshen-power",
    ]
