"""Editors' admin of the sources, and what every cited record's admin shares."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.admin import RECORD_FIELDSET, HistoryImportExportAdmin, RevisionCheckedMixin
from apps.sources.models import Source
from apps.sources.resources import SourceResource

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
    list_display = ("name_zh", "name_en", "publisher_zh", "published_on", "language", "updated_at")
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

    def get_readonly_fields(self, request, obj=None):
        # The raw text is the article exactly as received: typed once, never edited after.
        if obj is not None:
            return ("raw_text", *super().get_readonly_fields(request, obj))
        return super().get_readonly_fields(request, obj)
