"""The projects API."""

from decimal import Decimal

import pytest
from rest_framework import status

from apps.projects.models import Project
from tests.factories import make_project

pytestmark = pytest.mark.django_db


def test_a_project_keeps_the_investment_as_stated_and_in_yuan(api_client, dataset):
    """50 亿 is amount 50, multiplier 8, and 5,000,000,000 yuan; numbers are JSON numbers, whole
    ones written as integers (never 5000000000.0)."""
    response = api_client.get("/api/v1/projects/intelligent-equipment-base/")
    body = response.json()
    assert body["investment_amount"] == 50
    assert body["investment_unit_multiplier"] == 8
    assert body["investment_qualifier"] == "exact"
    assert body["investment_cny"] == 5_000_000_000
    assert b'"investment_cny":5000000000,' in response.content


def test_a_partial_date_is_served_as_its_span(api_client, dataset):
    """Late November 2023 stays a span, with a label and both ends."""
    body = api_client.get("/api/v1/projects/intelligent-equipment-base/").json()
    assert body["signed"] == "2023-11-21/2023-11-30"
    assert (body["signed_earliest"], body["signed_latest"]) == ("2023-11-21", "2023-11-30")
    assert body["started"] is None


def test_a_project_names_its_enterprise_park_and_cluster(api_client, dataset):
    """Relations appear in brief form, null when unknown."""
    body = api_client.get("/api/v1/projects/wafer-centre/").json()
    assert body["enterprise"]["slug"] == "zhixiang-jintai"
    assert body["park"]["slug"] == "xingzhou"
    assert body["cluster"]["slug"] == "optoelectronics"
    assert body["started"] == "2023-12-12"
    equipment = api_client.get("/api/v1/projects/intelligent-equipment-base/").json()
    assert (equipment["enterprise"], equipment["park"], equipment["cluster"]) == (None, None, None)


def test_the_list_costs_the_same_queries_for_one_or_many(assert_constant_queries, dataset):
    """Enterprise, park and cluster are joined."""

    def add_rows():
        for _ in range(3):
            make_project(
                enterprise=dataset.zongshen, park=dataset.xingzhou, cluster=dataset.new_star
            )

    assert_constant_queries("/api/v1/projects/", 3, add_rows)


def test_creating_a_project_computes_the_investment_in_yuan(token_client, dataset):
    """investment_cny is computed by the model, never taken from the client."""
    response = token_client("add_project").post(
        "/api/v1/projects/",
        {
            "slug": "optoelectronic-park",
            "name_zh": "重庆新型光电子集成产业园",
            "name_en": "Chongqing optoelectronic integration park",
            "status": "under_construction",
            "investment_amount": "11",
            "investment_unit_multiplier": 8,
            "investment_qualifier": "at_least",
            "investment_cny": 1,
            "source": "banan-1246",
            "source_quote": "该项目计划总投资不低于11亿元",
        },
    )
    assert response.status_code == status.HTTP_201_CREATED, response.json()
    assert response.json()["investment_cny"] == 1_100_000_000
    assert Project.objects.get(slug="optoelectronic-park").investment_cny == Decimal("1.1e9")


def test_a_negative_investment_is_refused(token_client, dataset):
    """The non-negative constraint answers 400 with its message."""
    response = token_client("change_project").patch(
        "/api/v1/projects/wafer-centre/", {"investment_amount": "-1"}
    )
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response.json()["errors"][0]["detail"] == "An investment cannot be negative."


def test_an_unknown_status_is_refused(token_client, dataset):
    """Choices are validated per field."""
    response = token_client("change_project").patch(
        "/api/v1/projects/wafer-centre/", {"status": "abandoned"}
    )
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response.json()["errors"][0]["attr"] == "status"
