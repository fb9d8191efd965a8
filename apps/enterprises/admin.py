"""Editors' admin of the enterprises and other organisations, their people and statements.

Their projects and indicators are edited on the same page: the projects and indicators admins
contribute those inlines (``apps.core.admin.shown_on``), so this app never imports the apps above.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.admin import RECORD_FIELDSET
from apps.enterprises.models import Enterprise, Person, Statement
from apps.enterprises.resources import EnterpriseResource, PersonResource, StatementResource
from apps.sources.admin import INFERENCE_FIELDSET, PROVENANCE_FIELDSET, CitedAdmin


@admin.register(Enterprise)
class EnterpriseAdmin(CitedAdmin):
    resource_classes = [EnterpriseResource]
    list_display = ("name_zh", "short_name_zh", "name_en", "kind", "park", "updated_at")
    list_select_related = ("park",)
    list_filter = ("kind", "clusters", ("park", admin.RelatedOnlyFieldListFilter), "source")
    search_fields = ("slug", "name_zh", "short_name_zh", "name_en", "short_name_en")
    autocomplete_fields = ("clusters", "park", "listing_exchange", *CitedAdmin.autocomplete_fields)
    fieldsets = (
        (None, {"fields": ("slug", "kind", "park", "clusters")}),
        (_("Chinese"), {"fields": ("name_zh", "short_name_zh", "description_zh")}),
        (_("English"), {"fields": ("name_en", "short_name_en", "description_en")}),
        (
            _("Listing"),
            {
                "fields": (
                    "listing_exchange",
                    ("listing_board_zh", "listing_board_en"),
                    ("listed_earliest", "listed_latest"),
                )
            },
        ),
        PROVENANCE_FIELDSET,
        INFERENCE_FIELDSET,
        RECORD_FIELDSET,
    )


@admin.register(Person)
class PersonAdmin(CitedAdmin):
    resource_classes = [PersonResource]
    list_display = ("name_zh", "name_en", "role_zh", "organisation", "updated_at")
    list_select_related = ("organisation",)
    list_filter = (("organisation", admin.RelatedOnlyFieldListFilter), "source")
    search_fields = ("slug", "name_zh", "name_en", "role_zh", "role_en")
    autocomplete_fields = ("organisation", *CitedAdmin.autocomplete_fields)
    fieldsets = (
        (None, {"fields": ("slug", "organisation")}),
        (_("Chinese"), {"fields": ("name_zh", "role_zh")}),
        (_("English"), {"fields": ("name_en", "role_en")}),
        PROVENANCE_FIELDSET,
        INFERENCE_FIELDSET,
        RECORD_FIELDSET,
    )


@admin.register(Statement)
class StatementAdmin(CitedAdmin):
    resource_classes = [StatementResource]
    list_display = ("name_zh", "name_en", "speaker_zh", "speech", "stated", "updated_at")
    list_filter = (
        "speech",
        ("person", admin.RelatedOnlyFieldListFilter),
        ("organisation", admin.RelatedOnlyFieldListFilter),
        ("park", admin.RelatedOnlyFieldListFilter),
        "source",
    )
    search_fields = ("slug", "name_zh", "name_en", "speaker_zh", "speaker_en", "text_zh", "text_en")
    autocomplete_fields = ("person", "organisation", "park", *CitedAdmin.autocomplete_fields)
    fieldsets = (
        (
            _("Speaker"),
            {
                "description": _(
                    "Choose the named person, or for an unnamed speaker the organisation or park "
                    "they speak for; exactly one of the three."
                ),
                "fields": ("slug", "person", "organisation", "park", "speech"),
            },
        ),
        (_("Chinese"), {"fields": ("name_zh", "speaker_zh", "text_zh")}),
        (_("English"), {"fields": ("name_en", "speaker_en", "text_en")}),
        (_("Dates"), {"fields": (("stated_earliest", "stated_latest"),)}),
        PROVENANCE_FIELDSET,
        INFERENCE_FIELDSET,
        RECORD_FIELDSET,
    )

    @admin.display(description=_("stated on"), ordering="stated_earliest")
    def stated(self, statement):
        return statement.stated
