"""Each record's representation, made once per data version and kept in the response cache.

A list answer is its page's keys in order, each shown by the resource's serializer. The lists a
client varies (another page size, ordering or filter) mostly show records already shown: their
representations are kept under everything that shapes one (the release and the data version, the
serializer and the fields asked for, the language, the media type, and the scheme and host of its
URLs), so a list reads its page's keys and makes only the records not yet made at this version.
Reading and making a record (its joins, prefetches and serializer fields) was most of the cost
of an uncached list.

A record is kept in its final form: for JSON, the bytes the renderer writes for it
(``apps.core.api.renderers.EncodedRows``), so a list neither decodes nor encodes its rows again;
for a spreadsheet, the row the renderer writes its cells from.

The representations share the response cache's storage (``apps.core.middleware.cache``): every
key holds the data version, so a write makes every kept one unreachable, on every worker; they
are kept only where answers are (``settings.RESPONSE_CACHE_PATHS``).
"""

import hashlib
from collections.abc import Callable, Sequence
from typing import Any, cast

from django.core.cache import caches
from django.db.models import QuerySet
from django.utils import translation
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.utils.serializer_helpers import ReturnList

from apps.core.api.pagination import StrictPageNumberPagination
from apps.core.api.querysets import records_in_order
from apps.core.api.renderers import EncodedRows
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
) -> list[Any]:
    """The representations of the records ``keys`` names, in their order: encoded rows for
    the JSON renderer (``EncodedRows``), else the serializer's rows.

    ``serializer`` is the view's list serializer (``many=True``, no instance); ``records``, the
    resource's queryset before filters, reads the records of the keys not kept
    (``records_in_order``). The list names its serializer, as ``serializer.data`` would: the
    spreadsheet renderers take their columns from it.
    """
    encode_row = getattr(request.accepted_renderer, "encode_row", None)
    rows = _representations(serializer, keys, records, request, encode_row)
    if encode_row is not None:
        return EncodedRows(rows, serializer=serializer)
    return ReturnList(rows, serializer=serializer)


def _representations(
    serializer: "serializers.ListSerializer[Any]",
    keys: Sequence[Any],
    records: QuerySet[Any],
    request: Request,
    encode_row: Callable[[dict[str, Any]], bytes] | None,
) -> list[Any]:
    # many=True: the child is the resource's serializer.
    child = cast("serializers.Serializer[Any]", serializer.child)

    def represent_one(record: Any) -> Any:
        row = child.to_representation(record)
        return row if encode_row is None else encode_row(row)

    if len(keys) > KEEP_AT_MOST or not is_cached_path(request.path):
        return [represent_one(record) for record in records_in_order(records, keys)]
    prefix = _prefix(child, request)
    names = {key: f"{prefix}{key}" for key in keys}
    cache = caches[CACHE_ALIAS]
    kept: dict[str, Any] = cache.get_many(names.values())
    missing = [key for key in keys if names[key] not in kept]
    if missing:
        made = {
            names[record.pk]: represent_one(record) for record in records_in_order(records, missing)
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
