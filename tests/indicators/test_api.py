"""The indicators API."""

from decimal import Decimal

import pytest
from rest_framework import status

from apps.indicators.choices import SubjectType
from apps.indicators.models import Indicator
from tests.factories import make_comparison, make_indicator

pytestmark = pytest.mark.django_db


def _indicator_body(**fields):
    return {
        "slug": "motorcycle-sales-rank",
        "name_zh": "宗申系摩托车销量排名",
        "name_en": "Zongshen motorcycle sales rank",
        "subject_type": "enterprise",
        "subject": "zongshen",
        "value": "4",
        "unit": "rank",
        "period_start": "2023-01-01",
        "period_end": "2023-12-31",
        "kind": "actual",
        "source": "banan-1246",
        "source_quote": "宗申系摩托车热销127.3万辆，排名全国第四",
        **fields,
    }


def test_an_indicator_carries_its_number_as_stated_and_normalized(api_client, dataset):
    """127.3 万 vehicles: value, unit, multiplier, normalized value, qualifier, period, kind."""
    body = api_client.get("/api/v1/indicators/zongshen-motorcycle-sales-2023/").json()
    assert body["value"] == 127.3
    assert body["unit"] == "vehicle"
    assert body["unit_multiplier"] == 4
    assert body["value_normalized"] == 1_273_000
    assert body["qualifier"] == "exact"
    assert (body["period"], body["period_start"], body["period_end"]) == (
        "2023",
        "2023-01-01",
        "2023-12-31",
    )
    assert body["kind"] == "actual"
    assert body["subject_type"] == "enterprise"
    assert body["subject"] == {
        "slug": "zongshen",
        "name_zh": "宗申产业集团",
        "name_en": "Zongshen Industrial Group",
        "name": "Zongshen Industrial Group",
        "url": "http://testserver/api/v1/enterprises/zongshen/",
    }


def test_a_district_indicator_has_no_subject_and_keeps_its_comparisons(api_client, dataset):
    """18.3 % ranks 4th among central districts and 9th in the metropolitan area."""
    body = api_client.get("/api/v1/indicators/industrial-investment-growth-2023/").json()
    assert body["subject_type"] == "district"
    assert body["subject"] is None
    assert body["comparisons"] == [
        {
            "position": 1,
            "kind": "rank",
            "value": 4.0,
            "unit": "rank",
            "benchmark_zh": "全市中心城区",
            "benchmark_en": "central districts of Chongqing",
        },
        {
            "position": 2,
            "kind": "rank",
            "value": 9.0,
            "unit": "rank",
            "benchmark_zh": "主城都市区",
            "benchmark_en": "metropolitan area",
        },
    ]


@pytest.mark.parametrize(
    ("slug", "subject"),
    [
        ("two-pillars-output-2027", "automobiles-motorcycles"),
        ("wafer-centre-area", "wafer-centre"),
    ],
)
def test_every_kind_of_subject_is_served_in_brief(api_client, dataset, slug, subject):
    """Cluster and project subjects too."""
    assert api_client.get(f"/api/v1/indicators/{slug}/").json()["subject"]["slug"] == subject


def test_the_list_costs_the_same_queries_for_one_or_many(assert_constant_queries, dataset):
    """Subjects are joined and comparisons prefetched."""

    def add_rows():
        for subject_type, field, subject in (
            (SubjectType.PARK, "park", dataset.xingzhou),
            (SubjectType.CLUSTER, "cluster", dataset.biomedicine),
            (SubjectType.ENTERPRISE, "enterprise", dataset.zongshen),
            (SubjectType.PROJECT, "project", dataset.wafer_centre),
        ):
            make_comparison(make_indicator(subject_type=subject_type, **{field: subject}))

    assert_constant_queries("/api/v1/indicators/", 4, add_rows)


def test_creating_an_indicator_resolves_the_subject_and_normalizes_the_value(token_client, dataset):
    """subject is a slug of the kind subject_type names; value_normalized is computed."""
    response = token_client("add_indicator").post(
        "/api/v1/indicators/",
        _indicator_body(
            slug="zongshen-sales-wan",
            value="127.3",
            unit="vehicle",
            unit_multiplier=4,
            value_normalized="1",
        ),
    )
    assert response.status_code == status.HTTP_201_CREATED, response.json()
    created = Indicator.objects.get(slug="zongshen-sales-wan")
    assert created.enterprise == dataset.zongshen
    assert created.value_normalized == Decimal("1273000")


def test_a_district_indicator_is_created_with_a_null_subject(token_client, dataset):
    """The district has no subject record."""
    response = token_client("add_indicator").post(
        "/api/v1/indicators/",
        _indicator_body(slug="growth", subject_type="district", subject=None, unit="percent"),
    )
    assert response.status_code == status.HTTP_201_CREATED, response.json()
    assert response.json()["subject"] is None


def test_a_subject_type_without_its_subject_breaks_the_one_subject_constraint(
    token_client, dataset
):
    """The exactly-one-subject constraint answers 400 with its message."""
    response = token_client("add_indicator").post(
        "/api/v1/indicators/", _indicator_body(subject=None)
    )
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert "exactly one subject" in response.json()["errors"][0]["detail"]


def test_an_unknown_subject_slug_is_refused(token_client, dataset):
    """The slug must name a record of the subject type."""
    response = token_client("add_indicator").post(
        "/api/v1/indicators/", _indicator_body(subject="biomedicine")
    )
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    [error] = response.json()["errors"]
    assert error["attr"] == "subject"
    assert error["detail"] == "No enterprise has the slug biomedicine."


def test_a_district_indicator_with_a_subject_is_refused(token_client, dataset):
    """The district has no record, so a slug given with it is an error, not ignored."""
    response = token_client("add_indicator").post(
        "/api/v1/indicators/", _indicator_body(subject_type="district")
    )
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response.json()["errors"][0]["attr"] == "subject"


def test_a_subject_that_is_not_a_slug_is_refused(token_client, dataset):
    """A number or an object is not a subject."""
    response = token_client("add_indicator").post(
        "/api/v1/indicators/", _indicator_body(subject={"slug": "zongshen"})
    )
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response.json()["errors"][0]["attr"] == "subject"


@pytest.mark.parametrize("subject", ["zong\x00shen", "zong shen"])
def test_a_subject_slug_no_record_can_have_is_refused_before_any_query(
    token_client, dataset, subject
):
    """A NUL byte (an error, not a miss, on PostgreSQL) or a space cannot name a subject."""
    response = token_client("add_indicator").post(
        "/api/v1/indicators/", _indicator_body(subject=subject), format="json"
    )
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    [error] = response.json()["errors"]
    assert (error["attr"], error["code"]) == ("subject", "invalid")


@pytest.mark.parametrize("subject_type", [["enterprise"], {"kind": "enterprise"}])
def test_a_subject_type_that_is_not_text_is_reported_once(token_client, dataset, subject_type):
    """A list or an object as subject_type is that field's error, not a crash of subject's."""
    response = token_client("add_indicator").post(
        "/api/v1/indicators/", _indicator_body(subject_type=subject_type), format="json"
    )
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert [error["attr"] for error in response.json()["errors"]] == ["subject_type"]


def test_changing_the_subject_uses_the_stored_subject_type(token_client, dataset):
    """A PATCH of subject alone looks the slug up among records of the current type."""
    dataset.zhixiang.clusters.set([dataset.motorcycles])
    response = token_client("change_indicator").patch(
        "/api/v1/indicators/zongshen-motorcycle-sales-2023/", {"subject": "zhixiang-jintai"}
    )
    assert response.status_code == status.HTTP_200_OK, response.json()
    assert response.json()["subject"]["slug"] == "zhixiang-jintai"


def test_an_invalid_subject_type_is_reported_once(token_client, dataset):
    """An unknown subject_type is an error of that field, not also of subject."""
    response = token_client("add_indicator").post(
        "/api/v1/indicators/", _indicator_body(subject_type="planet")
    )
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert [error["attr"] for error in response.json()["errors"]] == ["subject_type"]


def test_a_period_that_ends_before_it_starts_is_refused(token_client, dataset):
    """The period constraint answers 400 with its message."""
    response = token_client("add_indicator").post(
        "/api/v1/indicators/", _indicator_body(period_start="2024-01-01")
    )
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    [error] = response.json()["errors"]
    assert error["detail"] == "The latest date cannot precede the earliest date."
