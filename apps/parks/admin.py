"""Editors' admin of the industrial parks, with the parks within each park."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.admin import RECORD_FIELDSET
from apps.parks.models import Park
from apps.parks.resources import ParkResource
from apps.sources.admin import INFERENCE_FIELDSET, PROVENANCE_FIELDSET, CitedAdmin, CitedInline


class ParkWithinParkInline(CitedInline):
    model = Park
    fk_name = "parent"
    fields = ("slug", "name_zh", "name_en", "source", "source_quote")
    verbose_name = _("park within this park")
    verbose_name_plural = _("parks within this park")


@admin.register(Park)
class ParkAdmin(CitedAdmin):
    resource_classes = [ParkResource]
    inlines = [ParkWithinParkInline]
    list_display = ("name_zh", "name_en", "parent", "updated_at")
    list_select_related = ("parent",)
    list_filter = (("parent", admin.RelatedOnlyFieldListFilter), "clusters", "source")
    search_fields = ("slug", "name_zh", "name_en")
    autocomplete_fields = ("parent", "clusters", *CitedAdmin.autocomplete_fields)
    fieldsets = (
        (None, {"fields": ("slug", "parent", "clusters")}),
        (_("Chinese"), {"fields": ("name_zh", "description_zh")}),
        (_("English"), {"fields": ("name_en", "description_en")}),
        PROVENANCE_FIELDSET,
        INFERENCE_FIELDSET,
        RECORD_FIELDSET,
    )
