"""Filters of the projects API."""

import datetime
from decimal import Decimal

import pytest

from apps.projects.choices import ProjectStatus
from tests.factories import make_project

pytestmark = pytest.mark.django_db


def _slugs(api_client, query):
    response = api_client.get("/api/v1/projects/", query)
    assert response.status_code == 200, response.json()
    return [row["slug"] for row in response.json()["results"]]


def test_status_is_repeatable(api_client, dataset):
    """status=a&status=b keeps projects in either status."""
    make_project(slug="running", status=ProjectStatus.IN_OPERATION)
    assert _slugs(api_client, {"status": "signed"}) == ["intelligent-equipment-base"]
    assert _slugs(api_client, {"status": ["signed", "in_operation"]}) == [
        "intelligent-equipment-base",
        "running",
    ]


def test_cluster_tier_park_and_enterprise(api_client, dataset):
    """Relations are filtered by slug; tier follows the project's cluster."""
    assert _slugs(api_client, {"cluster": "optoelectronics"}) == ["wafer-centre"]
    assert _slugs(api_client, {"tier": "new_star"}) == ["wafer-centre"]
    assert _slugs(api_client, {"tier": "leading"}) == []
    assert _slugs(api_client, {"park": "xingzhou"}) == ["wafer-centre"]
    assert _slugs(api_client, {"enterprise": "zhixiang-jintai"}) == ["wafer-centre"]
    assert _slugs(api_client, {"enterprise": ["zongshen", "zhixiang-jintai"]}) == ["wafer-centre"]


def test_investment_ranges_are_in_yuan_after_the_multiplier(api_client, dataset):
    """investment_cny__gte=2e9 keeps the 50 亿 project, not the 11 亿 one."""
    make_project(slug="small", investment_amount=Decimal("3239"), investment_unit_multiplier=4)
    assert _slugs(api_client, {"investment_cny__gte": "2000000000"}) == [
        "intelligent-equipment-base"
    ]
    assert _slugs(api_client, {"investment_cny__lte": "1100000000"}) == ["small", "wafer-centre"]
    assert _slugs(api_client, {"investment_cny__gte": "1e9", "investment_cny__lte": "1.1e9"}) == [
        "wafer-centre"
    ]


def test_date_ranges_count_a_span_only_when_all_of_it_is_inside(api_client, dataset):
    """signed in late November 2023 is inside 2023-11 but not inside 2023-11-25 onwards."""
    assert _slugs(api_client, {"signed__gte": "2023-11"}) == ["intelligent-equipment-base"]
    assert _slugs(api_client, {"signed__gte": "2023-11-25"}) == []
    assert _slugs(api_client, {"signed__lte": "2023"}) == ["intelligent-equipment-base"]
    assert _slugs(api_client, {"started__gte": "2023-12-12", "started__lte": "2023-12"}) == [
        "wafer-centre"
    ]
    assert _slugs(api_client, {"completed__lte": "2030"}) == []


def test_ordering_by_investment_and_dates(api_client, dataset):
    """ordering takes investment_cny and the dates, empty values last."""
    assert _slugs(api_client, {"ordering": "-investment_cny"}) == [
        "intelligent-equipment-base",
        "wafer-centre",
    ]
    assert _slugs(api_client, {"ordering": "started"}) == [
        "wafer-centre",
        "intelligent-equipment-base",
    ]
    assert _slugs(api_client, {"ordering": "-signed,slug"})[0] == "intelligent-equipment-base"


def test_search_looks_in_names_descriptions_and_capacity(api_client, dataset):
    """search matches names and capacities in both languages."""
    make_project(slug="antibodies", capacity_zh="新增20000L抗体原液产能")
    assert _slugs(api_client, {"search": "晶圆"}) == ["wafer-centre"]
    assert _slugs(api_client, {"search": "wafer"}) == ["wafer-centre"]
    assert _slugs(api_client, {"search": "抗体"}) == ["antibodies"]


def test_a_completion_by_a_day_matches_bounds_it_certainly_meets(api_client, dataset):
    """Completed by 2024-03-31: within completed__lte=2024-03, never certainly after a day."""
    make_project(slug="expansion", completed_latest=datetime.date(2024, 3, 31))
    assert _slugs(api_client, {"completed__lte": "2024-03"}) == ["expansion"]
    assert _slugs(api_client, {"completed__gte": "2020"}) == []
