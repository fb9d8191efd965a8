"""Conditional GET: the data's version, read in one query, as a strong ETag and Last-Modified.

Why one aggregate query rather than a counter bumped by signals: a counter lives in a cache, and
with several worker processes and no shared cache each worker would keep its own count and answer
304 for data another worker changed; signals also miss bulk updates. The aggregate sees every write
whichever process made it, at a constant cost of one query per request over indexed columns:

- an insert raises a table's row count and highest id;
- a delete lowers a row count and adds a history row (django-simple-history logs every save and
  delete), which also moves Last-Modified forward;
- an update moves ``updated_at``, or for tables without one (indicator comparisons, many-to-many
  links) adds a history row.

It covers every table of the project's own apps (settings.LOCAL_APPS), history tables included.
"""

import datetime
import functools
import hashlib
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.utils.dateparse import parse_datetime

# Append-only history tables are never counted: they only grow, so their highest id suffices.
HISTORY_TIMESTAMP = "history_date"
UPDATE_TIMESTAMP = "updated_at"


def _timestamp_column(model):
    # History tables copy updated_at too; their own history_date is what dates a change.
    for name in (HISTORY_TIMESTAMP, UPDATE_TIMESTAMP):
        try:
            return model._meta.get_field(name).column
        except FieldDoesNotExist:
            continue
    return None


@functools.cache
def _version_query():
    """One SELECT of scalar subqueries, and the positions of its timestamp columns."""
    quote = connection.ops.quote_name
    columns, timestamp_positions = [], []
    for app_config in apps.get_app_configs():
        if app_config.name not in settings.LOCAL_APPS:
            continue
        for model in app_config.get_models(include_auto_created=True):
            if model._meta.proxy or not model._meta.managed:
                continue
            table = quote(model._meta.db_table)
            timestamp = _timestamp_column(model)
            if timestamp != HISTORY_TIMESTAMP:
                columns.append(f"(SELECT COUNT(*) FROM {table})")
            columns.append(f"(SELECT MAX({quote(model._meta.pk.column)}) FROM {table})")
            if timestamp:
                timestamp_positions.append(len(columns))
                columns.append(f"(SELECT MAX({quote(timestamp)}) FROM {table})")
    return "SELECT " + ", ".join(columns), tuple(timestamp_positions)


def _aware(value):
    # SQLite returns text in UTC, PostgreSQL an aware datetime.
    if isinstance(value, str):
        value = parse_datetime(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value


@dataclass(frozen=True)
class DataVersion:
    token: str
    last_modified: datetime.datetime | None

    @classmethod
    def current(cls):
        sql, timestamp_positions = _version_query()
        with connection.cursor() as cursor:
            cursor.execute(sql)
            row = cursor.fetchone()
        timestamps = [_aware(row[i]) for i in timestamp_positions if row[i] is not None]
        token = hashlib.sha256("|".join(map(str, row)).encode()).hexdigest()
        return cls(token=token, last_modified=max(timestamps, default=None))

    def etag(self, representation):
        """A strong ETag for one representation (URL, media type, language) of this version."""
        seed = f"{settings.SPECTACULAR_SETTINGS['VERSION']}|{self.token}|{representation}"
        return '"' + hashlib.sha256(seed.encode()).hexdigest()[:40] + '"'
