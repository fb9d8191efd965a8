from django.utils.translation import gettext_lazy as _

from apps.core import registry


class EnterprisesConfig(registry.DataAppConfig):
    name = "apps.enterprises"
    verbose_name = _("Enterprises")
