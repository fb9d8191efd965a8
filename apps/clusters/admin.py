"""Admin registration for the clusters app."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.clusters.models import Cluster, Initiative


@admin.register(Cluster)
class ClusterAdmin(SimpleHistoryAdmin):
    pass


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    pass
