"""A source's repaired article as an editor reads it: what the dataset quotes, what it leaves out.

API (pure functions of the database's records; no admin, no request, no language of its own)::

    from apps.sources.reading import read_source

    reading = read_source(source, link=lambda record: url_or_none, actions=None)

``reading.segments`` is a tuple of :class:`Segment` in the order of the text; their ``text``
joined is ``source.repaired_text`` exactly. Each segment has one ``kind``:

- ``"plain"``: text no record quotes;
- ``"cited"``: text that one or more records quote (``segment.citations``);
- ``"uncovered"``: one numeral that no record quoting its passage states and no reviewed non-fact
  explains (the same test as the dataset's, apps.sources.audit); it may lie inside quoted text,
  and then ``citations`` lists the records quoting it all the same;
- ``"non_fact"``: one numeral reviewed as not data (``segment.non_fact``, a ``NonFact``).

A :class:`Citation` holds the record, its number in the reading (1, 2, … in order of first
quote), its model's verbose name and ``url``, which is ``link(record)``: the caller decides where a
record leads (the admin passes its change page, a public page the record's API or web page), so
this module needs neither. ``segment.ending`` lists the citations whose quote ends with the
segment, where a page puts the reference marks. ``reading.citations`` lists every citation once,
in number order, and ``reading.uncovered`` every uncovered numeral (an ``audit.Numeral``).

``actions``, if given, is called with each uncovered numeral and returns ``(label, url)`` pairs the
template shows beside it (the admin's "add as indicator" and "not a fact").

Template: ``{% include "sources/reading/article.html" with reading=reading %}`` renders the
article with its stylesheet (``sources/reading.css``) and no script;
``sources/reading/citations.html`` renders the numbered list of citing records.
"""

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import models

from apps.sources.audit import (
    Numeral,
    cited_records,
    non_fact_position,
    numerals,
    passage_spans,
    reviewed_non_facts,
    stated_numbers,
)
from apps.sources.models import NonFact, Source

PLAIN = "plain"
CITED = "cited"
UNCOVERED = "uncovered"
NON_FACT = "non_fact"


@dataclass(frozen=True, eq=False)
class Citation:
    """A record that quotes the source, as a reading shows it (one object per record)."""

    number: int
    record: models.Model
    url: str | None

    @property
    def model_name(self) -> str:
        return str(self.record._meta.verbose_name)

    @property
    def label(self) -> str:
        return str(self.record)


@dataclass(frozen=True)
class Segment:
    """A run of the article that reads the same throughout (see the module's docstring)."""

    text: str
    start: int
    kind: str = PLAIN
    citations: tuple[Citation, ...] = ()
    ending: tuple[Citation, ...] = ()
    numeral: Numeral | None = None
    non_fact: NonFact | None = None
    actions: tuple[tuple[str, str], ...] = ()

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Reading:
    source: Source
    segments: tuple[Segment, ...]
    citations: tuple[Citation, ...]
    uncovered: tuple[Numeral, ...]
    stale_non_facts: tuple[NonFact, ...] = field(default=())

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)


def _quoted_spans(text: str, records) -> list[tuple[int, int, models.Model]]:
    """(start, end, record) for every place a record's quote occurs in the text."""
    return [
        (start, end, record)
        for record in records
        for start, end in passage_spans(text, record.source_quote)
        if end > start
    ]


def _numeral_status(text, records, spans, non_facts):
    """Numerals that no record covers, and those a non-fact explains; plus stale non-facts."""
    explained, stale = {}, []
    for non_fact in non_facts:
        try:
            explained[non_fact_position(text, non_fact)] = non_fact
        except ValueError:
            stale.append(non_fact)
    stated = {id(record): stated_numbers(record) for record in records}
    uncovered = []
    for numeral in numerals(text):
        if numeral in explained:
            continue
        covered = any(
            start <= numeral.start and numeral.end <= end and numeral.value in stated[id(record)]
            for start, end, record in spans
        )
        if not covered:
            uncovered.append(numeral)
    return uncovered, explained, stale


def read_source(
    source: Source,
    *,
    link: Callable[[models.Model], str | None] | None = None,
    actions: Callable[[Numeral], Sequence[tuple[str, str]]] | None = None,
    records: Sequence[models.Model] | None = None,
    non_facts: Sequence[NonFact] | None = None,
) -> Reading:
    """The article of ``source`` cut into segments; ``records`` and ``non_facts`` default to the
    database's (give them to read a source against another set, as tests do)."""
    text = source.repaired_text
    records = list(cited_records(source) if records is None else records)
    non_facts = list(reviewed_non_facts(source) if non_facts is None else non_facts)
    spans = _quoted_spans(text, records)
    uncovered, explained, stale = _numeral_status(text, records, spans, non_facts)

    spans.sort(key=lambda span: (span[0], -span[1]))
    citation_of = {}
    for _start, _end, record in spans:
        if id(record) not in citation_of:
            url = link(record) if link else None
            citation_of[id(record)] = Citation(len(citation_of) + 1, record, url)

    marked = {numeral.start: (UNCOVERED, numeral, None) for numeral in uncovered}
    marked |= {numeral.start: (NON_FACT, numeral, nf) for numeral, nf in explained.items()}
    cuts = {0, len(text)}
    cuts.update(point for start, end, _record in spans for point in (start, end))
    cuts.update(point for _kind, n, _nf in marked.values() for point in (n.start, n.end))
    cuts = sorted(cuts)

    segments: list[Segment] = []
    for start, end in itertools.pairwise(cuts):
        quoting = [record for s, e, record in spans if s <= start and end <= e]
        citations = tuple(
            sorted({citation_of[id(r)] for r in quoting}, key=lambda citation: citation.number)
        )
        ending = tuple(
            sorted(
                {citation_of[id(r)] for s, e, r in spans if e == end and s <= start},
                key=lambda citation: citation.number,
            )
        )
        if start in marked:
            kind, numeral, non_fact = marked[start]
            found = tuple(actions(numeral)) if actions and kind == UNCOVERED else ()
            segments.append(
                Segment(text[start:end], start, kind, citations, ending, numeral, non_fact, found)
            )
            continue
        kind = CITED if citations else PLAIN
        previous = segments[-1] if segments else None
        if (
            previous
            and previous.kind == kind
            and previous.citations == citations
            and not previous.ending
        ):
            # One run for text read the same way, whatever cuts other quotes made inside it.
            segments[-1] = Segment(
                previous.text + text[start:end], previous.start, kind, citations, ending
            )
            continue
        segments.append(Segment(text[start:end], start, kind, citations, ending))

    return Reading(
        source=source,
        segments=tuple(segments),
        citations=tuple(sorted(set(citation_of.values()), key=lambda c: c.number)),
        uncovered=tuple(uncovered),
        stale_non_facts=tuple(stale),
    )
