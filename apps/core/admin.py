"""What every editors' admin page shares: history, import and export, and the site's name."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

# The service's name reads the same in both languages, so it is not translated.
SERVICE_NAME = "Banan Industry Data · 巴南区产业数据"

admin.site.site_header = SERVICE_NAME
admin.site.site_title = SERVICE_NAME
admin.site.index_title = _("Data administration")
# "View site" leads to the public API: the service has no other pages.
admin.site.site_url = "/api/v1/"

RECORD_FIELDSET = (
    _("Record"),
    {"fields": ("created_at", "updated_at"), "classes": ("collapse",)},
)


class HistoryImportExportAdmin(ImportExportMixin, SimpleHistoryAdmin):
    """History (view, revert, who and when) with CSV/XLSX import and export.

    import-export's mixins go before the ModelAdmin they extend, here simple-history's.
    """

    readonly_fields = ("created_at", "updated_at")
    list_per_page = 50
    save_on_top = True
    # Tell editors which column of which row is wrong; they have no use for a traceback.
    import_error_display = ("message", "row")

    def has_import_permission(self, request):
        # An import both adds rows and changes existing ones (matched by slug).
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history saves a POSTed version on view permission alone; reverting is a change.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_import_data_kwargs(self, **kwargs):
        # The dry run already refuses a file with an invalid row; the confirmed run must too,
        # in case the data changed in between, so that nothing of such a file is saved.
        return {
            **super().get_import_data_kwargs(**kwargs),
            "rollback_on_validation_errors": True,
        }
