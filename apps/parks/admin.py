"""Admin registration for the parks app."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.parks.models import Park


@admin.register(Park)
class ParkAdmin(SimpleHistoryAdmin):
    pass
