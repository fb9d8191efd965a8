"""Import and export of the indicators and their comparisons."""

from import_export.fields import Field
from import_export.widgets import DecimalWidget

from apps.core.resources import SlugResource
from apps.indicators.models import Indicator, IndicatorComparison
from apps.sources.resources import CitedResource


class IndicatorResource(CitedResource):
    # value × 10^multiplier is computed from the stated value, never read from the file.
    value_normalized = Field(
        attribute="value_normalized",
        column_name="value_normalized",
        readonly=True,
        widget=DecimalWidget(),
    )

    class Meta:
        model = Indicator


class IndicatorComparisonResource(SlugResource):
    class Meta:
        model = IndicatorComparison
        import_id_fields = ("indicator", "position")
