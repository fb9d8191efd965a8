"""Editors' admin of the sources, their reading (the source view) and reviewed non-facts, and
what every cited record's admin shares."""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.admin import RECORD_FIELDSET, HistoryImportExportAdmin, RevisionCheckedMixin
from apps.sources.intake import Candidate, read_candidate
from apps.sources.models import NonFact, Source
from apps.sources.reading import read_source
from apps.sources.resources import NonFactResource, SourceResource

# What other apps offer to make of a candidate numeral on the source view (see candidate_action).
_CANDIDATE_ACTIONS = []


def candidate_action(make):
    """Offer ``make(request, source, candidate) -> (label, url) or None`` beside each candidate
    of the source view: the indicators app turns one into a pre-filled indicator this way, since
    this app may not import it."""
    _CANDIDATE_ACTIONS.append(make)
    return make


def admin_change_url(record) -> str | None:
    """The admin change page of a record, or None if the admin has none."""
    opts = record._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    except NoReverseMatch:
        return None


@candidate_action
def mark_as_non_fact(request, source, candidate: Candidate):
    """A reviewed non-fact's add form with the source, numeral and a unique passage filled in."""
    if not request.user.has_perm("sources.add_nonfact"):
        return None
    query = urlencode(
        {"source": source.pk, "numeral": candidate.numeral.text, "source_quote": candidate.passage}
    )
    return _("not a fact"), f"{reverse('admin:sources_nonfact_add')}?{query}"


PROVENANCE_FIELDSET = (_("Provenance"), {"fields": ("source", "source_quote")})
# Beside the provenance: which fields say more than the quote, and the editors' reasoning.
INFERENCE_FIELDSET = (
    _("Inferences and editors' note"),
    {
        "description": _(
            "Name every field that states more than the quote says outright (a park read from "
            "another sentence, 去年 resolved to 2023, a fuller name than the text gives) and "
            "what it is inferred from. Reasoning about the source goes in the editors' note, "
            "never in the description."
        ),
        "fields": ("inferences", ("editors_note_zh", "editors_note_en")),
    },
)


class CitedAdmin(HistoryImportExportAdmin):
    """Admin of a record that quotes its source."""

    autocomplete_fields = ("source",)


class CitedInline(RevisionCheckedMixin, admin.TabularInline):
    """Cited records edited inside another record's page.

    A foreign key (the source) is a plain select whose choices are read once per inline, not an
    autocomplete, which would query the database once per row.
    """

    extra = 0
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        formfield.choices = list(formfield.choices)
        return formfield


@admin.register(Source)
class SourceAdmin(HistoryImportExportAdmin):
    resource_classes = [SourceResource]
    list_display = (
        "name_zh",
        "name_en",
        "publisher_zh",
        "published_on",
        "language",
        "reading_link",
        "updated_at",
    )
    change_form_template = "admin/sources/source/change_form.html"
    list_filter = ("language", "published_on")
    search_fields = ("slug", "name_zh", "name_en", "publisher_zh", "publisher_en")
    readonly_fields = ("raw_sha256", *HistoryImportExportAdmin.readonly_fields)
    fieldsets = (
        (None, {"fields": ("slug", "language", "published_on")}),
        (_("Chinese"), {"fields": ("name_zh", "publisher_zh", "dating_note_zh")}),
        (_("English"), {"fields": ("name_en", "publisher_en", "dating_note_en")}),
        (_("Text"), {"fields": ("raw_text", "raw_sha256", "repaired_text")}),
        RECORD_FIELDSET,
    )

    @admin.display(description=_("source view"))
    def reading_link(self, source):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:sources_source_reading", args=[source.pk]),
            _("read with its records"),
        )

    def get_urls(self):
        reading = path(
            "<path:object_id>/reading/",
            self.admin_site.admin_view(self.reading_view),
            name="sources_source_reading",
        )
        return [reading, *super().get_urls()]

    def reading_view(self, request, object_id):
        """The source view: the article with what cites it, and the candidates it still holds."""
        source = self.get_object(request, unquote(object_id))
        if source is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, source):
            raise PermissionDenied
        text = source.repaired_text
        candidates = {}

        def actions(numeral):
            candidate = candidates[numeral] = read_candidate(text, numeral)
            offered = (make(request, source, candidate) for make in _CANDIDATE_ACTIONS)
            return [action for action in offered if action]

        reading = read_source(source, link=admin_change_url, actions=actions)
        rows = [
            (segment, candidates[segment.numeral])
            for segment in reading.segments
            if segment.kind == "uncovered"
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Source view: %(name)s") % {"name": source.name_zh},
            "subtitle": source.name_en,
            "opts": self.opts,
            "original": source,
            "reading": reading,
            "candidates": rows,
            "non_fact_count": sum(1 for s in reading.segments if s.kind == "non_fact"),
            "cited_count": sum(1 for s in reading.segments if s.kind == "cited"),
        }
        return TemplateResponse(request, "admin/sources/source/reading.html", context)

    def get_readonly_fields(self, request, obj=None):
        # The raw text is the article exactly as received: typed once, never edited after.
        if obj is not None:
            return ("raw_text", *super().get_readonly_fields(request, obj))
        return super().get_readonly_fields(request, obj)


@admin.register(NonFact)
class NonFactAdmin(HistoryImportExportAdmin):
    """Numerals reviewed as not data; the source view's "not a fact" opens the add form filled."""

    resource_classes = [NonFactResource]
    list_display = ("numeral", "source_quote", "reason_zh", "reason_en", "source", "updated_at")
    list_display_links = ("numeral", "source_quote")
    list_select_related = ("source",)
    list_filter = ("source",)
    search_fields = ("numeral", "source_quote", "reason_zh", "reason_en")
    autocomplete_fields = ("source",)
    fieldsets = (
        (None, {"fields": ("source", "numeral", "source_quote")}),
        (_("Reason"), {"fields": ("reason_zh", "reason_en")}),
        RECORD_FIELDSET,
    )
