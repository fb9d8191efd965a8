"""Import and export of the enterprises."""

from apps.core.resources import SlugResource
from apps.enterprises.models import Enterprise


class EnterpriseResource(SlugResource):
    class Meta:
        model = Enterprise
