from django.utils.translation import gettext_lazy as _

from apps.core import registry


class ParksConfig(registry.DataAppConfig):
    name = "apps.parks"
    verbose_name = _("Parks")
