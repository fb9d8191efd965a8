"""How the public pages write records and numbers: names in the page's language, amounts as the
source states them (qualifier, value, multiplier, unit), and the address of each record's page.

Nothing here computes a figure the data does not hold: ``1000`` with multiplier 8 is written
``超 1000 亿元`` or ``more than 1000 ×10⁸ yuan``, never converted.
"""

import hashlib
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from apps.core.languages import content_language, localized
from apps.core.quantities import MULTIPLIER_SYMBOL_ZH, Qualifier, plain_number
from apps.indicators.choices import UNIT_SYMBOL_ZH, Unit

# The word a reader sees before the number: in Chinese the source's own (超, 近, 约…). Kept
# here per language rather than in the catalogue: they are how the data is written, like units.
QUALIFIER_WORDS = {
    "zh": {
        Qualifier.APPROXIMATELY: "约",
        Qualifier.NEARLY: "近",
        Qualifier.MORE_THAN: "超",
        Qualifier.AT_LEAST: "不低于",
        Qualifier.UP_TO: "可达",
    },
    "en": {
        Qualifier.APPROXIMATELY: "about",
        Qualifier.NEARLY: "nearly",
        Qualifier.MORE_THAN: "more than",
        Qualifier.AT_LEAST: "at least",
        Qualifier.UP_TO: "up to",
    },
}
MULTIPLIER_SYMBOL_EN = {0: "", 4: "×10⁴", 8: "×10⁸"}
UNIT_SYMBOL_EN = {
    Unit.PERCENT: "%",
    Unit.PERCENTAGE_POINT: "percentage points",
    Unit.CNY: "yuan",
    Unit.VEHICLE: "vehicles",
    Unit.LITRE: "L",
    Unit.WAFER_PER_YEAR: "wafers/year",
    Unit.MU: "mu",
    Unit.SQUARE_METRE: "m²",
    Unit.COUNT: "",
    Unit.RANK: "",
    Unit.YEAR: "years",
}

# The models that have a page of their own, by model name (the URL names are overview:<name>).
PAGE_MODELS = ("cluster", "enterprise", "park", "project", "indicator", "source")


def name(record) -> str:
    """The record's name in the page's language."""
    return localized(record, "name")


def record_url(record) -> str:
    """The record's public page, or its API detail for records without one (people, statements)."""
    model_name = record._meta.model_name
    if model_name in PAGE_MODELS:
        return reverse(f"overview:{model_name}", kwargs={"slug": record.slug})
    try:
        return reverse(f"{model_name}-detail", kwargs={"slug": record.slug})
    except NoReverseMatch:  # pragma: no cover - every cited model is an API resource
        return ""


@dataclass
class Link:
    """Text and where it leads (no address: plain text); ``note`` says what it is."""

    text: str
    url: str = ""
    note: str = ""


def link(record, note: str = "") -> Link:
    return Link(name(record), record_url(record), note)


def links(records) -> list[Link]:
    return [link(record) for record in records]


def quote_anchor(quote: str) -> str:
    """The id of a quoted passage on its source's page: the same text gives the same anchor, so a
    record's page can link to its sentence without reading the article."""
    return "q-" + hashlib.sha256(quote.encode("utf-8")).hexdigest()[:12]


def citation_url(record) -> str:
    """The record's quoted sentence, highlighted on its source's page."""
    return record_url(record.source) + "#" + quote_anchor(record.source_quote)


def unit_symbol(unit: str, multiplier: int) -> str:
    """What follows the number: ``亿元``, ``%``, ``×10⁸ yuan``."""
    if content_language() == "zh":
        return MULTIPLIER_SYMBOL_ZH.get(multiplier, "") + UNIT_SYMBOL_ZH.get(unit, "")
    parts = (MULTIPLIER_SYMBOL_EN.get(multiplier, ""), UNIT_SYMBOL_EN.get(unit, ""))
    return " ".join(part for part in parts if part)


def qualifier_word(qualifier: str) -> str:
    return QUALIFIER_WORDS[content_language()].get(qualifier, "")


def amount(value, unit: str, multiplier: int = 0, qualifier: str = Qualifier.EXACT) -> str:
    """A number as the source states it: ``超 1000 亿元``, ``more than 1000 ×10⁸ yuan``."""
    if value is None:
        return ""
    number = plain_number(value)
    if unit == Unit.RANK:
        text = f"第{number}位" if content_language() == "zh" else f"No. {number}"
    else:
        symbol = unit_symbol(unit, multiplier)
        text = f"{number}{'' if symbol in ('', '%') else ' '}{symbol}"
    word = qualifier_word(qualifier)
    return f"{word} {text}" if word else text


def indicator_amount(indicator) -> str:
    return amount(indicator.value, indicator.unit, indicator.unit_multiplier, indicator.qualifier)


def project_investment(project) -> str:
    return amount(
        project.investment_amount,
        Unit.CNY,
        project.investment_unit_multiplier,
        project.investment_qualifier,
    )
