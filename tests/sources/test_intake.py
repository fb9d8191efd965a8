"""Intake of the next article: every numeral read as a candidate, one click from a record."""

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command

from apps.indicators.models import Indicator
from apps.sources.audit import numerals
from apps.sources.intake import candidates, read_candidate, unique_passage
from apps.sources.models import NonFact, Source
from tests.admin_forms import admin_url

pytestmark = pytest.mark.django_db

# A short article in the seed's style: a header date, amounts with 亿 and 万, qualifiers before
# and after, a percentage, a count, and an ordinal.
ARTICLE = (
    "2024年5月8日\n"
    "巴南区工业产值超1200亿元,同比增长6.2%。\n"
    "全区新增规上企业近50家,引进项目30个以上。\n"
    "园区投资约3.5万元每亩,排名全市第2位。\n"
)


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "next.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    call_command(
        "import_article",
        path,
        "--title",
        "下一篇",
        "--title-en",
        "Next article",
        "--language",
        "zh-hans",
        verbosity=0,
    )
    return Source.objects.get(slug="next-article")


def _by_text(found):
    return {candidate.as_written: candidate for candidate in found}


def test_every_numeral_of_a_new_article_is_a_candidate(source):
    """No record cites the new article yet: each of its numerals is listed, in order."""
    found = candidates(source)
    assert [c.numeral.text for c in found] == [n.text for n in numerals(source.repaired_text)]
    assert [c.numeral.text for c in found] == [
        "2024",
        "5",
        "8",
        "1200",
        "6.2",
        "50",
        "30",
        "3.5",
        "2",
    ]


def test_candidates_read_multiplier_unit_and_qualifier(source):
    """超1200亿元 is more than 1200 × 10^8 元; 30个以上 more than 30; 近50家 nearly 50."""
    found = _by_text(candidates(source))
    amount = found["超1200亿元"]
    assert (amount.value, amount.unit_multiplier, amount.unit_written, amount.qualifier) == (
        Decimal("1200"),
        8,
        "元",
        "more_than",
    )
    assert amount.sentence == "巴南区工业产值超1200亿元,同比增长6.2%"
    assert found["6.2%"].unit_written == "%"
    assert found["近50家"].qualifier == "nearly"
    projects = found["30个以上"]
    assert (projects.unit_written, projects.qualifier, projects.qualifier_written) == (
        "个",
        "more_than",
        "以上",
    )
    area = found["约3.5万元"]
    assert (area.unit_multiplier, area.unit_written, area.qualifier) == (4, "元", "approximately")


def test_date_parts_are_told_apart(source):
    """2024, 5 and 8 of the header date are flagged; 第2位's 2 is not a date."""
    flags = {c.numeral.text: c.is_date_part for c in candidates(source)}
    assert [flags["2024"], flags["5"], flags["8"]] == [True, True, True]
    assert not flags["2"]
    assert not flags["1200"]


def test_the_non_fact_passage_occurs_once_and_holds_its_numeral_once(source):
    """A short passage is found even where the numeral's text recurs (2 in 2024 and 第2位)."""
    text = source.repaired_text
    for numeral in numerals(text):
        passage = unique_passage(text, numeral)
        assert text.count(passage) == 1
        assert [n.text for n in numerals(passage)].count(numeral.text) == 1


def test_read_candidate_of_a_bare_number():
    """A number with no words around it is exact, unitless, with no multiplier."""
    text = "共有 12 处。"
    candidate = read_candidate(text, numerals(text)[0])
    assert (candidate.unit_multiplier, candidate.unit_written, candidate.qualifier) == (
        0,
        "",
        "exact",
    )


def _candidate_links(client, source):
    response = client.get(f"/admin/sources/source/{source.pk}/reading/")
    assert response.status_code == 200
    return response, {
        (label, segment.numeral.text): url
        for segment, _candidate in response.context["candidates"]
        for label, url in segment.actions
    }


def test_the_source_view_offers_each_candidate_as_an_indicator_or_a_non_fact(editor_client, source):
    """One link fills the indicator form, one the non-fact form."""
    response, links = _candidate_links(editor_client, source)
    assert len(response.context["candidates"]) == 9
    url = links[("add as indicator", "1200")]
    query = parse_qs(urlsplit(url).query)
    assert urlsplit(url).path == admin_url(Indicator, "add")
    assert query == {
        "value": ["1200"],
        "unit_multiplier": ["8"],
        "qualifier": ["more_than"],
        "unit": ["cny"],
        "source": [str(source.pk)],
        "source_quote": ["巴南区工业产值超1200亿元,同比增长6.2%"],
    }
    form = editor_client.get(url).context["adminform"].form
    assert form.initial["value"] == "1200"
    assert form.initial["unit"] == "cny"
    assert form.initial["source_quote"] == "巴南区工业产值超1200亿元,同比增长6.2%"
    assert ("not a fact", "2024") in links


def test_marking_a_candidate_as_a_non_fact_removes_it_from_the_candidates(editor_client, source):
    """The pre-filled non-fact form needs only the reason; then the numeral is accounted for."""
    _response, links = _candidate_links(editor_client, source)
    url = links[("not a fact", "2024")]
    form = editor_client.get(url).context["adminform"].form
    data = {
        **{name: str(value) for name, value in form.initial.items() if name != "revision"},
        "reason_en": "The article's date.",
        "reason_zh": "文章日期。",
    }
    saved = editor_client.post(url, data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    assert NonFact.objects.get().numeral == "2024"
    response, _links = _candidate_links(editor_client, source)
    assert [s.numeral.text for s, _c in response.context["candidates"]][:2] == ["5", "8"]


def test_a_viewer_sees_the_candidates_but_no_action(viewer_client, source):
    """Looking is allowed; adding needs the editor's permissions."""
    response, links = _candidate_links(viewer_client, source)
    assert len(response.context["candidates"]) == 9
    assert links == {}


def test_a_non_fact_must_quote_a_passage_occurring_once(editor_client, source):
    """A passage that is not in the article, or ambiguous, is refused with the reason."""
    url = admin_url(NonFact, "add")
    response = editor_client.post(
        url,
        {"source": source.pk, "numeral": "2", "source_quote": "第2位", "reason_en": "x"},
    )
    assert response.status_code == 302
    response = editor_client.post(
        url,
        {"source": source.pk, "numeral": "5", "source_quote": "不在文中5", "reason_en": "x"},
    )
    assert response.status_code == 200
    assert "source_quote" in response.context["adminform"].form.errors
