"""Project: status, investment and its normalization, date spans."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.core.quantities import UnitMultiplier
from apps.projects.models import Project
from tests.factories import make_project

pytestmark = pytest.mark.django_db


def test_investment_is_normalized_to_yuan():
    """50 亿元 is stored as stated and as 5,000,000,000 yuan."""
    project = make_project(
        investment_amount=Decimal("50"), investment_unit_multiplier=UnitMultiplier.HUNDRED_MILLION
    )
    project.refresh_from_db()
    assert project.investment_cny == Decimal("5000000000")


def test_project_without_investment_has_no_normalized_investment():
    """No stated investment means none in yuan either."""
    assert make_project().investment_cny is None


def test_negative_investment_is_refused():
    """An investment cannot be negative."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_project(investment_amount=Decimal("-1"))


def test_the_database_computes_the_investment_in_yuan():
    """investment_cny = amount x 10^multiplier, computed by the database on every write."""
    project = make_project(
        investment_amount=Decimal("11"), investment_unit_multiplier=UnitMultiplier.HUNDRED_MILLION
    )
    assert project.investment_cny == Decimal("1100000000")
    Project.objects.filter(pk=project.pk).update(investment_amount=Decimal("4.5"))
    project.refresh_from_db()
    assert project.investment_cny == Decimal("450000000")


def test_no_stated_amount_means_no_yuan_figure():
    """A yuan figure with no stated amount would be invented: it stays empty."""
    assert make_project().investment_cny is None


def test_unknown_status_is_refused():
    """Only the six statuses exist."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_project(status="abandoned")


def test_unknown_multiplier_is_refused():
    """Multipliers are 0, 4 (万) or 8 (亿)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_project(investment_amount=Decimal("1"), investment_unit_multiplier=5)


def test_late_november_is_a_span_not_a_day():
    """ "去年11月底" is stored as 2023-11-21..2023-11-30, read back as an interval."""
    project = make_project(
        signed_earliest=datetime.date(2023, 11, 21), signed_latest=datetime.date(2023, 11, 30)
    )
    assert project.signed == "2023-11-21/2023-11-30"
    assert project.started is None


def test_backwards_span_is_refused():
    """A project cannot start at a latest day before its earliest day."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_project(
            started_earliest=datetime.date(2023, 12, 12), started_latest=datetime.date(2023, 12, 1)
        )


def test_form_validation_reports_the_constraint_message():
    """full_clean() reports a negative investment with the constraint's own message."""
    project = Project(
        slug="p",
        name_zh="项目",
        name_en="Project",
        status="signed",
        investment_amount=Decimal("-5"),
        source=make_project().source,
        source_quote="巴南区",
    )
    with pytest.raises(ValidationError, match="cannot be negative"):
        project.full_clean()


def test_a_completion_known_only_as_by_a_day_has_no_earliest_day():
    """已建设完毕 in March 2024: completed on or before 2024-03-31, read as an open interval."""
    project = make_project(completed_latest=datetime.date(2024, 3, 31))
    assert project.completed == "../2024-03-31"


def test_a_completion_with_an_earliest_day_needs_its_latest():
    """The open end is the start only: an earliest day without a latest one is refused."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_project(completed_earliest=datetime.date(2023, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_project(
            completed_earliest=datetime.date(2024, 3, 31),
            completed_latest=datetime.date(2023, 1, 1),
        )
