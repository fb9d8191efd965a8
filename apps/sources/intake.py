"""Intake of a new article: every numeral nothing accounts for yet, read as a candidate fact.

After ``manage.py import_article``, no record cites the new source, so every numeral of it is
uncovered (apps.sources.reading). ``candidates(source)`` reads each one as an editor would type
it: the value, the multiplier written after it (亿 = 10^8, 万 = 10^4), the unit word after that
(元, %, 个百分点, 辆 …, as written), the qualifier around it (超, 近, 约, 以上 …), the sentence it
stands in (the quote an indicator would cite) and the shortest passage around it that occurs
once in the article (the quote a reviewed non-fact needs). A numeral that is part of a date
(2024年3月5日) says so, since it is rarely a fact of its own.

The unit is returned as written: this app knows no indicator units (the dependency runs the
other way); the indicators' admin maps the written unit to its own choices.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from apps.sources.audit import Numeral, numerals
from apps.sources.models import Source
from apps.sources.reading import read_source

MULTIPLIERS = {"亿": 8, "万": 4}
# Unit words as the articles write them after a number (and its multiplier), longest first.
UNIT_WORDS = (
    "个百分点",
    "平方米",
    "片/年",
    "%",
    "％",
    "元",
    "辆",
    "亩",
    "升",
    "L",
    "片",
    "个",
    "家",
    "项",
    "台",
    "名",
    "人",
    "倍",
    "位",
    "款",
    "年",
)
# Qualifier words and where they stand, with the indicator qualifier each means
# (apps.core.quantities.Qualifier values).
QUALIFIERS_BEFORE = (
    ("不低于", "at_least"),
    ("可达", "up_to"),
    ("超过", "more_than"),
    ("超", "more_than"),
    ("逾", "more_than"),
    ("破", "more_than"),
    ("近", "nearly"),
    ("约", "approximately"),
)
QUALIFIERS_AFTER = (
    ("以上", "more_than"),
    ("余", "more_than"),
    ("多", "more_than"),
    ("左右", "approximately"),
)
SENTENCE_END = "。！？；!?;\n"
DATE_AFTER = re.compile(r"^(\d{4}年|\d{1,2}月|\d{1,2}日)")


@dataclass(frozen=True)
class Candidate:
    """An uncovered numeral read as the fact it may state."""

    numeral: Numeral
    value: Decimal
    unit_multiplier: int
    unit_written: str
    qualifier: str
    qualifier_written: str
    sentence: str
    passage: str
    is_date_part: bool
    # ``超1200亿元``, ``30个以上``: the numeral with the words around it that were read.
    as_written: str


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], without its closing mark or surrounding blanks."""
    left = max((text.rfind(mark, 0, start) for mark in SENTENCE_END), default=-1) + 1
    rights = [i for mark in SENTENCE_END if (i := text.find(mark, end)) != -1]
    right = min(rights) if rights else len(text)
    return text[left:right].strip()


def unique_passage(text: str, numeral: Numeral, sentence: str | None = None) -> str:
    """The shortest passage around the numeral (within its sentence where it can) that occurs
    once in the text and holds the numeral once: a reviewed non-fact's quote."""
    sentence = sentence or sentence_around(text, numeral.start, numeral.end)
    for reach in range(2, len(text)):
        start, end = max(0, numeral.start - reach), min(len(text), numeral.end + reach)
        passage = text[start:end].strip()
        inside = [n for n in numerals(passage) if n.text == numeral.text]
        if text.count(passage) == 1 and len(inside) == 1:
            return passage
        if start == 0 and end == len(text):
            break
    return sentence


def is_date_part(numeral: Numeral, after: str) -> bool:
    """2024 of 2024年, 3 of 3月 and 5 of 5日; not 27 of 27年 (a length of time)."""
    return bool(DATE_AFTER.match(numeral.text + after[:1]))


def read_candidate(text: str, numeral: Numeral) -> Candidate:
    """What the words around one numeral say about it."""
    after = text[numeral.end :]
    read = 0  # How many characters after the numeral were read as its words.
    multiplier = 0
    for word, power in MULTIPLIERS.items():
        if after.startswith(word):
            multiplier, read = power, len(word)
            break
    qualifier, qualifier_written = "exact", ""
    for word, meaning in QUALIFIERS_AFTER:
        if after.startswith(word, read):
            qualifier, qualifier_written, read = meaning, word, read + len(word)
            break
    unit = next((word for word in UNIT_WORDS if after.startswith(word, read)), "")
    read += len(unit)
    if not qualifier_written:
        for word, meaning in QUALIFIERS_AFTER:
            if after.startswith(word, read):
                qualifier, qualifier_written, read = meaning, word, read + len(word)
                break
    start = numeral.start
    for word, meaning in QUALIFIERS_BEFORE:
        if text.endswith(word, 0, numeral.start):
            qualifier, qualifier_written, start = meaning, word, numeral.start - len(word)
            break
    sentence = sentence_around(text, numeral.start, numeral.end)
    return Candidate(
        numeral=numeral,
        value=numeral.value,
        unit_multiplier=multiplier,
        unit_written=unit,
        qualifier=qualifier,
        qualifier_written=qualifier_written,
        sentence=sentence,
        passage=unique_passage(text, numeral, sentence),
        is_date_part=is_date_part(numeral, after),
        as_written=text[start : numeral.end + read],
    )


def candidates(source: Source, uncovered: list[Numeral] | None = None) -> list[Candidate]:
    """Every numeral of ``source`` that no record states and no non-fact explains, as a
    candidate; pass ``uncovered`` when a reading has found them already."""
    if uncovered is None:
        uncovered = list(read_source(source).uncovered)
    return [read_candidate(source.repaired_text, numeral) for numeral in uncovered]
