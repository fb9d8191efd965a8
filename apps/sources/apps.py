from django.utils.translation import gettext_lazy as _

from apps.core import registry


class SourcesConfig(registry.DataAppConfig):
    name = "apps.sources"
    verbose_name = _("Sources")
