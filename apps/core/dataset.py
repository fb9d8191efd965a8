"""The published dataset as `manage.py load_dataset` compares it: each record by natural key, with
its values in one canonical, JSON-ready form that a fixture, a database row and a stored baseline
all reduce to (related records by natural key, a many-to-many field as a sorted list of them).

Domain-free: models come from the app registry, files are parsed by django.core.serializers'
deserializers, and every model in a fixture must have natural keys (``natural_key()`` and a
manager's ``get_by_natural_key()``).
"""

import datetime
import decimal
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.serializers.base import DeserializationError, SerializerDoesNotExist
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.utils import timezone
from django.utils.duration import duration_iso_string


class DatasetError(Exception):
    """The fixtures cannot be read, or refer to records that exist nowhere."""


def merge_fields(model):
    """The fields a load compares and writes: what editors edit, many-to-many links included.

    Primary keys are the database's own; fields the model sets itself (``editable=False``:
    timestamps, checksums) follow from the others on save.
    """
    concrete = [f for f in model._meta.concrete_fields if f.editable and not f.primary_key]
    links = [f for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created]
    return concrete + links


def natural_key_text(natural_key):
    """A natural key as stored and compared: its JSON text."""
    return json.dumps(list(natural_key), ensure_ascii=False)


def record_name(model, natural_key):
    """``indicators.indicatorcomparison industrial-investment-growth-2023/1``, for reports."""
    return f"{model._meta.label_lower} {'/'.join(map(str, natural_key))}"


def canonical(model_field, value):
    """A plain field's value as JSON-ready data, equal whenever the values are equal."""
    value = model_field.to_python(value)
    if isinstance(value, decimal.Decimal):
        # 18.3 and 18.3000 are one number; normalize() alone would write 1E+3 for 1000.
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _sorted_keys(natural_keys):
    return sorted((list(key) for key in natural_keys), key=natural_key_text)


class NaturalKeys:
    """Natural keys of database rows by primary key, each row fetched once per load."""

    def __init__(self):
        self._known = {}

    def of(self, model, pk):
        if pk is None:
            return None
        cache_key = (model._meta.label_lower, pk)
        if cache_key not in self._known:
            row = model._base_manager.filter(pk=pk).first()
            self._known[cache_key] = None if row is None else list(row.natural_key())
        return self._known[cache_key]

    def remember(self, row):
        self._known[(row._meta.label_lower, row.pk)] = list(row.natural_key())


def linked_pks(row, model_field, *, historical=False):
    """Primary keys a many-to-many field links ``row`` to; a history row keeps its own copy."""
    target = model_field.m2m_reverse_field_name()
    if historical:
        return list(getattr(row, model_field.name).values_list(target, flat=True))
    through = model_field.remote_field.through
    return list(
        through._base_manager.filter(**{model_field.m2m_field_name(): row.pk}).values_list(
            target, flat=True
        )
    )


def current_values(row, natural_keys, model=None):
    """The canonical values of a database row, or of one of its history rows (give ``model``)."""
    model = model or type(row)
    historical = not isinstance(row, model)
    values = {}
    for model_field in merge_fields(model):
        if model_field.many_to_many:
            target = model_field.related_model
            pks = linked_pks(row, model_field, historical=historical)
            keys = (natural_keys.of(target, pk) for pk in pks)
            values[model_field.name] = _sorted_keys(key for key in keys if key is not None)
        elif model_field.is_relation:
            pk = getattr(row, model_field.attname)
            values[model_field.name] = natural_keys.of(model_field.related_model, pk)
        else:
            values[model_field.name] = canonical(model_field, getattr(row, model_field.attname))
    return values


@dataclass
class DatasetRecord:
    """One record of the fixtures: its model, natural key and the canonical values it states."""

    model: type
    natural_key: tuple
    values: dict
    fixture: str
    depends_on: set = field(default_factory=set)

    @property
    def key(self):
        return (self.model._meta.label_lower, natural_key_text(self.natural_key))

    @property
    def name(self):
        return record_name(self.model, self.natural_key)

    @property
    def fields(self):
        """The model fields the record states."""
        return [f for f in merge_fields(self.model) if f.name in self.values]


def _raw_objects(path):
    """The {"model", "fields"} dicts of one fixture file, parsed by Django's deserializer."""
    file_format = {"yml": "yaml"}.get(path.suffix[1:], path.suffix[1:])
    try:
        deserializer = serializers.get_deserializer(file_format)
    except SerializerDoesNotExist as error:
        raise DatasetError(f"{path}: unknown fixture format {file_format!r}") from error
    if not issubclass(deserializer, PythonDeserializer):
        raise DatasetError(f"{path}: fixtures must be JSON or YAML")

    class RawObjects(deserializer):
        # The JSON and YAML deserializers parse the file and hand each object to _handle_object,
        # which would look its references up in the database; the loader wants them as written.
        def _handle_object(self, obj):
            yield obj

    try:
        text = Path(path).read_text(encoding="utf-8")
        return list(RawObjects(text))
    except OSError as error:
        raise DatasetError(f"{path}: {error.strerror or error}") from error
    except DeserializationError as error:
        raise DatasetError(f"{path}: {error.__cause__ or error}") from error


class _Pending:
    """A fixture object whose references are resolved over as many passes as forward ones need."""

    def __init__(self, raw, fixture, position, sequence):
        self.fixture = fixture
        self.sequence = sequence
        self.where = f"{fixture}, object {position}"
        try:
            self.model = apps.get_model(raw["model"])
            self.fields = dict(raw.get("fields") or {})
            self.model_fields = {name: self.model._meta.get_field(name) for name in self.fields}
        except (KeyError, LookupError, TypeError, ValueError, FieldDoesNotExist) as error:
            raise DatasetError(f"{self.where} ({raw.get('model')}): {error}") from error
        if not (
            hasattr(self.model, "natural_key")
            and hasattr(self.model._default_manager, "get_by_natural_key")
        ):
            raise DatasetError(f"{self.where}: {self.model._meta.label} has no natural key")
        self.unresolved = None

    def references(self):
        """(field, reference) for every related record the object names."""
        for name, value in self.fields.items():
            model_field = self.model_fields[name]
            if model_field.many_to_many:
                if not isinstance(value, list | tuple):
                    raise DatasetError(f"{self.where}: {name} must be a list")
                for reference in value:
                    yield model_field, reference
            elif model_field.is_relation and value is not None:
                yield model_field, value


class _Index:
    """The dataset's own records by (model label, natural key), for references between them."""

    def __init__(self):
        self.instances = {}

    def resolve(self, model, reference):
        """The record ``reference`` names: from the dataset first, else from the database."""
        manager = model._default_manager
        if isinstance(reference, list | tuple):
            key = (model._meta.label_lower, natural_key_text(reference))
            if key in self.instances:
                return self.instances[key]
            try:
                return manager.get_by_natural_key(*reference)
            except model.DoesNotExist:
                return None
        return model._base_manager.filter(pk=reference).first()


def _build(pending, index):
    """The unsaved instance, its natural key and canonical values; None while a reference is
    missing."""
    model = pending.model
    resolved = {}
    for model_field, reference in pending.references():
        target = index.resolve(model_field.related_model, reference)
        if target is None:
            pending.unresolved = (model_field, reference)
            return None
        resolved.setdefault(model_field.name, []).append(target)

    plain = {}
    for name, value in pending.fields.items():
        model_field = pending.model_fields[name]
        if not model_field.is_relation:
            try:
                plain[model_field.attname] = model_field.to_python(value)
            except ValidationError as error:
                raise DatasetError(f"{pending.where}: {name}: {error.messages[0]}") from error
    instance = model(**plain)
    for name, targets in resolved.items():
        if not pending.model_fields[name].many_to_many:
            setattr(instance, name, targets[0])
    try:
        natural_key = tuple(instance.natural_key())
    except ObjectDoesNotExist as error:
        raise DatasetError(f"{pending.where}: no natural key: {error}") from error

    # A field the fixture leaves out is not published: the model's default or its own
    # computation (a normalized value) fills it, and a load never compares or writes it.
    values = {}
    for model_field in merge_fields(model):
        if model_field.name not in pending.fields:
            continue
        targets = resolved.get(model_field.name, [])
        if model_field.many_to_many:
            values[model_field.name] = _sorted_keys(target.natural_key() for target in targets)
        elif model_field.is_relation:
            values[model_field.name] = list(targets[0].natural_key()) if targets else None
        else:
            values[model_field.name] = canonical(
                model_field, getattr(instance, model_field.attname)
            )
    return instance, natural_key, values


def read_published_dataset(paths):
    """Every record of the fixtures, each after the records of the dataset it refers to.

    Raises DatasetError for an unreadable file, an unknown model or field, a record listed twice,
    or a reference to a record that neither the dataset nor the database holds.
    """
    pending = []
    for path in paths:
        fixture = Path(path).name
        for position, raw in enumerate(_raw_objects(path), start=1):
            pending.append(_Pending(raw, fixture, position, sequence=len(pending)))

    index, built = _Index(), {}
    while pending:
        waiting = []
        for item in pending:
            result = _build(item, index)
            if result is None:
                waiting.append(item)
                continue
            instance, natural_key, values = result
            record = DatasetRecord(item.model, natural_key, values, item.fixture)
            if record.key in built:
                raise DatasetError(f"{item.where}: {record.name} is listed twice")
            index.instances[record.key] = instance
            built[record.key] = (item, record)
        if len(waiting) == len(pending):
            item = waiting[0]
            model_field, reference = item.unresolved
            raise DatasetError(
                f"{item.where}: {item.model._meta.label_lower} {model_field.name} refers to "
                f"{model_field.related_model._meta.label_lower} {reference}, which neither the "
                "dataset nor the database holds"
            )
        pending = waiting

    in_fixture_order = sorted(built.values(), key=lambda built_item: built_item[0].sequence)
    for item, record in in_fixture_order:
        for model_field, reference in item.references():
            if isinstance(reference, list | tuple):
                key = (model_field.related_model._meta.label_lower, natural_key_text(reference))
                if key in built and key != record.key:
                    record.depends_on.add(key)
    return _dependency_order([record for _, record in in_fixture_order])


def _dependency_order(records):
    """The records in fixture order, except that each comes after the records it refers to."""
    by_key = {record.key: record for record in records}
    ordered, placed, visiting = [], set(), set()

    def place(record):
        if record.key in placed:
            return
        if record.key in visiting:
            raise DatasetError(f"{record.name}: its references go round in a circle")
        visiting.add(record.key)
        for key in sorted(record.depends_on):
            place(by_key[key])
        visiting.discard(record.key)
        placed.add(record.key)
        ordered.append(record)

    for record in records:
        place(record)
    return ordered
