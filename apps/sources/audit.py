"""Checks that the published records say everything their source says, and only that.

Two questions an editor (and the test suite) asks of a source:

- Is every record's quote an exact substring of the repaired text it cites?
- Is every Arabic numeral of the repaired text accounted for, either by a record that quotes the
  passage and states that number (as a value, a date, or in its Chinese text), or by an entry of
  the reviewed list of non-facts (``fixtures/non_facts.yaml``) saying why it is not data?
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.db import models

from apps.sources.models import CitedModel, Source

NUMERAL = re.compile(r"\d+(?:\.\d+)?")
NON_FACTS_PATH = Path(settings.BASE_DIR) / "fixtures" / "non_facts.yaml"

NUMBER_FIELDS = (models.DecimalField, models.IntegerField, models.FloatField)


@dataclass(frozen=True)
class Numeral:
    start: int
    end: int
    text: str

    @property
    def value(self) -> Decimal:
        return Decimal(self.text)


@dataclass(frozen=True)
class NonFact:
    context: str
    numeral: str
    reason: str


def cited_models() -> list[type[CitedModel]]:
    return [model for model in apps.get_models() if issubclass(model, CitedModel)]


def cited_records(source: Source) -> list[CitedModel]:
    records: list[CitedModel] = []
    for model in cited_models():
        queryset = model.objects.filter(source=source)
        if hasattr(model, "comparisons"):
            queryset = queryset.prefetch_related("comparisons")
        records.extend(queryset)
    return records


def misquoted(source: Source, records: Iterable[CitedModel]) -> list[CitedModel]:
    """Records whose quote is not an exact substring of the source's repaired text."""
    return [record for record in records if record.source_quote not in source.repaired_text]


def _stating_fields(model):
    """The fields in which a record of ``model`` states numbers, read off the model itself:
    its Chinese texts (quotes excepted), its numbers as typed (not computed, not codes), and
    the labels of its date spans."""
    texts, numbers = [], []
    for field in model._meta.concrete_fields:
        if field.generated or field.primary_key or field.is_relation or field.choices:
            continue
        if isinstance(field, models.PositiveSmallIntegerField):
            continue  # Positions within a tier or a list: order, not a number the source states.
        if isinstance(field, (models.CharField, models.TextField)) and field.name.endswith("_zh"):
            texts.append(field.name)
        elif isinstance(field, NUMBER_FIELDS):
            numbers.append(field.name)
    return texts, numbers, list(getattr(model, "date_spans", {}))


def stated_numbers(record: CitedModel) -> set[Decimal]:
    """Every number the record states, as values, date parts or digits in its Chinese text."""
    text_fields, number_fields, date_spans = _stating_fields(type(record))
    texts = [getattr(record, name) or "" for name in (*text_fields, *date_spans)]
    numbers = {Decimal(match) for text in texts for match in NUMERAL.findall(text)}
    numbers |= {
        Decimal(value) for name in number_fields if (value := getattr(record, name)) is not None
    }
    if hasattr(record, "comparisons"):
        numbers |= {comparison.value for comparison in record.comparisons.all()}
    return numbers


def numerals(text: str) -> list[Numeral]:
    return [Numeral(m.start(), m.end(), m.group()) for m in NUMERAL.finditer(text)]


def _spans(text: str, passage: str) -> list[tuple[int, int]]:
    return [(m.start(), m.start() + len(passage)) for m in re.finditer(re.escape(passage), text)]


def load_non_facts(path: Path = NON_FACTS_PATH) -> list[NonFact]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [NonFact(**entry) for entry in entries]


def non_fact_position(text: str, non_fact: NonFact) -> Numeral:
    """The one numeral a non-fact entry points at; its context and numeral must be unambiguous."""
    contexts = _spans(text, non_fact.context)
    if len(contexts) != 1:
        raise ValueError(f"non-fact context occurs {len(contexts)} times: {non_fact.context!r}")
    inside = [n for n in numerals(non_fact.context) if n.text == non_fact.numeral]
    if len(inside) != 1:
        raise ValueError(f"numeral {non_fact.numeral!r} is not once in {non_fact.context!r}")
    start = contexts[0][0] + inside[0].start
    return Numeral(start, start + len(non_fact.numeral), non_fact.numeral)


def covering_records(text: str, numeral: Numeral, records: Iterable[CitedModel]) -> list:
    """Records that quote the passage holding the numeral and state its value."""
    return [
        record
        for record in records
        if any(
            s <= numeral.start and numeral.end <= e for s, e in _spans(text, record.source_quote)
        )
        and numeral.value in stated_numbers(record)
    ]


def uncovered_numerals(
    source: Source, records: Iterable[CitedModel], non_facts: Iterable[NonFact]
) -> list[Numeral]:
    """Numerals of the repaired text that no record states and no non-fact explains."""
    text = source.repaired_text
    records = list(records)
    explained = {non_fact_position(text, non_fact) for non_fact in non_facts}
    return [
        numeral
        for numeral in numerals(text)
        if numeral not in explained and not covering_records(text, numeral, records)
    ]
