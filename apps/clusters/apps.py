from django.utils.translation import gettext_lazy as _

from apps.core import registry


class ClustersConfig(registry.DataAppConfig):
    name = "apps.clusters"
    verbose_name = _("Clusters")
