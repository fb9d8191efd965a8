from django.utils.translation import gettext_lazy as _

from apps.core import registry


class SourcesConfig(registry.DataAppConfig):
    name = "apps.sources"
    verbose_name = _("Sources")
    # Listed after the records in the admin: every record cites a source (apps.core.admin_site).
    provenance = True
