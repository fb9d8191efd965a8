"""What every editors' admin page shares: history (with the reason for each change), import and
export, protection against overwriting another editor's save, numbers without padding, and inlines
contributed by the apps above. The site itself is apps.core.admin_site."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from apps.core.quantities import plain_number
from apps.core.registry import data_models

# Generic for the type checker only: at run time these are the plain classes.
if TYPE_CHECKING:
    from django.contrib.admin.options import BaseModelAdmin, InlineModelAdmin, _FieldsetSpec

    from apps.core.models import TimeStampedModel
    from apps.core.resources import SlugResource

    _ModelFormBase = forms.ModelForm[TimeStampedModel]
    _AdminBase = BaseModelAdmin[Any]
    _ImportExportMixin = ImportExportMixin[Any]
else:
    _ModelFormBase = forms.ModelForm
    _AdminBase = object
    _ImportExportMixin = ImportExportMixin

_InlineT = TypeVar("_InlineT", bound="type[InlineModelAdmin[Any, Any]]")

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

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal) and value.is_finite():
            value = plain_number(value)
        formatted: str | None = super().format_value(value)
        return formatted


def revision_of(record: TimeStampedModel) -> str:
    """What a form remembers of the record it shows: when it was last saved."""
    return record.updated_at.isoformat() if record.pk and record.updated_at else ""


class RevisionCheckedForm(_ModelFormBase):
    """A form that refuses to overwrite a save made after it was opened.

    It carries the record's revision as shown (a hidden field) and compares it, when saved, with
    the record as it is now. The record is read inside the saving request's transaction, which
    holds the write lock (``WriteTransactionMiddleware``), so no save can slip in between the
    check and the write.
    """

    revision = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[REVISION_FIELD].initial = revision_of(self.instance)

    def save(self, commit: bool = True) -> TimeStampedModel:
        # simple-history records the reason of the save that creates the history row.
        reason = self.cleaned_data.get(CHANGE_REASON_FIELD, "").strip()
        if reason:
            self.instance._change_reason = reason  # type: ignore[attr-defined]  # simple-history reads it
        return super().save(commit=commit)

    def clean(self) -> dict[str, Any] | None:
        cleaned_data = super().clean()
        shown = self.data.get(self.add_prefix(REVISION_FIELD), "")
        if self.instance.pk and shown != revision_of(self.instance):
            raise ValidationError(self._stale_message(), code="stale")
        return cleaned_data

    def _stale_message(self) -> str:
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


class RevisionCheckedMixin(_AdminBase):
    """Admin pages and inlines whose forms carry the record's revision (RevisionCheckedForm)."""

    form = RevisionCheckedForm
    formfield_overrides = {models.DecimalField: {"widget": PlainNumberInput}}

    def get_fieldsets(self, request: HttpRequest, obj: Any | None = None) -> _FieldsetSpec:
        fieldsets = list(super().get_fieldsets(request, obj))
        name, options = fieldsets[0]
        fieldsets[0] = (name, {**options, "fields": (*options["fields"], REVISION_FIELD)})
        return fieldsets


# Model -> inlines other apps show on its page (see ``shown_on``).
_CONTRIBUTED_INLINES: dict[type[models.Model], list[type[InlineModelAdmin[Any, Any]]]] = {}


def shown_on(model: type[models.Model]) -> Callable[[_InlineT], _InlineT]:
    """Show this inline on ``model``'s admin page too: ``@shown_on(Enterprise)``.

    An enterprise's projects and indicators are edited on its page, but those apps sit above
    the enterprises app, which cannot import them. They name the page here instead, and the
    page lists what was contributed, in the order of the apps (never in import order).
    """

    def contribute(inline: _InlineT) -> _InlineT:
        _CONTRIBUTED_INLINES.setdefault(model, []).append(inline)
        return inline

    return contribute


# simple-history ships no types: its helper is Any to the type checker.
class PlainNumbersHistoryHelper(HistoricalRecordContextHelper):  # type: ignore[misc]
    """A history change reads 34.73 → 34.74, not 34.7300 → 34.7400."""

    def prepare_delta_change_value(self, change: Any, value: Any) -> Any:
        if isinstance(value, Decimal) and value.is_finite():
            return plain_number(value)
        return super().prepare_delta_change_value(change, value)


# simple-history ships no types: its admin is Any to the type checker.
class HistoryImportExportAdmin(RevisionCheckedMixin, _ImportExportMixin, SimpleHistoryAdmin):  # type: ignore[misc]
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

    def get_fieldsets(self, request: HttpRequest, obj: Any | None = None) -> _FieldsetSpec:
        fieldsets = list(super().get_fieldsets(request, obj))
        return [*fieldsets, (_("Reason for this change"), {"fields": (CHANGE_REASON_FIELD,)})]

    def get_historical_record_context_helper(
        self, request: HttpRequest, historical_record: Any
    ) -> PlainNumbersHistoryHelper:
        return PlainNumbersHistoryHelper(self.model, historical_record)

    def set_history_delta_changes(
        self,
        request: HttpRequest,
        historical_records: Iterable[Any],
        foreign_keys_are_objs: bool = True,
    ) -> None:
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

    def import_action(self, request: HttpRequest, **kwargs: Any) -> TemplateResponse:
        # The import page names each column an editor types with what it means, in the
        # editor's language (the stock page lists bare field names, computed ones too).
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context and "fields_list" in context:
            columned = [
                resource_class
                for resource_class in self.get_import_resource_classes(request)
                if hasattr(resource_class, "import_columns")
            ]
            # Those that list their columns are the data models' SlugResources.
            context["import_columns"] = [
                (resource_class().get_display_name(), resource_class().import_columns())
                for resource_class in cast("list[type[SlugResource]]", columned)
            ]
        return response

    def get_inlines(
        self, request: HttpRequest, obj: Any | None
    ) -> list[type[InlineModelAdmin[Any, Any]]]:
        contributed = sorted(
            _CONTRIBUTED_INLINES.get(self.model, []),
            key=lambda inline: data_models().index(inline.model),
        )
        return [*super().get_inlines(request, obj), *contributed]

    def has_import_permission(self, request: HttpRequest) -> bool:
        # An import both adds rows and changes existing ones (matched by slug).
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # simple-history saves a POSTed version on view permission alone; reverting is a change.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        response: HttpResponse = super().history_form_view(
            request, object_id, version_id, extra_context
        )
        return response

    def get_import_data_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        # The dry run already refuses a file with an invalid row; the confirmed run must too,
        # in case the data changed in between, so that nothing of such a file is saved.
        return {
            **super().get_import_data_kwargs(**kwargs),
            "rollback_on_validation_errors": True,
        }
