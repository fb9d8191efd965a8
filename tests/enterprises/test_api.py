"""The enterprises API."""

import datetime

import pytest
from rest_framework import status

from apps.enterprises.choices import EnterpriseKind
from apps.enterprises.models import Enterprise
from tests.factories import make_enterprise

pytestmark = pytest.mark.django_db


def test_an_enterprise_is_served_with_its_clusters_park_and_listing(api_client, dataset):
    """Names, kind, clusters, park and the listing span are served."""
    body = api_client.get("/api/v1/enterprises/zhixiang-jintai/").json()
    assert body["name_zh"] == "重庆智翔金泰生物制药股份有限公司"
    assert body["short_name_zh"] == "智翔金泰"
    assert body["kind"] == "company"
    assert [cluster["slug"] for cluster in body["clusters"]] == ["biomedicine"]
    assert body["park"]["slug"] == "international-bio-city"
    assert body["listing_exchange"] is None
    assert (body["listed_earliest"], body["listed_latest"], body["listed"]) == (
        "2023-06-01",
        "2023-06-30",
        "2023-06",
    )


def test_an_enterprise_without_a_listing_has_no_listing_date(api_client, dataset):
    """An unknown span is null, never an invented date."""
    body = api_client.get("/api/v1/enterprises/zongshen/").json()
    assert body["listed"] is None
    assert body["listed_earliest"] is None


def test_the_list_costs_the_same_queries_for_one_or_many(assert_constant_queries, dataset):
    """Park and exchange are joined, clusters prefetched."""
    exchange = make_enterprise(kind=EnterpriseKind.EXCHANGE)

    def add_rows():
        for _ in range(3):
            make_enterprise(park=dataset.bio_city, listing_exchange=exchange).clusters.set(
                [dataset.biomedicine, dataset.motorcycles]
            )

    assert_constant_queries("/api/v1/enterprises/", 4, add_rows)


def test_an_enterprise_can_only_be_listed_on_an_exchange(token_client, dataset):
    """listing_exchange accepts only enterprises of kind exchange, as the admin does."""
    client = token_client("change_enterprise")
    refused = client.patch("/api/v1/enterprises/zhixiang-jintai/", {"listing_exchange": "zongshen"})
    assert refused.status_code == status.HTTP_400_BAD_REQUEST
    assert refused.json()["errors"][0]["attr"] == "listing_exchange"
    make_enterprise(slug="sse", kind=EnterpriseKind.EXCHANGE)
    accepted = client.patch(
        "/api/v1/enterprises/zhixiang-jintai/",
        {"listing_exchange": "sse", "listing_board_zh": "科创板"},
    )
    assert accepted.status_code == status.HTTP_200_OK, accepted.json()
    assert accepted.json()["listing_exchange"]["slug"] == "sse"


def test_clusters_are_replaced_by_a_write(token_client, dataset):
    """A many-to-many field is set to the slugs given."""
    response = token_client("change_enterprise").patch(
        "/api/v1/enterprises/zongshen/", {"clusters": ["biomedicine", "optoelectronics"]}
    )
    assert response.status_code == status.HTTP_200_OK
    assert [cluster["slug"] for cluster in response.json()["clusters"]] == [
        "biomedicine",
        "optoelectronics",
    ]
    assert set(Enterprise.objects.get(slug="zongshen").clusters.values_list("slug", flat=True)) == {
        "biomedicine",
        "optoelectronics",
    }


def test_a_half_given_listing_span_is_refused(token_client, dataset):
    """Both ends of a date span, or neither."""
    response = token_client("change_enterprise").patch(
        "/api/v1/enterprises/zongshen/", {"listed_earliest": str(datetime.date(2023, 6, 1))}
    )
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert "both the earliest and the latest" in response.json()["errors"][0]["detail"]
