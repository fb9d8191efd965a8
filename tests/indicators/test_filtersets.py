"""Filters of the indicators API."""

import datetime
from decimal import Decimal

import pytest

from apps.indicators.choices import IndicatorKind, SubjectType
from tests.factories import make_indicator, make_park

pytestmark = pytest.mark.django_db


def _slugs(api_client, query):
    response = api_client.get("/api/v1/indicators/", query)
    assert response.status_code == 200, response.json()
    return [row["slug"] for row in response.json()["results"]]


def test_subject_type_is_repeatable(api_client, dataset):
    """subject_type=a&subject_type=b keeps either."""
    assert _slugs(api_client, {"subject_type": "district"}) == ["industrial-investment-growth-2023"]
    assert _slugs(api_client, {"subject_type": ["cluster", "project"]}) == [
        "two-pillars-output-2027",
        "wafer-centre-area",
    ]


def test_subject_finds_the_indicators_of_a_record_of_any_kind(api_client, dataset):
    """subject=<slug> looks among parks, clusters, enterprises and projects."""
    assert _slugs(api_client, {"subject": "zongshen"}) == ["zongshen-motorcycle-sales-2023"]
    assert _slugs(api_client, {"subject": ["wafer-centre", "automobiles-motorcycles"]}) == [
        "two-pillars-output-2027",
        "wafer-centre-area",
    ]


def test_subject_and_subject_type_disambiguate_a_shared_slug(api_client, dataset):
    """A park and a project may share a slug; subject_type tells them apart."""
    park = make_park(slug="wafer-centre")
    make_indicator(slug="park-area", subject_type=SubjectType.PARK, park=park)
    assert _slugs(api_client, {"subject": "wafer-centre"}) == ["park-area", "wafer-centre-area"]
    assert _slugs(api_client, {"subject": "wafer-centre", "subject_type": "park"}) == ["park-area"]


@pytest.mark.parametrize("subject", ["bad slug", "nul\x00"])
def test_a_subject_no_slug_can_be_is_a_400(api_client, dataset, subject):
    """Impossible subject slugs are refused; a well-formed one naming nothing matches nothing."""
    response = api_client.get("/api/v1/indicators/", {"subject": subject})
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "subject"


def test_cluster_includes_the_indicators_of_its_enterprises_and_projects(api_client, dataset):
    """The pillar's own target and its enterprise's sales; the new star's project area."""
    assert _slugs(api_client, {"cluster": "automobiles-motorcycles"}) == [
        "two-pillars-output-2027",
        "zongshen-motorcycle-sales-2023",
    ]
    assert _slugs(api_client, {"cluster": "optoelectronics"}) == ["wafer-centre-area"]
    assert _slugs(api_client, {"cluster": ["optoelectronics", "biomedicine"]}) == [
        "wafer-centre-area"
    ]


def test_an_enterprise_in_two_matching_clusters_lists_its_indicator_once(api_client, dataset):
    """The joins through enterprise clusters never repeat a row."""
    dataset.zongshen.clusters.add(dataset.biomedicine)
    assert _slugs(api_client, {"cluster": ["biomedicine", "automobiles-motorcycles"]}) == [
        "two-pillars-output-2027",
        "zongshen-motorcycle-sales-2023",
    ]


def test_tier_follows_clusters_enterprises_projects_and_parks(api_client, dataset):
    """tier keeps indicators of the tier's clusters and of their enterprises, projects and
    parks."""
    assert _slugs(api_client, {"tier": "pillar"}) == [
        "two-pillars-output-2027",
        "zongshen-motorcycle-sales-2023",
    ]
    assert _slugs(api_client, {"tier": ["new_star", "leading"]}) == ["wafer-centre-area"]
    make_indicator(slug="bio-city-drugs", subject_type=SubjectType.PARK, park=dataset.bio_city)
    assert _slugs(api_client, {"tier": "leading"}) == ["bio-city-drugs"]


def test_cluster_includes_the_indicators_of_the_parks_hosting_it(api_client, dataset):
    """A park hosting the cluster (Park.clusters) belongs to it: its indicators count, once
    even when the park hosts several of the clusters asked for; a park hosting another
    cluster does not."""
    make_indicator(slug="bio-city-drugs", subject_type=SubjectType.PARK, park=dataset.bio_city)
    make_indicator(slug="xingzhou-area", subject_type=SubjectType.PARK, park=dataset.xingzhou)
    assert _slugs(api_client, {"cluster": "biomedicine"}) == ["bio-city-drugs"]
    dataset.bio_city.clusters.add(dataset.new_star)
    assert _slugs(api_client, {"cluster": ["biomedicine", "optoelectronics"]}) == [
        "bio-city-drugs",
        "wafer-centre-area",
        "xingzhou-area",
    ]


def test_the_summary_counts_what_the_cluster_filter_finds(api_client, dataset):
    """Per cluster, the summary's indicator count is the count of indicators/?cluster=<slug>:
    one definition for both."""
    make_indicator(slug="bio-city-drugs", subject_type=SubjectType.PARK, park=dataset.bio_city)
    make_indicator(
        slug="zhixiang-ipo", subject_type=SubjectType.ENTERPRISE, enterprise=dataset.zhixiang
    )
    summary = api_client.get("/api/v1/summary/").json()
    counted = {
        cluster["slug"]: cluster["counts"]["indicators"]
        for tier in summary["tiers"]
        for cluster in tier["clusters"]
    }
    assert counted == {
        slug: api_client.get("/api/v1/indicators/", {"cluster": slug}).json()["count"]
        for slug in counted
    }
    assert counted["biomedicine"] == 2


def test_period_answers_the_figures_within_a_span(api_client, dataset):
    """period=2023 is every figure of 2023: the year's, and a day's inside it; a month or an
    interval keeps what lies inside it, and a span that only overlaps is left out."""
    assert _slugs(api_client, {"period": "2023"}) == [
        "industrial-investment-growth-2023",
        "wafer-centre-area",
        "zongshen-motorcycle-sales-2023",
    ]
    assert _slugs(api_client, {"period": "2023-12"}) == ["wafer-centre-area"]
    assert _slugs(api_client, {"period": "2023-12-01/2028"}) == [
        "two-pillars-output-2027",
        "wafer-centre-area",
    ]
    assert _slugs(api_client, {"period": "2023-06/2024-06"}) == ["wafer-centre-area"]
    assert _slugs(api_client, {"period": "2022"}) == []


def test_period_exact_is_the_exact_span(api_client, dataset):
    """period_exact=2023 is the year 2023, not a day inside it."""
    assert _slugs(api_client, {"period_exact": "2023"}) == [
        "industrial-investment-growth-2023",
        "zongshen-motorcycle-sales-2023",
    ]
    assert _slugs(api_client, {"period_exact": "2023-12-12"}) == ["wafer-centre-area"]
    assert _slugs(api_client, {"period_exact": "2023-12"}) == []


@pytest.mark.parametrize("parameter", ["period", "period_exact"])
@pytest.mark.parametrize("value", ["2023-13", "23", "2023-02-30"])
def test_a_period_that_is_no_span_is_a_400(api_client, dataset, parameter, value):
    """A month or day the calendar lacks names the parameter."""
    response = api_client.get("/api/v1/indicators/", {parameter: value})
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == parameter


def test_period_ranges(api_client, dataset):
    """period__gte/__lte keep periods lying wholly after/before a partial date."""
    assert _slugs(api_client, {"period__gte": "2024"}) == ["two-pillars-output-2027"]
    assert _slugs(api_client, {"period__lte": "2023-12"}) == [
        "industrial-investment-growth-2023",
        "wafer-centre-area",
        "zongshen-motorcycle-sales-2023",
    ]
    assert _slugs(api_client, {"period__gte": "2023-12", "period__lte": "2023"}) == [
        "wafer-centre-area"
    ]


def test_kind_and_unit_are_repeatable(api_client, dataset):
    """kind and unit take several values."""
    assert _slugs(api_client, {"kind": "target"}) == ["two-pillars-output-2027"]
    assert _slugs(api_client, {"unit": ["mu", "vehicle"]}) == [
        "wafer-centre-area",
        "zongshen-motorcycle-sales-2023",
    ]


def test_value_normalized_ranges_compare_after_the_multiplier(api_client, dataset):
    """127.3 万 is above 1,000,000; 18.3 is not."""
    assert _slugs(api_client, {"value_normalized__gte": "1000000"}) == [
        "two-pillars-output-2027",
        "zongshen-motorcycle-sales-2023",
    ]
    assert _slugs(api_client, {"value_normalized__lte": "50"}) == [
        "industrial-investment-growth-2023",
        "wafer-centre-area",
    ]


def test_value_normalized_takes_any_finite_number(api_client, dataset):
    """A bound beyond what the column holds, or finer than its decimal places, answers as the
    nearest bound the column can hold: every row below 1e127, none above it, and 18.30001
    keeps 18.3 out of ``gte`` and in ``lte`` exactly as 18.3001 and 18.3 would."""
    everything = _slugs(api_client, {})
    assert _slugs(api_client, {"value_normalized__lte": "2.46e+127"}) == everything
    assert _slugs(api_client, {"value_normalized__gte": "-1e127"}) == everything
    assert _slugs(api_client, {"value_normalized__gte": "1e127"}) == []
    assert _slugs(api_client, {"value_normalized__lte": "-1e127"}) == []
    above = _slugs(api_client, {"value_normalized__gte": "18.30001"})
    growth = "industrial-investment-growth-2023"
    assert growth not in above
    assert above == _slugs(api_client, {"value_normalized__gte": "18.3001"})
    assert growth in _slugs(api_client, {"value_normalized__lte": "18.30001"})


@pytest.mark.parametrize("value", ["nan", "inf", "-Infinity", "1e", "ten"])
def test_value_normalized_refuses_what_is_no_finite_number(api_client, dataset, value):
    response = api_client.get("/api/v1/indicators/", {"value_normalized__gte": value})
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "value_normalized__gte"


def test_ordering_by_value_and_period(api_client, dataset):
    """-value_normalized,name_en and period orderings."""
    assert _slugs(api_client, {"ordering": "-value_normalized,name_en"}) == [
        "two-pillars-output-2027",
        "zongshen-motorcycle-sales-2023",
        "wafer-centre-area",
        "industrial-investment-growth-2023",
    ]
    make_indicator(
        slug="earliest",
        kind=IndicatorKind.ACTUAL,
        value=Decimal("1"),
        period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2021, 12, 31),
    )
    assert _slugs(api_client, {"ordering": "period"})[0] == "earliest"
    assert _slugs(api_client, {"ordering": "-period"})[0] == "two-pillars-output-2027"


def test_search_finds_indicators_in_both_languages(api_client, dataset):
    """search looks in the Chinese and English names."""
    assert _slugs(api_client, {"search": "摩托车"}) == ["zongshen-motorcycle-sales-2023"]
    assert _slugs(api_client, {"search": "site area"}) == ["wafer-centre-area"]
