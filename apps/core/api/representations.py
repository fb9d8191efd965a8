"""Each record's representation, made once per data version and kept in the response cache.

A list answer is its page's keys in order, each shown by the resource's serializer. The lists a
client varies (another page size, ordering or filter) mostly show records already shown: their
representations are kept under everything that shapes one (the release and the data version, the
serializer and the fields asked for, the language, the media type, and the scheme and host of its
URLs), so a list reads its page's keys and makes only the records not yet made at this version.
Reading and making a record (its joins, prefetches and serializer fields) was most of the cost
of an uncached list.

The representations share the response cache's storage (``apps.core.middleware.cache``): every
key holds the data version, so a write makes every kept one unreachable, on every worker; they
are kept only where answers are (``settings.RESPONSE_CACHE_PATHS``).
"""

import hashlib
from collections.abc import Sequence
from typing import Any, cast

from django.core.cache import caches
from django.db.models import QuerySet
from django.utils import translation
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.utils.serializer_helpers import ReturnList

from apps.core.api.pagination import StrictPageNumberPagination
from apps.core.api.querysets import records_in_order
from apps.core.api.serializers import requested_fields
from apps.core.middleware.cache import CACHE_ALIAS, is_cached_path
from apps.core.release import release_fingerprint
from apps.core.versioning import current_version

# Most records one answer keeps: the largest page's. A whole-table spreadsheet of up to 30,000 rows
# is made, not kept: it would push every other answer out of a worker's cache for records seldom
# asked for again.
KEEP_AT_MOST = StrictPageNumberPagination.max_page_size


def represent(
    serializer: "serializers.ListSerializer[Any]",
    keys: Sequence[Any],
    records: QuerySet[Any],
    request: Request,
) -> list[dict[str, Any]]:
    """The representations of the records ``keys`` names, in their order.

    ``serializer`` is the view's list serializer (``many=True``, no instance); ``records``, the
    resource's queryset before filters, reads the records of the keys not kept
    (``records_in_order``). The list
    names its serializer, as ``serializer.data`` would: the spreadsheet renderers take their
    columns from it.
    """
    return ReturnList(_representations(serializer, keys, records, request), serializer=serializer)


def _representations(
    serializer: "serializers.ListSerializer[Any]",
    keys: Sequence[Any],
    records: QuerySet[Any],
    request: Request,
) -> list[dict[str, Any]]:
    # many=True: the child is the resource's serializer.
    child = cast("serializers.Serializer[Any]", serializer.child)
    if len(keys) > KEEP_AT_MOST or not is_cached_path(request.path):
        return [child.to_representation(record) for record in records_in_order(records, keys)]
    prefix = _prefix(child, request)
    names = {key: f"{prefix}{key}" for key in keys}
    cache = caches[CACHE_ALIAS]
    kept: dict[str, dict[str, Any]] = cache.get_many(names.values())
    missing = [key for key in keys if names[key] not in kept]
    if missing:
        made = {
            names[record.pk]: child.to_representation(record)
            for record in records_in_order(records, missing)
        }
        cache.set_many(made)
        kept.update(made)
    return [kept[names[key]] for key in keys if names[key] in kept]


def _prefix(child: "serializers.Serializer[Any]", request: Request) -> str:
    version = getattr(request, "data_version", None) or current_version()
    renderer = getattr(request, "accepted_renderer", None)
    parts = (
        release_fingerprint(),
        version.token,
        f"{type(child).__module__}.{type(child).__qualname__}",
        # The fields it keeps, as named: building them to list them costs more than a page of
        # kept records.
        ",".join(requested_fields(request)),
        translation.get_language() or "",
        getattr(renderer, "format", "") or "",
        request.build_absolute_uri("/"),
    )
    return "record:" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:32] + ":"
