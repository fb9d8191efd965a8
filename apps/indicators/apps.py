from django.utils.translation import gettext_lazy as _

from apps.core import registry


class IndicatorsConfig(registry.DataAppConfig):
    name = "apps.indicators"
    verbose_name = _("Indicators")
