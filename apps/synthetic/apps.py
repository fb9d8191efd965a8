from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyntheticConfig(AppConfig):
    """Synthetic data at scale for benchmarks, in a database of its own; never the real data."""

    name = "apps.synthetic"
    verbose_name = _("Synthetic data")
