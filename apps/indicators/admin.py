"""Admin registration for the indicators app."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.indicators.models import Indicator, IndicatorComparison


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    pass


@admin.register(IndicatorComparison)
class IndicatorComparisonAdmin(SimpleHistoryAdmin):
    pass
