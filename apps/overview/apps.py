from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    """Reads and pages across the domain apps; above them all, and none of them imports it."""

    name = "apps.overview"
    verbose_name = _("Overview")
