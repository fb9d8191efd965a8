"""Import and export of the enterprises."""

from apps.core.resources import DataResource
from apps.enterprises.models import Enterprise


class EnterpriseResource(DataResource):
    class Meta:
        model = Enterprise
