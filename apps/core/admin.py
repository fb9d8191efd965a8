"""What every editors' admin page shares: history (with the reason for each change), import and
export, protection against overwriting another editor's save, numbers without padding, and inlines
contributed by the apps above. The site itself is apps.core.admin_site."""

from decimal import Decimal

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from apps.core.quantities import plain_number
from apps.core.registry import data_models

RECORD_FIELDSET = (
    _("Record"),
    {"fields": ("created_at", "updated_at"), "classes": ("collapse",)},
)


REVISION_FIELD = "revision"
CHANGE_REASON_FIELD = "change_reason"
# Fields every save moves: a history row says what an editor changed, not that time passed.
HISTORY_UNCOMPARED_FIELDS = ("created_at", "updated_at")


class PlainNumberInput(forms.NumberInput):
    """A decimal as typed, not as stored: ``34.73``, not ``34.7300`` (no grouping: it is input)."""

    def format_value(self, value):
        if isinstance(value, Decimal) and value.is_finite():
            value = plain_number(value)
        return super().format_value(value)


def revision_of(record) -> str:
    """What a form remembers of the record it shows: when it was last saved."""
    return record.updated_at.isoformat() if record.pk and record.updated_at else ""


class RevisionCheckedForm(forms.ModelForm):
    """A form that refuses to overwrite a save made after it was opened.

    It carries the record's revision as shown (a hidden field) and compares it, when saved, with
    the record as it is now. The record is read inside the saving request's transaction, which
    holds the write lock (``WriteTransactionMiddleware``), so no save can slip in between the
    check and the write.
    """

    revision = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[REVISION_FIELD].initial = revision_of(self.instance)

    def save(self, commit=True):
        # simple-history records the reason of the save that creates the history row.
        reason = self.cleaned_data.get(CHANGE_REASON_FIELD, "").strip()
        if reason:
            self.instance._change_reason = reason
        return super().save(commit=commit)

    def clean(self):
        cleaned_data = super().clean()
        shown = self.data.get(self.add_prefix(REVISION_FIELD), "")
        if self.instance.pk and shown != revision_of(self.instance):
            raise ValidationError(self._stale_message(), code="stale")
        return cleaned_data

    def _stale_message(self):
        latest = self.instance.history.first() if hasattr(self.instance, "history") else None
        user = getattr(latest, "history_user", None)
        when = formats.date_format(timezone.localtime(self.instance.updated_at), "DATETIME_FORMAT")
        return _(
            "%(who)s saved this record at %(when)s, after you opened it. Nothing of yours was "
            "saved: reload the page to see their changes, then make yours again."
        ) % {"who": user or _("Someone"), "when": when}


class ChangeReasonForm(RevisionCheckedForm):
    """A record's own page: the editor may say why, and the history shows it."""

    change_reason = forms.CharField(
        label=_("Reason for this change"),
        max_length=100,
        required=False,
        help_text=_("Optional; shown in the record's history (at most 100 characters)."),
    )


class RevisionCheckedMixin:
    """Admin pages and inlines whose forms carry the record's revision (RevisionCheckedForm)."""

    form = RevisionCheckedForm
    formfield_overrides = {models.DecimalField: {"widget": PlainNumberInput}}

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        name, options = fieldsets[0]
        fieldsets[0] = (name, {**options, "fields": (*options["fields"], REVISION_FIELD)})
        return fieldsets


# Model -> inlines other apps show on its page (see ``shown_on``).
_CONTRIBUTED_INLINES = {}


def shown_on(model):
    """Show this inline on ``model``'s admin page too: ``@shown_on(Enterprise)``.

    An enterprise's projects and indicators are edited on its page, but those apps sit above
    the enterprises app, which cannot import them. They name the page here instead, and the
    page lists what was contributed, in the order of the apps (never in import order).
    """

    def contribute(inline):
        _CONTRIBUTED_INLINES.setdefault(model, []).append(inline)
        return inline

    return contribute


class PlainNumbersHistoryHelper(HistoricalRecordContextHelper):
    """A history change reads 34.73 → 34.74, not 34.7300 → 34.7400."""

    def prepare_delta_change_value(self, change, value):
        if isinstance(value, Decimal) and value.is_finite():
            return plain_number(value)
        return super().prepare_delta_change_value(change, value)


class HistoryImportExportAdmin(RevisionCheckedMixin, ImportExportMixin, SimpleHistoryAdmin):
    """History (view, revert, who and when) with CSV/XLSX import and export, and forms that
    never overwrite another editor's save.

    import-export's mixins go before the ModelAdmin they extend, here simple-history's.
    """

    form = ChangeReasonForm
    readonly_fields = ("created_at", "updated_at")
    list_per_page = 50
    save_on_top = True
    # Tell editors which column of which row is wrong; they have no use for a traceback.
    import_error_display = ("message", "row")

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        return [*fieldsets, (_("Reason for this change"), {"fields": (CHANGE_REASON_FIELD,)})]

    def get_historical_record_context_helper(self, request, historical_record):
        return PlainNumbersHistoryHelper(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each history row's changes against the row before it, timestamps left out."""
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current,
                    excluded_fields=HISTORY_UNCOMPARED_FIELDS,
                    foreign_keys_are_objs=foreign_keys_are_objs,
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    def import_action(self, request, **kwargs):
        # The import page names each column an editor types with what it means, in the
        # editor's language (the stock page lists bare field names, computed ones too).
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context and "fields_list" in context:
            resources = self.get_import_resource_classes(request)
            context["import_columns"] = [
                (resource_class().get_display_name(), resource_class().import_columns())
                for resource_class in resources
                if hasattr(resource_class, "import_columns")
            ]
        return response

    def get_inlines(self, request, obj):
        contributed = sorted(
            _CONTRIBUTED_INLINES.get(self.model, []),
            key=lambda inline: data_models().index(inline.model),
        )
        return [*super().get_inlines(request, obj), *contributed]

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
