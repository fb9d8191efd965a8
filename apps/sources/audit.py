"""Checks that the published records say everything their source says, and only that.

Three questions an editor (and the test suite) asks of a source:

- Is every record's quote an exact substring of the repaired text it cites?
- Is every Arabic numeral of the repaired text accounted for, either by a record that quotes the
  passage and states that number (as a value, a date, or in its Chinese text), or by an entry of
  a reviewed non-fact (``NonFact``, published from ``fixtures/07_non_facts.yaml``) saying why it
  is not data?
- Does every field that states more than its record's quote says outright carry an inference
  mark? ``unmarked_inferences`` answers it under the reviewed rules of ``FIELD_RULES``.
"""

import calendar
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from apps.sources.inferences import inferable_field_names, inferred_fields
from apps.sources.models import CitedModel, NonFact, Source, cited_models

NUMERAL = re.compile(r"\d+(?:\.\d+)?")

NUMBER_FIELD_TYPES = (models.DecimalField, models.IntegerField, models.FloatField)


@dataclass(frozen=True)
class Numeral:
    start: int
    end: int
    text: str

    @property
    def value(self) -> Decimal:
        return Decimal(self.text)


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
        elif isinstance(field, NUMBER_FIELD_TYPES):
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


def passage_spans(text: str, passage: str) -> list[tuple[int, int]]:
    return [(m.start(), m.start() + len(passage)) for m in re.finditer(re.escape(passage), text)]


def reviewed_non_facts(source: Source) -> list[NonFact]:
    """The numerals of ``source`` that editors reviewed as not data."""
    return list(NonFact.objects.filter(source=source))


def non_fact_position(text: str, non_fact: NonFact) -> Numeral:
    """The one numeral a non-fact points at; its quote and numeral must be unambiguous."""
    contexts = passage_spans(text, non_fact.source_quote)
    if len(contexts) != 1:
        raise ValueError(f"non-fact quote occurs {len(contexts)} times: {non_fact.source_quote!r}")
    inside = [n for n in numerals(non_fact.source_quote) if n.text == non_fact.numeral]
    if len(inside) != 1:
        raise ValueError(f"numeral {non_fact.numeral!r} is not once in {non_fact.source_quote!r}")
    start = contexts[0][0] + inside[0].start
    return Numeral(start, start + len(non_fact.numeral), non_fact.numeral)


def covering_records(text: str, numeral: Numeral, records: Iterable[CitedModel]) -> list:
    """Records that quote the passage holding the numeral and state its value."""
    return [
        record
        for record in records
        if any(
            s <= numeral.start and numeral.end <= e
            for s, e in passage_spans(text, record.source_quote)
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


# --- Inference marks -------------------------------------------------------------------------
#
# Each field a cited record can carry is judged by one reviewed rule: either its value must be
# found in the record's quote (or the field be marked as inferred), or it is exempt for the
# reason the rule's name gives. A field no rule covers fails the dataset test, so a new field
# is classified before it is published.

# Models whose name is a label the dataset gives (an indicator, a plan, a statement's topic),
# not a name the source uses; the reviewer checks it says no more than the quote.
LABEL_NAMED_MODELS = {"clusters.initiative", "indicators.indicator", "enterprises.statement"}

# Chinese text copied from the quote as it stands.
VERBATIM_FIELDS = {
    "short_name_zh",
    "role_zh",
    "speaker_zh",
    "listing_board_zh",
    "capacity_zh",
    "text_zh",
}
# Chinese text in the editors' words: every number it states must be the quote's.
PARAPHRASE_FIELDS = {"description_zh"}
# Classifications of what the quote says, reviewed with the record (the kind rule of stocks is
# a test of its own); tiers and qualifiers are checked against the words that signal them.
CLASSIFICATION_FIELDS = {
    "kind",
    "status",
    "subject_type",
    "unit",
    "unit_multiplier",
    "investment_unit_multiplier",
    "speech",
    "position",
}
NUMBER_FIELDS = {"value", "investment_amount"}
TIER_WORDS = {"leading": "主导", "pillar": "支柱", "characteristic": "特色优势", "new_star": "新星"}
QUALIFIER_WORDS = {
    "exact": ("",),
    "approximately": ("约",),
    "nearly": ("近",),
    "more_than": ("超", "余", "破"),
    "at_least": ("不低于",),
    "up_to": ("可达",),
}
# Numbers the source writes in Chinese, reviewed: 破千亿 is 1000 亿, 超七成 is 70 %, 第四 is 4.
CHINESE_NUMBERS = {Decimal(1000): ("千",), Decimal(70): ("七成",), Decimal(4): ("第四",)}


@dataclass(frozen=True)
class Unstated:
    """A field whose value the record's quote does not state outright."""

    record: CitedModel
    field: str
    why: str


def field_rule(model, field_name: str) -> str | None:
    """The name of the reviewed rule that judges ``field_name`` of ``model``; None if none does."""
    field = model._meta.get_field(field_name)
    if field_name == "name_zh":
        return "label" if model._meta.label_lower in LABEL_NAMED_MODELS else "name"
    if field_name.endswith("_en"):
        return "translation"
    if field.is_relation:
        return "relation" if hasattr(field.related_model, "name_zh") else None
    if field_name in VERBATIM_FIELDS:
        return "verbatim"
    if field_name in PARAPHRASE_FIELDS:
        return "paraphrase"
    if field_name in CLASSIFICATION_FIELDS:
        return "classification"
    if field_name == "tier":
        return "tier"
    if field_name in ("qualifier", "investment_qualifier"):
        return "qualifier"
    if field_name in NUMBER_FIELDS:
        return "number"
    if isinstance(field, models.DateField) and _span_of(model, field_name):
        return "date"
    return None


def unclassified_fields() -> list[str]:
    """``app.model.field`` of every inferable field of a cited model that no rule judges."""
    return [
        f"{model._meta.label_lower}.{name}"
        for model in cited_models()
        for name in inferable_field_names(model)
        if field_rule(model, name) is None
    ]


def _span_of(model, field_name):
    """The (earliest, latest) field names of the date span ``field_name`` is an end of."""
    for span in getattr(model, "date_spans", {}).values():
        if field_name in (span.earliest, span.latest):
            return span.earliest, span.latest
    return None


def written_date(earliest: datetime.date | None, latest: datetime.date | None) -> str | None:
    """How the source writes a span it states outright (2023年, 2023年12月, 2023年12月12日)."""
    if earliest is None or latest is None:
        return None
    if earliest == latest:
        return f"{earliest.year}年{earliest.month}月{earliest.day}日"
    last_day = calendar.monthrange(latest.year, latest.month)[1]
    if (earliest.year, earliest.month, earliest.day) == (latest.year, latest.month, 1) and (
        latest.day == last_day
    ):
        return f"{earliest.year}年{earliest.month}月"
    if (earliest.year, earliest.month, earliest.day, latest.month, latest.day) == (
        latest.year,
        1,
        1,
        12,
        31,
    ):
        return f"{earliest.year}年"
    return None


def _names(related) -> list[str]:
    return [name for name in (related.name_zh, getattr(related, "short_name_zh", "")) if name]


def number_in_quote(value: Decimal, quote: str) -> bool:
    if value in {Decimal(numeral) for numeral in NUMERAL.findall(quote)}:
        return True
    return any(form in quote for form in CHINESE_NUMBERS.get(value, ()))


def _unstated_value(record, field_name, rule) -> str | None:
    """Why the field's value is not stated outright by the quote, or None if it is."""
    quote = record.source_quote
    value = getattr(record, field_name)
    if rule in ("name", "verbatim"):
        return None if not value or value in quote else f"“{value}” is not in the quote"
    if rule == "relation":
        field = record._meta.get_field(field_name)
        related = list(value.all()) if field.many_to_many else [value] if value else []
        missing = [r.name_zh for r in related if not any(n in quote for n in _names(r))]
        return f"the quote does not name {', '.join(missing)}" if missing else None
    if rule == "paraphrase":
        extra = sorted({n for n in NUMERAL.findall(value or "") if n not in NUMERAL.findall(quote)})
        return f"states {', '.join(extra)}, which the quote does not" if extra else None
    if rule == "tier":
        word = TIER_WORDS[value]
        return None if word in quote else f"the quote does not say {word}"
    if rule == "qualifier":
        words = QUALIFIER_WORDS[value]
        return None if any(word in quote for word in words) else f"the quote says none of {words}"
    if rule == "number":
        return (
            None
            if value is None or number_in_quote(value, quote)
            else f"{value} is not in the quote"
        )
    if rule == "date":
        if value is None:
            return None
        earliest, latest = (getattr(record, name) for name in _span_of(type(record), field_name))
        written = written_date(earliest, latest)
        return None if written and written in quote else "the quote does not state this date"
    return None


def unstated_fields(record: CitedModel) -> list[Unstated]:
    """Fields of ``record`` whose value its quote does not state outright, with the reason."""
    model = type(record)
    found = []
    for name in inferable_field_names(model):
        why = _unstated_value(record, name, field_rule(model, name))
        if why:
            found.append(Unstated(record, name, why))
    if hasattr(record, "comparisons"):
        for comparison in record.comparisons.all():
            if not number_in_quote(comparison.value, record.source_quote):
                found.append(Unstated(record, "comparisons", f"rank {comparison.value}"))
            if comparison.benchmark_zh not in record.source_quote:
                found.append(Unstated(record, "comparisons", comparison.benchmark_zh))
    return found


def unmarked_inferences(records: Iterable[CitedModel]) -> list[Unstated]:
    """What records state beyond their quotes without naming the field in ``inferences``."""
    return [
        unstated
        for record in records
        for unstated in unstated_fields(record)
        if unstated.field not in inferred_fields(record)
    ]
