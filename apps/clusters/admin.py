"""Editors' admin of the clusters of the 1246 system, the district initiatives and the key
directions."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.clusters.models import Cluster, Initiative, KeyDirection
from apps.clusters.resources import ClusterResource, InitiativeResource, KeyDirectionResource
from apps.core.admin import RECORD_FIELDSET
from apps.sources.admin import INFERENCE_FIELDSET, PROVENANCE_FIELDSET, CitedAdmin


@admin.register(Cluster)
class ClusterAdmin(CitedAdmin):
    resource_classes = [ClusterResource]
    list_display = ("name_zh", "name_en", "tier", "position", "updated_at")
    list_filter = ("tier", "source")
    search_fields = ("slug", "name_zh", "name_en")
    fieldsets = (
        (_("Place in the 1246 system"), {"fields": ("slug", "tier", "position")}),
        (_("Chinese"), {"fields": ("name_zh", "description_zh")}),
        (_("English"), {"fields": ("name_en", "description_en")}),
        PROVENANCE_FIELDSET,
        INFERENCE_FIELDSET,
        RECORD_FIELDSET,
    )


@admin.register(Initiative)
class InitiativeAdmin(CitedAdmin):
    resource_classes = [InitiativeResource]
    list_display = ("name_zh", "name_en", "launched", "updated_at")
    list_filter = ("clusters", "source")
    search_fields = ("slug", "name_zh", "name_en")
    autocomplete_fields = ("clusters", *CitedAdmin.autocomplete_fields)
    fieldsets = (
        (None, {"fields": ("slug", "clusters", ("launched_earliest", "launched_latest"))}),
        (_("Chinese"), {"fields": ("name_zh", "description_zh")}),
        (_("English"), {"fields": ("name_en", "description_en")}),
        PROVENANCE_FIELDSET,
        INFERENCE_FIELDSET,
        RECORD_FIELDSET,
    )

    @admin.display(description=_("launched on"))
    def launched(self, initiative):
        return initiative.launched


@admin.register(KeyDirection)
class KeyDirectionAdmin(CitedAdmin):
    resource_classes = [KeyDirectionResource]
    list_display = ("position", "name_zh", "name_en", "cluster", "updated_at")
    list_display_links = ("name_zh",)
    list_select_related = ("cluster",)
    list_filter = ("cluster__tier", "cluster", "source")
    search_fields = ("slug", "name_zh", "name_en")
    autocomplete_fields = ("cluster", *CitedAdmin.autocomplete_fields)
    fieldsets = (
        (None, {"fields": ("slug", "position", "cluster")}),
        (_("Chinese"), {"fields": ("name_zh",)}),
        (_("English"), {"fields": ("name_en",)}),
        PROVENANCE_FIELDSET,
        INFERENCE_FIELDSET,
        RECORD_FIELDSET,
    )
