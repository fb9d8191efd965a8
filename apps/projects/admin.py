"""Editors' admin of the investment and construction projects."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.admin import RECORD_FIELDSET, shown_on
from apps.enterprises.models import Enterprise
from apps.projects.models import Project
from apps.projects.resources import ProjectResource
from apps.sources.admin import INFERENCE_FIELDSET, PROVENANCE_FIELDSET, CitedAdmin, CitedInline


@shown_on(Enterprise)
class ProjectInline(CitedInline):
    model = Project
    fields = ("slug", "name_zh", "name_en", "status", "source", "source_quote")


@admin.register(Project)
class ProjectAdmin(CitedAdmin):
    resource_classes = [ProjectResource]
    list_display = (
        "name_zh",
        "name_en",
        "enterprise",
        "status",
        "investment_amount",
        "investment_unit_multiplier",
        "investment_cny",
        "signed",
        "updated_at",
    )
    list_select_related = ("enterprise",)
    list_filter = (
        "status",
        "investment_unit_multiplier",
        ("cluster", admin.RelatedOnlyFieldListFilter),
        ("park", admin.RelatedOnlyFieldListFilter),
        ("enterprise", admin.RelatedOnlyFieldListFilter),
        "source",
    )
    search_fields = ("slug", "name_zh", "name_en")
    autocomplete_fields = ("enterprise", "park", "cluster", *CitedAdmin.autocomplete_fields)
    readonly_fields = ("investment_cny", *CitedAdmin.readonly_fields)
    fieldsets = (
        (None, {"fields": ("slug", "status", "enterprise", "park", "cluster")}),
        (_("Chinese"), {"fields": ("name_zh", "description_zh", "capacity_zh")}),
        (_("English"), {"fields": ("name_en", "description_en", "capacity_en")}),
        (
            _("Investment"),
            {
                "fields": (
                    ("investment_amount", "investment_unit_multiplier", "investment_qualifier"),
                    "investment_cny",
                )
            },
        ),
        (
            _("Dates"),
            {
                "description": _(
                    "Each date is a span: give the same day twice for an exact date, or the "
                    "first and last day the source allows (late November 2023: 2023-11-21 and "
                    "2023-11-30). A completion the source gives only as done by a day leaves "
                    "the earliest day empty."
                ),
                "fields": (
                    ("signed_earliest", "signed_latest"),
                    ("started_earliest", "started_latest"),
                    ("completed_earliest", "completed_latest"),
                ),
            },
        ),
        PROVENANCE_FIELDSET,
        INFERENCE_FIELDSET,
        RECORD_FIELDSET,
    )

    @admin.display(description=_("signed on"))
    def signed(self, project):
        return project.signed
