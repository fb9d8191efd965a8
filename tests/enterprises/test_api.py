"""The enterprises API."""

import datetime

import pytest
from rest_framework import status

from apps.enterprises.choices import EnterpriseKind
from apps.enterprises.models import Enterprise
from tests.factories import make_enterprise, make_person, make_statement

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


def test_a_person_is_served_with_role_and_organisation(api_client, dataset):
    """Name in Chinese and pinyin, role in both languages, organisation in brief."""
    body = api_client.get("/api/v1/people/cao-linyin/").json()
    assert (body["name_zh"], body["name_en"]) == ("曹林荫", "Cao Linyin")
    assert (body["role_zh"], body["role_en"]) == ("品牌宣传经理", "Brand and publicity manager")
    assert body["organisation"]["slug"] == "zhixiang-jintai"


def test_a_statement_is_served_with_its_speaker_words_and_citation(api_client, dataset):
    """The speaker (a person here), speech, the words in both languages and the quote."""
    body = api_client.get("/api/v1/statements/genrix-bio-listing/").json()
    assert body["person"]["slug"] == "cao-linyin"
    assert (body["organisation"], body["park"]) == (None, None)
    assert body["speech"] == "direct"
    assert body["text_zh"] in body["source_quote"]
    assert body["speaker_zh"] == "智翔金泰品牌宣传经理曹林荫"
    assert body["stated"] is None


@pytest.mark.parametrize(("resource", "expected"), [("people", 3), ("statements", 3)])
def test_people_and_statements_cost_the_same_queries_for_one_or_many(
    assert_constant_queries, dataset, resource, expected
):
    """Speakers and organisations are joined."""

    def add_rows():
        for _ in range(3):
            person = make_person(organisation=dataset.zhixiang)
            make_statement(person=person)
            make_statement(person=None, park=dataset.bio_city)
            make_statement(person=None, organisation=dataset.zongshen)

    assert_constant_queries(f"/api/v1/{resource}/", expected, add_rows)


def test_a_statement_is_written_with_one_speaker_and_words_from_its_quote(token_client, dataset):
    """Writes are validated like the admin's: words outside the quote or two speakers are 400."""
    client = token_client("add_statement")
    body = {
        "slug": "bio-city-projects",
        "name_zh": "生物城的项目",
        "name_en": "The Bio-City's projects",
        "park": "international-bio-city",
        "speaker_zh": "重庆国际生物城负责人",
        "speaker_en": "The head of Chongqing International Bio-City",
        "speech": "direct",
        "text_zh": "已集聚项目120余个",
        "text_en": "has gathered more than 120 projects",
        "source": "banan-1246",
        "source_quote": "“目前,我们生物城已集聚项目120余个”重庆国际生物城负责人介绍",
    }
    outside = client.post("/api/v1/statements/", {**body, "text_zh": "集聚项目200个"})
    assert outside.status_code == status.HTTP_400_BAD_REQUEST
    assert "part of its quote" in outside.json()["errors"][0]["detail"]
    two = client.post("/api/v1/statements/", {**body, "organisation": "zongshen"})
    assert two.status_code == status.HTTP_400_BAD_REQUEST
    assert "exactly one speaker" in two.json()["errors"][0]["detail"]
    assert client.post("/api/v1/statements/", body).status_code == status.HTTP_201_CREATED
