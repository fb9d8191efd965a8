"""Import and export of the enterprises, the people the source names and their statements."""

from apps.enterprises.models import Enterprise, Person, Statement
from apps.sources.resources import CitedResource


class EnterpriseResource(CitedResource):
    class Meta:
        model = Enterprise


class PersonResource(CitedResource):
    class Meta:
        model = Person


class StatementResource(CitedResource):
    class Meta:
        model = Statement
