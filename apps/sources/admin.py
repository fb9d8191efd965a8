"""Admin registration for the sources app."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.sources.models import Source


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    pass
