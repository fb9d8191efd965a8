"""Editors' admin of the indicators: each number as read beside its normalized value, the one
subject field its type needs, a warning when the quote does not hold the value, and indicators
made from the source view's candidates."""

import json
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.admin import (
    RECORD_FIELDSET,
    ChangeReasonForm,
    HistoryImportExportAdmin,
    RevisionCheckedForm,
    RevisionCheckedMixin,
    shown_on,
)
from apps.core.quantities import MULTIPLIER_SYMBOL_ZH
from apps.enterprises.models import Enterprise
from apps.indicators.choices import SUBJECT_FIELDS, SubjectType, Unit
from apps.indicators.display import UNIT_WORDS_ZH, normalized_as_read_zh, value_as_read_zh
from apps.indicators.models import Indicator, IndicatorComparison
from apps.indicators.resources import IndicatorComparisonResource, IndicatorResource
from apps.sources.admin import (
    INFERENCE_FIELDSET,
    PROVENANCE_FIELDSET,
    CitedAdmin,
    CitedInline,
    candidate_action,
)
from apps.sources.audit import number_in_quote


def value_missing_from_quote(indicator) -> str | None:
    """Why the quote does not hold the indicator's value as read, or None if it does.

    Not a refusal: 破千亿 states 1000 亿 in words, and an editor may know better; the editor is
    told, and decides.
    """
    quote = indicator.source_quote or ""
    if indicator.value is None or not quote or indicator.unit not in Unit.values:
        return None
    multiplier = MULTIPLIER_SYMBOL_ZH.get(indicator.unit_multiplier, "")
    if number_in_quote(indicator.value, quote) and multiplier in quote:
        return None
    return gettext(
        "The value as read, %(value)s, does not occur in the quoted sentence. Check the value, "
        "its multiplier and the quote against the source."
    ) % {
        "value": value_as_read_zh(
            indicator.value, indicator.unit, indicator.unit_multiplier, indicator.qualifier
        )
    }


def short_label(label) -> str:
    """``actual`` of ``actual (reported result)``, 实际值 of 实际值（已公布的结果）."""
    return str(label).split("（")[0].split(" (")[0]


class IndicatorForm(ChangeReasonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read by indicators/subject_fields.js, which shows only the field the type needs;
        # without the script every field shows and the model refuses a mismatch.
        subject_type = self.fields.get("subject_type")
        if subject_type is not None:
            subject_type.widget.attrs["data-subject-fields"] = json.dumps(SUBJECT_FIELDS)


class EnterpriseIndicatorForm(RevisionCheckedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Under an enterprise the subject is that enterprise; the inline sets the foreign key.
        self.instance.subject_type = SubjectType.ENTERPRISE


@shown_on(Enterprise)
class EnterpriseIndicatorInline(CitedInline):
    model = Indicator
    form = EnterpriseIndicatorForm
    fk_name = "enterprise"
    fields = (
        "slug",
        "name_zh",
        "name_en",
        "value",
        "unit",
        "unit_multiplier",
        "qualifier",
        "period_start",
        "period_end",
        "kind",
        "source",
        "source_quote",
    )


class IndicatorComparisonInline(RevisionCheckedMixin, admin.TabularInline):
    model = IndicatorComparison
    fields = ("position", "kind", "value", "unit", "benchmark_zh", "benchmark_en")
    extra = 0


@candidate_action
def indicator_from_candidate(request, source, candidate):
    """The indicator add form, filled with what the candidate numeral reads as."""
    if not request.user.has_perm("indicators.add_indicator"):
        return None
    initial = {
        "value": candidate.numeral.text,
        "unit_multiplier": candidate.unit_multiplier,
        "qualifier": candidate.qualifier,
        "source": source.pk,
        "source_quote": candidate.sentence,
    }
    if unit := UNIT_WORDS_ZH.get(candidate.unit_written):
        initial["unit"] = unit
    return _(
        "add as indicator"
    ), f"{reverse('admin:indicators_indicator_add')}?{urlencode(initial)}"


@admin.register(Indicator)
class IndicatorAdmin(CitedAdmin):
    form = IndicatorForm
    resource_classes = [IndicatorResource]
    inlines = [IndicatorComparisonInline]
    list_display = (
        "name",
        "subject",
        "value_as_read",
        "normalized_value",
        "period",
        "kind_short",
        "updated_on",
    )
    list_select_related = ("park", "cluster", "enterprise", "project")
    list_filter = (
        "subject_type",
        "kind",
        "unit",
        "qualifier",
        ("cluster", admin.RelatedOnlyFieldListFilter),
        ("park", admin.RelatedOnlyFieldListFilter),
        ("enterprise", admin.RelatedOnlyFieldListFilter),
        ("project", admin.RelatedOnlyFieldListFilter),
        "source",
    )
    search_fields = ("slug", "name_zh", "name_en")
    autocomplete_fields = (
        "park",
        "cluster",
        "enterprise",
        "project",
        *CitedAdmin.autocomplete_fields,
    )
    readonly_fields = ("value_as_read", "normalized_value", *CitedAdmin.readonly_fields)
    fieldsets = (
        (
            _("Subject"),
            {
                "description": _(
                    "Choose the subject type, then fill in only the matching field; "
                    "an indicator of the district as a whole has none."
                ),
                "fields": ("slug", "subject_type", "park", "cluster", "enterprise", "project"),
            },
        ),
        (
            _("Value"),
            {
                "fields": (
                    ("value", "unit", "unit_multiplier", "qualifier"),
                    ("value_as_read", "normalized_value"),
                    ("period_start", "period_end"),
                    "kind",
                )
            },
        ),
        (_("Chinese"), {"fields": ("name_zh", "description_zh")}),
        (_("English"), {"fields": ("name_en", "description_en")}),
        PROVENANCE_FIELDSET,
        INFERENCE_FIELDSET,
        RECORD_FIELDSET,
    )

    class Media:
        js = ("indicators/subject_fields.js",)
        css = {"all": ("indicators/admin.css",)}

    @admin.display(description=_("name"), ordering="name_zh")
    def name(self, indicator):
        return format_html(
            '{}<br><span class="name-en">{}</span>', indicator.name_zh, indicator.name_en
        )

    @admin.display(description=_("subject"))
    def subject(self, indicator):
        # The Chinese name only: the column stays narrow; the record's page names it in full.
        subject = indicator.subject
        return subject.name_zh if subject else indicator.get_subject_type_display()

    @admin.display(description=_("value as read"))
    def value_as_read(self, indicator):
        # A form refused for a bad value or unit is shown again with what could be read.
        if indicator.value is None or indicator.unit not in Unit.values:
            return self.get_empty_value_display()
        return value_as_read_zh(
            indicator.value, indicator.unit, indicator.unit_multiplier, indicator.qualifier
        )

    @admin.display(description=_("normalized value"), ordering="value_normalized")
    def normalized_value(self, indicator):
        return normalized_as_read_zh(indicator.value_normalized, indicator.unit) or (
            self.get_empty_value_display()
        )

    @admin.display(description=_("kind"), ordering="kind")
    def kind_short(self, indicator):
        return short_label(indicator.get_kind_display())

    @admin.display(description=_("updated"), ordering="updated_at")
    def updated_on(self, indicator):
        return formats.date_format(timezone.localtime(indicator.updated_at), "SHORT_DATE_FORMAT")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            indicator = self.get_object(request, object_id)
            if indicator is not None and (warning := value_missing_from_quote(indicator)):
                # After "save and continue" the save already warned: say it once.
                storage = messages.get_messages(request)
                pending = [str(message) for message in storage]
                storage.used = False  # Reading them must not use them up.
                if warning not in pending:
                    messages.warning(request, warning)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Saved, as the editor asked; but told, in case the value was mistyped.
        if warning := value_missing_from_quote(obj):
            messages.warning(request, warning)

    @admin.display(description=_("period"), ordering="period_start")
    def period(self, indicator):
        return indicator.period


@admin.register(IndicatorComparison)
class IndicatorComparisonAdmin(HistoryImportExportAdmin):
    resource_classes = [IndicatorComparisonResource]
    list_display = (
        "indicator",
        "position",
        "kind",
        "value_as_read",
        "benchmark_zh",
        "benchmark_en",
    )
    list_select_related = ("indicator",)
    list_filter = ("kind", "unit")
    search_fields = (
        "indicator__slug",
        "indicator__name_zh",
        "indicator__name_en",
        "benchmark_zh",
        "benchmark_en",
    )
    autocomplete_fields = ("indicator",)
    fieldsets = (
        (None, {"fields": ("indicator", "position", "kind", ("value", "unit"))}),
        (_("Chinese"), {"fields": ("benchmark_zh",)}),
        (_("English"), {"fields": ("benchmark_en",)}),
        RECORD_FIELDSET,
    )

    @admin.display(description=_("value as read"))
    def value_as_read(self, comparison):
        return value_as_read_zh(comparison.value, comparison.unit)
