"""Editors' admin of the indicators: each number beside its normalized value, with its subject."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.admin import (
    RECORD_FIELDSET,
    HistoryImportExportAdmin,
    RevisionCheckedForm,
    RevisionCheckedMixin,
    shown_on,
)
from apps.enterprises.models import Enterprise
from apps.indicators.choices import SubjectType, Unit
from apps.indicators.display import plain_number, value_as_read_zh
from apps.indicators.models import Indicator, IndicatorComparison
from apps.indicators.resources import IndicatorComparisonResource, IndicatorResource
from apps.sources.admin import INFERENCE_FIELDSET, PROVENANCE_FIELDSET, CitedAdmin, CitedInline


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


@admin.register(Indicator)
class IndicatorAdmin(CitedAdmin):
    resource_classes = [IndicatorResource]
    inlines = [IndicatorComparisonInline]
    list_display = (
        "name_zh",
        "name_en",
        "subject",
        "value_as_read",
        "normalized_value",
        "period",
        "kind",
        "updated_at",
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
    readonly_fields = ("value_as_read", "value_normalized", *CitedAdmin.readonly_fields)
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
                    ("value_as_read", "value_normalized"),
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

    @admin.display(description=_("subject"))
    def subject(self, indicator):
        return indicator.subject or indicator.get_subject_type_display()

    @admin.display(description=_("value as read"))
    def value_as_read(self, indicator):
        # A form refused for a bad value or unit is shown again with what could be read.
        if indicator.value is None or indicator.unit not in Unit.values:
            return self.get_empty_value_display()
        return value_as_read_zh(indicator.value, indicator.unit, indicator.unit_multiplier)

    @admin.display(description=_("normalized value"), ordering="value_normalized")
    def normalized_value(self, indicator):
        return plain_number(indicator.value_normalized)

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
