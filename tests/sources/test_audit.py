"""The audit finds what the published records leave out of their source."""

from decimal import Decimal

import pytest

from apps.indicators.models import Indicator
from apps.sources.audit import (
    NonFact,
    cited_records,
    load_non_facts,
    non_fact_position,
    stated_numbers,
    uncovered_numerals,
)
from apps.sources.models import Source
from tests.factories import make_project


@pytest.fixture
def source(published_dataset):
    return Source.objects.get(slug="banan-1246-report-2024")


def test_a_missing_record_leaves_its_numbers_uncovered(source):
    """Without the profit indicator, 1700 (万元) is reported as uncovered."""
    records = [r for r in cited_records(source) if r.slug != "pingshan-profit-2023"]
    assert [n.text for n in uncovered_numerals(source, records, load_non_facts())] == ["1700"]


def test_a_record_must_quote_the_passage_of_the_number(source):
    """A record stating the right number but quoting another passage does not cover it."""
    records = cited_records(source)
    profit = next(r for r in records if r.slug == "pingshan-profit-2023")
    profit.source_quote = "2023年,巴南全区规上工业增加值增长3.6%"
    assert [n.text for n in uncovered_numerals(source, records, load_non_facts())] == ["1700"]


def test_dropping_a_non_fact_reports_its_numeral(source):
    """Each reviewed non-fact is needed: without the first, its numeral (2024) is uncovered."""
    non_facts = load_non_facts()[1:]
    assert [n.text for n in uncovered_numerals(source, cited_records(source), non_facts)] == [
        "2024"
    ]


@pytest.mark.parametrize(
    ("context", "numeral"),
    [("1246", "1246"), ("不在文中的句子", "1"), ("3月5日", "7")],
    ids=["ambiguous-context", "missing-context", "numeral-not-in-context"],
)
def test_non_fact_must_point_at_exactly_one_numeral(source, context, numeral):
    """An ambiguous or stale non-fact entry is an error, not a silent pass."""
    with pytest.raises(ValueError, match=r"occurs|is not once"):
        non_fact_position(source.repaired_text, NonFact(context, numeral, "reason"))


def test_stated_numbers_include_values_dates_comparisons_and_chinese_text(source):
    """An indicator states its value, its period's year and its comparisons' values."""
    indicator = Indicator.objects.prefetch_related("comparisons").get(
        slug="industrial-investment-growth-2023"
    )
    assert stated_numbers(indicator) >= {Decimal("18.3"), Decimal(2023), Decimal(4), Decimal(9)}


@pytest.mark.django_db
def test_stated_numbers_of_a_project():
    """A project states its investment, its date spans and the digits of its capacity."""
    project = make_project(
        name_zh="光电项目", investment_amount=Decimal("11"), capacity_zh="年产能4.2万片"
    )
    assert stated_numbers(project) == {Decimal("11"), Decimal("4.2")}
