"""Editors' admin of the enterprises and other organisations.

Their projects and indicators are edited on the same page: the projects and indicators admins
contribute those inlines (``apps.core.admin.shown_on``), so this app never imports the apps above.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.admin import RECORD_FIELDSET
from apps.enterprises.models import Enterprise
from apps.enterprises.resources import EnterpriseResource
from apps.sources.admin import PROVENANCE_FIELDSET, CitedAdmin


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
        RECORD_FIELDSET,
    )
