"""A record's own version, as the ETag of its detail and the precondition of writes to it.

A list's ETag is the data version (``apps.core.middleware.cache``): any write may change a list.
A record's detail has the record's own version instead, so that a write elsewhere never refuses a
write to this record: ``If-Match`` with the ETag a client read answers 412 only when this record,
or a record its answer embeds (a cluster's name, a comparison), changed since.

The ETag is ``"<record version>.<representation>"``: JSON and CSV, Chinese and English, and
each ``fields=`` selection are different representations with different ETags, as HTTP wants for
a strong validator; ``If-Match`` compares the record version alone, so a client may send back the
ETag of whichever representation it read.
"""

import datetime
import hashlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.http import http_date, parse_etags, quote_etag
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from apps.core.api.exceptions import PreconditionFailed
from apps.core.languages import content_language

# The mixin's base for the type checker only: at run time it is mixed into a resource viewset.
if TYPE_CHECKING:
    from rest_framework.viewsets import ModelViewSet

    _ViewSetBase = ModelViewSet[models.Model]
else:
    _ViewSetBase = object


def _digest(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]


def _records(value: object) -> Iterator[models.Model]:
    if isinstance(value, models.Model):
        yield value
    elif isinstance(value, models.Manager):
        yield from value.all()
    elif isinstance(value, (list, tuple, models.QuerySet)):
        for item in value:
            yield from _records(item)


def embedded_records(instance: models.Model, serializer: Serializer[Any]) -> list[models.Model]:
    """The record and every record its answer embeds, as the serializer's fields reach them."""
    records = [instance]
    for field in serializer.fields.values():
        if field.source == "*" or field.write_only:
            continue
        try:
            value = field.get_attribute(instance)
        except (AttributeError, KeyError, ObjectDoesNotExist):
            continue
        records.extend(record for record in _records(value) if record is not instance)
    return records


class RecordVersion:
    """The version of one record's answer: a digest and the latest time any of it changed."""

    def __init__(self, instance: models.Model, serializer: Serializer[Any]) -> None:
        records = embedded_records(instance, serializer)
        stamps = [
            (record._meta.label, record.pk, getattr(record, "updated_at", None))
            for record in records
        ]
        self.digest = _digest(*stamps)
        self.last_modified: datetime.datetime | None = max(
            (stamp for *_identity, stamp in stamps if stamp is not None), default=None
        )

    def etag(self, request: Request) -> str:
        representation = _digest(
            request.accepted_media_type, content_language(), request.query_params.urlencode()
        )
        return quote_etag(f"{self.digest}.{representation}")

    def matches(self, if_match: str) -> bool:
        """Whether an If-Match header names this version (in any representation), or ``*``."""
        etags = parse_etags(if_match)
        return "*" in etags or any(
            etag.strip('"').partition(".")[0] == self.digest for etag in etags
        )


class RecordPreconditionsMixin(_ViewSetBase):
    """A detail answers with its record's ETag and Last-Modified; a write to a record honours
    If-Match (412 when the record changed since that ETag) and answers the new ETag."""

    def record_version(self, instance: models.Model) -> RecordVersion:
        # The whole answer counts, whatever fields= trimmed from this one.
        serializer = self.get_serializer_class()(context=self.get_serializer_context())
        # A resource's serializer is a Serializer, with fields (a ResourceSerializer).
        return RecordVersion(instance, cast(Serializer[Any], serializer))

    def with_validators(self, response: Response, instance: models.Model) -> Response:
        version = self.record_version(instance)
        response["ETag"] = version.etag(self.request)
        if version.last_modified is not None:
            response["Last-Modified"] = http_date(version.last_modified.timestamp())
        return response

    def get_object(self) -> models.Model:
        instance = super().get_object()
        if self.request.method not in SAFE_METHODS:
            if_match = self.request.headers.get("If-Match")
            if if_match is not None and not self.record_version(instance).matches(if_match):
                raise PreconditionFailed
        return instance

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        return self.with_validators(response, response.data.serializer.instance)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().update(request, *args, **kwargs)
        return self.with_validators(response, response.data.serializer.instance)
