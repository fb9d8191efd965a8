"""The audit finds what the published records leave out of their source."""

import datetime
from decimal import Decimal

import pytest

from apps.indicators.models import Indicator
from apps.sources import audit
from apps.sources.audit import (
    cited_records,
    non_fact_position,
    reviewed_non_facts,
    stated_numbers,
    unclassified_fields,
    uncovered_numerals,
    unmarked_inferences,
    unstated_fields,
    written_date,
)
from apps.sources.models import NonFact, Source
from tests.factories import (
    make_cluster,
    make_enterprise,
    make_indicator,
    make_park,
    make_project,
)


@pytest.fixture
def source(published_dataset):
    return Source.objects.get(slug="banan-1246-report-2024")


# Pingshan's 2023 profit, 1700 (万元), is stated by its indicator and by the statement quoting it.
PROFIT_RECORDS = {"pingshan-profit-2023", "pingshan-results-2023"}


def test_a_missing_record_leaves_its_numbers_uncovered(source):
    """Without the records stating Pingshan's profit, 1700 (万元) is reported as uncovered."""
    records = [r for r in cited_records(source) if r.slug not in PROFIT_RECORDS]
    assert [n.text for n in uncovered_numerals(source, records, reviewed_non_facts(source))] == [
        "1700"
    ]


def test_a_record_must_quote_the_passage_of_the_number(source):
    """A record stating the right number but quoting another passage does not cover it."""
    records = [r for r in cited_records(source) if r.slug != "pingshan-results-2023"]
    profit = next(r for r in records if r.slug == "pingshan-profit-2023")
    profit.source_quote = "2023年,巴南全区规上工业增加值增长3.6%"
    assert [n.text for n in uncovered_numerals(source, records, reviewed_non_facts(source))] == [
        "1700"
    ]


def test_dropping_a_non_fact_reports_its_numeral(source):
    """Each reviewed non-fact is needed: without the first, its numeral (2024) is uncovered."""
    non_facts = reviewed_non_facts(source)[1:]
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
        non_fact_position(
            source.repaired_text, NonFact(source=source, source_quote=context, numeral=numeral)
        )


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


# --- Inference marks ---------------------------------------------------------------------------


def _unstated(record):
    return {(u.field, u.why) for u in unstated_fields(record)}


@pytest.mark.django_db
def test_a_fuller_name_than_the_quote_gives_is_reported_until_it_is_marked():
    """上海证券交易所 for the quote's 上交所 is an inference; marking name_zh answers it."""
    exchange = make_enterprise(
        name_zh="上海证券交易所",
        short_name_zh="上交所",
        name_en="Shanghai Stock Exchange",
        kind="exchange",
        source_quote="公司已于去年6月在上交所科创板成功挂牌上市",
    )
    assert [(u.field, u.why) for u in unmarked_inferences([exchange])] == [
        ("name_zh", "“上海证券交易所” is not in the quote")
    ]
    exchange.inferences = [{"field": "name_zh", "basis_zh": "简称上交所", "basis_en": "上交所"}]
    assert unmarked_inferences([exchange]) == []


@pytest.mark.django_db
def test_a_relation_the_quote_does_not_name_is_reported():
    """A park or cluster read from another sentence is unstated; one the quote names is not."""
    bio_city = make_park(name_zh="重庆国际生物城")
    company = make_enterprise(park=bio_city, source_quote="智翔金泰的无菌实验室里")
    assert ("park", "the quote does not name 重庆国际生物城") in _unstated(company)
    company.source_quote = "智翔金泰的快速发展正是重庆国际生物城生物医药产业发展的真实写照"
    assert "park" not in {field for field, _why in _unstated(company)}


@pytest.mark.django_db
def test_a_resolved_relative_date_is_reported_and_a_written_one_is_not():
    """去年6月 resolved to June 2023 states more than the quote; 2023年6月 does not."""
    indicator = make_indicator(
        period_start=datetime.date(2023, 6, 1),
        period_end=datetime.date(2023, 6, 30),
        value=Decimal("34.73"),
        source_quote="公司已于去年6月上市,成功融资34.73亿元",
    )
    assert {field for field, _why in _unstated(indicator)} == {"period_start", "period_end"}
    indicator.source_quote = "公司已于2023年6月上市,成功融资34.73亿元"
    assert _unstated(indicator) == set()


@pytest.mark.parametrize(
    ("earliest", "latest", "written"),
    [
        (datetime.date(2023, 1, 1), datetime.date(2023, 12, 31), "2023年"),
        (datetime.date(2023, 12, 1), datetime.date(2023, 12, 31), "2023年12月"),
        (datetime.date(2023, 12, 12), datetime.date(2023, 12, 12), "2023年12月12日"),
        (datetime.date(2023, 11, 21), datetime.date(2023, 11, 30), None),
        (None, datetime.date(2024, 3, 31), None),
    ],
)
def test_written_date_is_how_the_source_writes_a_span_it_states(earliest, latest, written):
    """Only a whole year, a whole month or one day has a written form; 月底 does not."""
    assert written_date(earliest, latest) == written


@pytest.mark.django_db
def test_numbers_tiers_and_qualifiers_are_read_from_the_quote_words():
    """破千亿 states 1000 and more_than; 近600 states nearly 600; a wrong qualifier is reported."""
    projection = make_indicator(
        value=Decimal("1000"),
        qualifier="more_than",
        source_quote="预计到2027年,两大产业合计产值将破千亿元。",
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 12, 31),
    )
    assert _unstated(projection) == set()
    projection.qualifier = "at_least"
    projection.value = Decimal("1100")
    assert {field for field, _why in _unstated(projection)} == {"qualifier", "value"}
    cluster = make_cluster(
        tier="pillar", name_zh="汽车摩托车", source_quote="汽车摩托车两个主导产业集群"
    )
    assert ("tier", "the quote does not say 支柱") in _unstated(cluster)


@pytest.mark.django_db
def test_a_description_stating_a_number_outside_its_quote_is_reported():
    """A description may paraphrase, but every number in it must be the quote's."""
    project = make_project(
        name_zh="光电项目",
        description_zh="2023年12月12日开工，占地50亩",
        source_quote="光电项目占地面积50亩",
    )
    assert _unstated(project) == {("description_zh", "states 12, 2023, which the quote does not")}


def test_a_field_no_rule_judges_is_reported(monkeypatch):
    """Taking status out of the classifications leaves the project's status unjudged."""
    monkeypatch.setattr(audit, "CLASSIFICATION_FIELDS", audit.CLASSIFICATION_FIELDS - {"status"})
    assert unclassified_fields() == ["projects.project.status"]
