"""Related records read as the API shows them, and no more.

A resource names its related records in brief (``BriefRecordSerializer``: slug and names), but
``select_related`` reads every column of them: each row of an indicator list carried its source's
whole article, raw and repaired, and each related park its description. Reading only the brief
columns of those records keeps a row's cost to what it shows.

A read's to-many relations (an indicator's comparisons, an enterprise's clusters) are prefetched
into a plain list on each record (``with_listed_prefetches``): Django otherwise builds a queryset
for every record to hold them, a manager, a clone and a filter per row, a tenth of the cost of
an indicator page.
"""

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet
from django.db.models.constants import LOOKUP_SEP

# The columns a related record in brief is read by: its key, slug and names.
BRIEF_COLUMNS = frozenset({"id", "slug", "name_zh", "name_en"})


def with_brief_relations(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The queryset, its ``select_related`` records loaded with their brief columns only.

    Only relations that end there: one followed further (``park__parent``) keeps all its
    columns, since what lies behind it is read for more than a name.
    """
    relations = queryset.query.select_related
    if not isinstance(relations, dict):
        return queryset
    model: type[models.Model] = queryset.model
    deferred = [
        f"{name}__{field.attname}"
        for name, further in relations.items()
        if not further
        for field in _related_model(model, name)._meta.concrete_fields
        if field.attname not in BRIEF_COLUMNS
    ]
    return queryset.defer(*deferred) if deferred else queryset


def listed_attribute(relation: str) -> str:
    """The attribute in which ``with_listed_prefetches`` keeps a record's related records."""
    return f"listed_{relation}"


def with_listed_prefetches(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The queryset, each prefetch of a direct relation kept as a list on the record
    (``Prefetch.to_attr``, named by ``listed_attribute``), which the API's to-many fields read
    (``apps.core.api.serializers.ListedRelationMixin``). Only for reads: a write's answer reads
    the relation itself, as it stands after the write."""
    # Django keeps a queryset's prefetch lookups here, and has no public accessor for them.
    lookups = queryset._prefetch_related_lookups  # type: ignore[attr-defined]
    if not lookups:
        return queryset
    listed = [
        Prefetch(lookup, to_attr=listed_attribute(lookup))
        if isinstance(lookup, str) and LOOKUP_SEP not in lookup
        else lookup
        for lookup in lookups
    ]
    return queryset.prefetch_related(None).prefetch_related(*listed)


def _related_model(model: type[models.Model], name: str) -> type[models.Model]:
    related: type[models.Model] = model._meta.get_field(name).related_model  # type: ignore[assignment]
    return related


def records_in_order(records: QuerySet[Any], keys: Sequence[Any]) -> list[Any]:
    """The records of ``keys``, read by ``records`` (its relations and prefetches), in the keys'
    order; one deleted since its key was read is left out.

    ``records`` is the resource's queryset before any filter: the keys have passed them, and a
    filter kept here lets the database choose an index of the filtered column over the keys
    (SQLite scanned half a million indicators to find a page of 50).
    """
    found = {record.pk: record for record in records.order_by().filter(pk__in=keys)}
    return [found[key] for key in keys if key in found]
