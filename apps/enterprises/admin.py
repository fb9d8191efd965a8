"""Admin registration for the enterprises app."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.enterprises.models import Enterprise


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    pass
