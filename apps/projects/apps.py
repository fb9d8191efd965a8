from django.utils.translation import gettext_lazy as _

from apps.core import registry


class ProjectsConfig(registry.DataAppConfig):
    name = "apps.projects"
    verbose_name = _("Projects")
