"""Indicator: exactly one subject, valid choices, normalization, period; comparisons."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.core.quantities import UnitMultiplier
from apps.indicators.choices import ComparisonKind, SubjectType, Unit
from apps.indicators.models import Indicator, IndicatorComparison
from tests.factories import (
    make_cluster,
    make_enterprise,
    make_indicator,
    make_park,
    make_project,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("subject_type", "factory"),
    [
        (SubjectType.PARK, make_park),
        (SubjectType.CLUSTER, make_cluster),
        (SubjectType.ENTERPRISE, make_enterprise),
        (SubjectType.PROJECT, make_project),
    ],
)
def test_subject_matches_its_type(subject_type, factory):
    """An indicator about a park, cluster, enterprise or project points at exactly that."""
    subject = factory()
    indicator = make_indicator(subject_type=subject_type, **{subject_type: subject})
    assert indicator.subject == subject


def test_district_indicator_has_no_subject_row():
    """The district is the subject when no foreign key is set."""
    assert make_indicator(subject_type=SubjectType.DISTRICT).subject is None


def test_two_subjects_are_refused():
    """An indicator cannot be about a park and an enterprise at once."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_indicator(
            subject_type=SubjectType.PARK, park=make_park(), enterprise=make_enterprise()
        )


def test_missing_subject_is_refused():
    """A park indicator must name its park."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_indicator(subject_type=SubjectType.PARK)


def test_district_indicator_with_a_subject_is_refused():
    """The district subject excludes every foreign key."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_indicator(subject_type=SubjectType.DISTRICT, cluster=make_cluster())


def test_unknown_subject_type_is_refused():
    """Only the five subject types exist."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_indicator(subject_type="planet")


@pytest.mark.parametrize(
    ("field", "value"),
    [("unit", "furlong"), ("kind", "rumour"), ("qualifier", "maybe"), ("unit_multiplier", 3)],
)
def test_invalid_choices_are_refused(field, value):
    """Unit, kind, qualifier and multiplier are checked by the database."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_indicator(**{field: value})


def test_value_is_normalized_with_its_multiplier():
    """34.73 亿 is kept as stated and normalized to 3,473,000,000."""
    indicator = make_indicator(
        value=Decimal("34.73"), unit=Unit.CNY, unit_multiplier=UnitMultiplier.HUNDRED_MILLION
    )
    indicator.refresh_from_db()
    assert indicator.value == Decimal("34.73")
    assert indicator.value_normalized == Decimal("3473000000")


@pytest.mark.parametrize(
    ("value", "multiplier", "normalized"),
    [
        ("34.73", UnitMultiplier.HUNDRED_MILLION, "3473000000"),
        ("13.8", UnitMultiplier.TEN_THOUSAND, "138000"),
        ("0.1", UnitMultiplier.HUNDRED_MILLION, "10000000"),
        ("18.3", UnitMultiplier.ONE, "18.3"),
        ("123456.7891", UnitMultiplier.HUNDRED_MILLION, "12345678910000"),
        ("99999999.9999", UnitMultiplier.ONE, "99999999.9999"),
    ],
)
def test_the_database_computes_the_normalized_value_exactly(value, multiplier, normalized):
    """value x 10^multiplier, exact on SQLite (which multiplies as floats) and PostgreSQL."""
    indicator = make_indicator(value=Decimal(value), unit_multiplier=multiplier)
    assert indicator.value_normalized == Decimal(normalized)
    assert Indicator.objects.filter(value_normalized=Decimal(normalized)).exists()
    assert Indicator.objects.filter(value_normalized__gte=Decimal(normalized)).exists()


def test_the_normalized_value_follows_every_write_of_the_value():
    """Even an update that bypasses save() cannot leave it behind."""
    indicator = make_indicator(value=Decimal("13.8"), unit_multiplier=UnitMultiplier.TEN_THOUSAND)
    Indicator.objects.filter(pk=indicator.pk).update(value=Decimal("2"))
    indicator.refresh_from_db()
    assert indicator.value_normalized == Decimal("20000")


def test_period_cannot_run_backwards():
    """A period ends on or after its start."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_indicator(period_start=datetime.date(2024, 1, 1), period_end=datetime.date(2023, 1, 1))


def test_period_label():
    """A calendar year reads as the year."""
    assert make_indicator().period == "2023"


def test_form_validation_explains_two_subjects():
    """full_clean() explains the one-subject rule in words."""
    indicator = make_indicator()
    indicator.subject_type = SubjectType.PARK
    with pytest.raises(ValidationError, match="exactly one subject"):
        indicator.full_clean()


def test_rank_comparison_must_be_a_positive_rank():
    """A rank is 1 or more, in the unit rank."""
    indicator = make_indicator()
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorComparison.objects.create(
            indicator=indicator,
            kind=ComparisonKind.RANK,
            value=Decimal("0"),
            unit=Unit.RANK,
            benchmark_zh="全市中心城区",
            benchmark_en="central urban districts of Chongqing",
        )


def test_comparisons_keep_their_order_and_natural_key():
    """Several comparisons per indicator, addressed by (indicator slug, position)."""
    indicator = make_indicator(slug="industrial-investment-growth-2023")
    for position, rank in [(1, 4), (2, 9)]:
        IndicatorComparison.objects.create(
            indicator=indicator,
            position=position,
            kind=ComparisonKind.RANK,
            value=Decimal(rank),
            unit=Unit.RANK,
            benchmark_zh="对照组",
            benchmark_en="peer group",
        )
    second = IndicatorComparison.objects.get_by_natural_key("industrial-investment-growth-2023", 2)
    assert second.value == 9
    assert second.natural_key() == ("industrial-investment-growth-2023", 2)
    assert [c.position for c in indicator.comparisons.all()] == [1, 2]
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorComparison.objects.create(
            indicator=indicator,
            position=2,
            kind=ComparisonKind.DIFFERENCE,
            value=Decimal("6.5"),
            unit=Unit.PERCENTAGE_POINT,
            benchmark_zh="全市",
            benchmark_en="Chongqing as a whole",
        )
