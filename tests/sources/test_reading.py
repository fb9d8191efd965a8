"""The source view's reading: every passage the dataset quotes, every numeral it leaves out."""

import pytest
from django.template.loader import render_to_string

from apps.sources.audit import cited_records, reviewed_non_facts
from apps.sources.models import Source
from apps.sources.reading import CITED, NON_FACT, PLAIN, UNCOVERED, read_source


@pytest.fixture
def source(published_dataset):
    return Source.objects.get(slug="banan-1246-report-2024")


def test_segments_join_into_the_repaired_text(source):
    """Nothing is lost or repeated: the segments are the article, in order."""
    reading = read_source(source)
    assert reading.text == source.repaired_text
    assert [s.start for s in reading.segments] == sorted(s.start for s in reading.segments)
    assert {s.kind for s in reading.segments} <= {PLAIN, CITED, UNCOVERED, NON_FACT}


def test_every_cited_passage_of_the_dataset_is_highlighted(source):
    """Each record's quote lies wholly in segments that list that record, which links to it."""
    reading = read_source(source, link=lambda record: f"/r/{record._meta.model_name}/{record.pk}")
    records = cited_records(source)
    assert len(reading.citations) == len(records)
    for record in records:
        start = source.repaired_text.index(record.source_quote)
        end = start + len(record.source_quote)
        inside = [s for s in reading.segments if start <= s.start and s.end <= end]
        assert "".join(s.text for s in inside) == record.source_quote
        assert all(any(c.record == record for c in s.citations) for s in inside), record
        citation = next(c for c in reading.citations if c.record == record)
        assert citation.url == f"/r/{record._meta.model_name}/{record.pk}"
        assert citation in inside[-1].ending


def test_the_seed_article_has_no_uncovered_numeral_once_non_facts_are_reviewed(source):
    """The dataset and the reviewed non-facts account for every numeral of the article."""
    reading = read_source(source)
    assert reading.uncovered == ()
    assert reading.stale_non_facts == ()
    non_fact_segments = [s for s in reading.segments if s.kind == NON_FACT]
    assert len(non_fact_segments) == len(reviewed_non_facts(source))


def test_without_non_facts_their_numerals_are_marked_uncovered(source):
    """Unreviewed, the header's dates and the tier sizes are what the editor is shown."""
    reading = read_source(source, non_facts=[], actions=lambda n: [("add", f"/add?{n.start}")])
    uncovered = [s for s in reading.segments if s.kind == UNCOVERED]
    assert sorted(s.text for s in uncovered) == sorted(
        nf.numeral for nf in reviewed_non_facts(source)
    )
    assert all(s.actions == (("add", f"/add?{s.start}"),) for s in uncovered)


def test_a_stale_non_fact_is_reported_not_raised(source):
    """A non-fact whose quote no longer matches is listed, and its numeral shows as uncovered."""
    stale = reviewed_non_facts(source)[0]
    stale.source_quote = "不在文中的句子2024"
    reading = read_source(source, non_facts=[stale, *reviewed_non_facts(source)[1:]])
    assert reading.stale_non_facts == (stale,)
    assert [n.text for n in reading.uncovered] == ["2024"]


def test_the_include_template_renders_marks_links_and_no_script(source):
    """The include marks cited text, links references and carries no inline script or style."""
    reading = read_source(source, non_facts=[], link=lambda record: "/record/")
    html = render_to_string("sources/reading/article.html", {"reading": reading})
    assert html.count('class="reading-cited"') >= 1
    assert html.count('<a href="/record/"') >= len(reading.citations)
    assert 'href="/record/"' in html
    assert 'class="reading-uncovered' in html
    assert "<script" not in html
    assert "style=" not in html
    listed = render_to_string("sources/reading/citations.html", {"reading": reading})
    assert listed.count("<li") == len(reading.citations)
