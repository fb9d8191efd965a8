"""The repaired article cut into pieces at every cited passage, for the public source page.

Every record quotes an exact substring of its source's repaired text. Each distinct quote is
found once (its first occurrence), numbered in reading order and given the anchor
``presentation.quote_anchor`` names, so a record's page links to its sentence without reading
the article. Passages may overlap (a clause cited inside a cited sentence): the text is cut at
every passage's start and end, and each piece knows whether any passage covers it.
"""

import itertools
from dataclasses import dataclass, field

from apps.overview.presentation import quote_anchor
from apps.sources.models import cited_models


@dataclass
class Passage:
    number: int
    anchor: str
    quote: str
    start: int
    end: int
    records: list = field(default_factory=list)


@dataclass
class Piece:
    text: str
    cited: bool
    starts: list[Passage]
    ends: list[Passage]


@dataclass
class Reading:
    paragraphs: list[list[Piece]]
    passages: list[Passage]
    # Quotes not found in the text (an editor's typo): listed, never silently dropped.
    unplaced: list[Passage]


def citing_records(source) -> list:
    """Every record citing the source, one query per cited model, in the order of the apps."""
    records = []
    for model in cited_models():
        records.extend(model.objects.filter(source=source).order_by("slug"))
    return records


def read_source(text: str, records) -> Reading:
    """The text's paragraphs cut at every cited passage of ``records``."""
    by_quote: dict[str, list] = {}
    for record in records:
        by_quote.setdefault(record.source_quote, []).append(record)
    placed, unplaced = [], []
    for quote, citing in by_quote.items():
        start = text.find(quote) if quote else -1
        passage = Passage(0, quote_anchor(quote), quote, start, start + len(quote), citing)
        (placed if start >= 0 else unplaced).append(passage)
    placed.sort(key=lambda passage: (passage.start, -passage.end))
    for number, passage in enumerate([*placed, *unplaced], start=1):
        passage.number = number
    cuts = {0, len(text)}
    for passage in placed:
        cuts.update((passage.start, passage.end))
    for index, character in enumerate(text):
        if character == "\n":
            cuts.update((index, index + 1))
    cuts = sorted(cuts)
    paragraphs: list[list[Piece]] = [[]]
    for begin, end in itertools.pairwise(cuts):
        starts = [passage for passage in placed if passage.start == begin]
        ends = [passage for passage in placed if passage.end == end]
        piece_text = text[begin:end]
        if piece_text == "\n":
            # A passage never spans paragraphs in practice; its marks close and reopen if it does.
            paragraphs.append([])
            continue
        cited = any(passage.start <= begin and end <= passage.end for passage in placed)
        paragraphs[-1].append(Piece(piece_text, cited, starts, ends))
    return Reading(
        paragraphs=[paragraph for paragraph in paragraphs if paragraph],
        passages=placed,
        unplaced=unplaced,
    )
