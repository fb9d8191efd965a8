"""Where the data comes from: the articles, and the citation every fact carries."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length, StrIndex
from django.db.models.lookups import Exact, GreaterThan
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.models import BilingualNameModel, TimeStampedModel
from apps.core.registry import data_models
from apps.sources.choices import SourceLanguage
from apps.sources.inferences import (
    InferencesField,
    inferable_field_names,
    inferences_are_a_list_constraint,
)


class Source(BilingualNameModel):
    """One article as received (raw) and as served (repaired, simplified Chinese)."""

    publisher_zh = models.CharField(_("publisher (Chinese)"), max_length=200, blank=True)
    publisher_en = models.CharField(_("publisher (English)"), max_length=200, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    dating_note_zh = models.TextField(
        _("dating note (Chinese)"),
        blank=True,
        help_text=_("How the article was dated and how its relative dates were resolved."),
    )
    dating_note_en = models.TextField(_("dating note (English)"), blank=True)
    language = models.CharField(
        _("language as received"), max_length=10, choices=SourceLanguage.choices
    )
    raw_text = models.TextField(_("raw text"), help_text=_("Exactly as received, damage included."))
    repaired_text = models.TextField(_("repaired text"))
    raw_sha256 = models.CharField(_("SHA-256 of the raw text"), max_length=64, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(language__in=SourceLanguage.values),
                name="%(app_label)s_%(class)s_language_valid",
                violation_error_message=_("Unknown language."),
            ),
            models.CheckConstraint(
                condition=Exact(Length("raw_sha256"), 64),
                name="%(app_label)s_%(class)s_raw_sha256_length",
                violation_error_message=_("The checksum must be 64 hex digits."),
            ),
        ]

    @staticmethod
    def checksum(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def save(self, *args, **kwargs):
        self.raw_sha256 = self.checksum(self.raw_text)
        super().save(*args, **kwargs)


class CitedModel(models.Model):
    """A fact-bearing record: it names its source and quotes the sentence it comes from.

    Where a field states more than the quote says outright, ``inferences`` names the field and
    what it is inferred from (see apps.sources.inferences); reasoning about the source itself
    (how an ambiguous passage was read) goes in the editors' note, never in a description.
    """

    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="+"
    )
    source_quote = models.TextField(
        _("source quote"),
        help_text=_("The exact sentence of the repaired source text that states this fact."),
    )
    inferences = InferencesField(
        _("inferences"),
        help_text=_(
            "Each field that states more than the quote says outright, and what it is inferred "
            'from: [{"field": "park", "basis_zh": "…", "basis_en": "…"}].'
        ),
    )
    editors_note_zh = models.TextField(
        _("editors' note (Chinese)"),
        blank=True,
        help_text=_(
            "Reasoning about the source (how an ambiguous passage was read, why a record is "
            "classified as it is); kept out of the description."
        ),
    )
    editors_note_en = models.TextField(_("editors' note (English)"), blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=GreaterThan(Length("source_quote"), 0),
                name="%(app_label)s_%(class)s_source_quote_not_blank",
                violation_error_message=_("Every record must quote its source."),
            ),
            inferences_are_a_list_constraint(),
        ]

    @classmethod
    def inferable_field_names(cls) -> list[str]:
        return inferable_field_names(cls)


def cited_models() -> list[type[CitedModel]]:
    """Every data model whose records cite a source, in the order of the apps."""
    return [model for model in data_models() if issubclass(model, CitedModel)]


class NonFactManager(models.Manager):
    def get_by_natural_key(self, source_slug, source_quote, numeral):
        return self.get(source__slug=source_slug, source_quote=source_quote, numeral=numeral)


class NonFact(TimeStampedModel):
    """A numeral of a source reviewed as not a fact worth storing (a date of the article's own
    header, an ordinal, the name "1246"), with the passage that holds it and the reason.

    Together with the cited records, the non-facts account for every numeral of a source
    (apps.sources.audit); the source view marks whatever neither covers.
    """

    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="non_facts"
    )
    numeral = models.CharField(
        _("numeral"), max_length=40, help_text=_("The numeral as written, e.g. 2024 or 3.")
    )
    source_quote = models.TextField(
        _("source quote"),
        help_text=_(
            "A passage of the repaired text that holds the numeral once and occurs once in it."
        ),
    )
    reason_zh = models.TextField(_("reason (Chinese)"), blank=True)
    reason_en = models.TextField(
        _("reason (English)"), help_text=_("Why this numeral is not published as data.")
    )

    objects = NonFactManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "id"]
        verbose_name = _("reviewed non-fact")
        verbose_name_plural = _("reviewed non-facts")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_quote", "numeral"],
                name="%(app_label)s_%(class)s_unique_numeral",
                violation_error_message=_("This numeral of this passage is already reviewed."),
            ),
            models.CheckConstraint(
                # StrIndex compares case-sensitively on every backend and has no wildcards.
                condition=GreaterThan(Length("numeral"), 0)
                & GreaterThan(StrIndex("source_quote", "numeral"), 0),
                name="%(app_label)s_%(class)s_numeral_in_quote",
                violation_error_message=_("The numeral must be part of its quote."),
            ),
            models.CheckConstraint(
                condition=GreaterThan(Length("reason_en"), 0),
                name="%(app_label)s_%(class)s_reason_not_blank",
                violation_error_message=_("Say why the numeral is not data."),
            ),
        ]

    def __str__(self):
        return f"{self.numeral} · {self.source_quote}"

    def clean(self):
        super().clean()
        source = getattr(self, "source", None) if self.source_id else None
        if source is None or not self.source_quote or not self.numeral:
            return
        if source.repaired_text.count(self.source_quote) != 1:
            raise ValidationError(
                {"source_quote": _("Quote a passage that occurs exactly once in the article.")}
            )
        from apps.sources.audit import numerals  # The audit reads these models.

        if [n.text for n in numerals(self.source_quote)].count(self.numeral) != 1:
            raise ValidationError(
                {"source_quote": _("The passage must hold the numeral exactly once.")}
            )

    def natural_key(self):
        return (self.source.slug, self.source_quote, self.numeral)

    natural_key.dependencies = ["sources.source"]
