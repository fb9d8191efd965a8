"""Admin registration for the projects app."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.projects.models import Project


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    pass
