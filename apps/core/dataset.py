"""The published dataset as `manage.py load_dataset` compares it: each record by natural key, with
its values in one canonical, JSON-ready form that a fixture, a database row and a stored baseline
all reduce to (related records by natural key, a many-to-many field as a sorted list of them).

Domain-free: models come from the app registry, files are parsed by django.core.serializers'
deserializers, and every model in a fixture must have natural keys (``natural_key()`` and a
manager's ``get_by_natural_key()``).
"""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeAlias, cast

from django.apps import apps
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.serializers.base import DeserializationError, SerializerDoesNotExist
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.db import models
from django.db.models import ForeignObjectRel
from django.utils import timezone
from django.utils.duration import duration_iso_string

# A model field of any kind, a many-to-many one included.
ModelField: TypeAlias = "models.Field[Any, Any]"
# A natural key as a fixture writes it (a JSON list), or as a model's natural_key() makes it.
NaturalKey: TypeAlias = list[Any] | tuple[Any, ...]
# (model label, natural key as JSON text): a record of the dataset.
RecordKey: TypeAlias = tuple[str, str]


class DatasetError(Exception):
    """The fixtures cannot be read, or refer to records that exist nowhere."""


class _NaturalKeyManager(Protocol):
    def get_by_natural_key(self, *natural_key: Any) -> models.Model: ...


def natural_key_of(row: models.Model) -> tuple[Any, ...]:
    """``row.natural_key()``, which every model of the dataset defines (``_Pending`` checks)."""
    return tuple(row.natural_key())  # type: ignore[attr-defined]  # not declared by Model


def get_by_natural_key(model: type[models.Model], natural_key: NaturalKey) -> models.Model | None:
    """The row of ``model`` with this natural key, or None."""
    # Every model of the dataset has a manager that finds rows by natural key (_Pending checks).
    manager = cast(_NaturalKeyManager, model._default_manager)
    try:
        return manager.get_by_natural_key(*natural_key)
    # Every concrete model has its DoesNotExist; the stubs know it on named models only.
    except model.DoesNotExist:  # type: ignore[attr-defined]
        return None


def related_model(model_field: ModelField | ForeignObjectRel) -> type[models.Model]:
    """The model a relation field refers to (a class on every relation once models are loaded)."""
    return cast(type[models.Model], model_field.related_model)


def link_model(model_field: ModelField) -> type[models.Model]:
    """The link model of a many-to-many field (set on every one once models are loaded)."""
    link_field = cast("models.ManyToManyField[Any, Any]", model_field)
    return cast(type[models.Model], link_field.remote_field.through)


def merge_fields(model: type[models.Model]) -> list[ModelField]:
    """The fields a load compares and writes: what editors edit, many-to-many links included.

    Primary keys are the database's own; fields the model sets itself (``editable=False``:
    timestamps, checksums) follow from the others on save.
    """
    concrete = [f for f in model._meta.concrete_fields if f.editable and not f.primary_key]
    links = [f for f in model._meta.many_to_many if link_model(f)._meta.auto_created]
    return concrete + links


def natural_key_text(natural_key: NaturalKey) -> str:
    """A natural key as stored and compared: its JSON text."""
    return json.dumps(list(natural_key), ensure_ascii=False)


def record_name(model: type[models.Model], natural_key: NaturalKey) -> str:
    """``indicators.indicatorcomparison industrial-investment-growth-2023/1``, for reports."""
    return f"{model._meta.label_lower} {'/'.join(map(str, natural_key))}"


def canonical(model_field: ModelField, value: Any) -> Any:
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


def _sorted_keys(natural_keys: Iterable[NaturalKey]) -> list[list[Any]]:
    return sorted((list(key) for key in natural_keys), key=natural_key_text)


class NaturalKeys:
    """Natural keys of database rows by primary key, each row fetched once per load."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, Any], list[Any] | None] = {}

    def of(self, model: type[models.Model], pk: Any) -> list[Any] | None:
        if pk is None:
            return None
        cache_key = (model._meta.label_lower, pk)
        if cache_key not in self._known:
            row = model._base_manager.filter(pk=pk).first()
            self._known[cache_key] = None if row is None else list(natural_key_of(row))
        return self._known[cache_key]

    def remember(self, row: models.Model) -> None:
        self._known[(row._meta.label_lower, row.pk)] = list(natural_key_of(row))


def linked_pks(
    row: models.Model, model_field: ModelField, *, historical: bool = False
) -> list[Any]:
    """Primary keys a many-to-many field links ``row`` to; a history row keeps its own copy."""
    link_field = cast("models.ManyToManyField[Any, Any]", model_field)
    target = link_field.m2m_reverse_field_name()
    if historical:
        return list(getattr(row, model_field.name).values_list(target, flat=True))
    through = link_model(model_field)
    return list(
        through._base_manager.filter(**{link_field.m2m_field_name(): row.pk}).values_list(
            target, flat=True
        )
    )


def current_values(
    row: models.Model, natural_keys: NaturalKeys, model: type[models.Model] | None = None
) -> dict[str, Any]:
    """The canonical values of a database row, or of one of its history rows (give ``model``)."""
    model = model or type(row)
    historical = not isinstance(row, model)
    values: dict[str, Any] = {}
    for model_field in merge_fields(model):
        if model_field.many_to_many:
            target = related_model(model_field)
            pks = linked_pks(row, model_field, historical=historical)
            keys = (natural_keys.of(target, pk) for pk in pks)
            values[model_field.name] = _sorted_keys(key for key in keys if key is not None)
        elif model_field.is_relation:
            pk = getattr(row, model_field.attname)
            values[model_field.name] = natural_keys.of(related_model(model_field), pk)
        else:
            values[model_field.name] = canonical(model_field, getattr(row, model_field.attname))
    return values


@dataclass
class DatasetRecord:
    """One record of the fixtures: its model, natural key and the canonical values it states."""

    model: type[models.Model]
    natural_key: tuple[Any, ...]
    values: dict[str, Any]
    fixture: str
    depends_on: set[RecordKey] = field(default_factory=set)

    @property
    def key(self) -> RecordKey:
        return (self.model._meta.label_lower, natural_key_text(self.natural_key))

    @property
    def name(self) -> str:
        return record_name(self.model, self.natural_key)

    @property
    def fields(self) -> list[ModelField]:
        """The model fields the record states."""
        return [f for f in merge_fields(self.model) if f.name in self.values]


def _raw_objects(path: Path) -> list[dict[str, Any]]:
    """The {"model", "fields"} dicts of one fixture file, parsed by Django's deserializer."""
    file_format = {"yml": "yaml"}.get(path.suffix[1:], path.suffix[1:])
    try:
        deserializer = serializers.get_deserializer(file_format)
    except SerializerDoesNotExist as error:
        raise DatasetError(f"{path}: unknown fixture format {file_format!r}") from error
    if not (isinstance(deserializer, type) and issubclass(deserializer, PythonDeserializer)):
        raise DatasetError(f"{path}: fixtures must be JSON or YAML")

    class RawObjects(deserializer):  # type: ignore[valid-type,misc]  # a base chosen at run time
        # The JSON and YAML deserializers parse the file and hand each object to _handle_object,
        # which would look its references up in the database; the loader wants them as written.
        def _handle_object(self, obj: dict[str, Any]) -> Iterator[dict[str, Any]]:
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

    def __init__(self, raw: dict[str, Any], fixture: str, position: int, sequence: int) -> None:
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
        self.unresolved: tuple[ModelField, Any] | None = None

    def references(self) -> Iterator[tuple[ModelField, Any]]:
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

    def __init__(self) -> None:
        self.instances: dict[RecordKey, models.Model] = {}

    def resolve(self, model: type[models.Model], reference: Any) -> models.Model | None:
        """The record ``reference`` names: from the dataset first, else from the database."""
        if isinstance(reference, list | tuple):
            key = (model._meta.label_lower, natural_key_text(reference))
            if key in self.instances:
                return self.instances[key]
            return get_by_natural_key(model, reference)
        return model._base_manager.filter(pk=reference).first()


def _build(
    pending: _Pending, index: _Index
) -> tuple[models.Model, tuple[Any, ...], dict[str, Any]] | None:
    """The unsaved instance, its natural key and canonical values; None while a reference is
    missing."""
    model = pending.model
    resolved: dict[str, list[models.Model]] = {}
    for model_field, reference in pending.references():
        target = index.resolve(related_model(model_field), reference)
        if target is None:
            pending.unresolved = (model_field, reference)
            return None
        resolved.setdefault(model_field.name, []).append(target)

    plain: dict[str, Any] = {}
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
        natural_key = natural_key_of(instance)
    except ObjectDoesNotExist as error:
        raise DatasetError(f"{pending.where}: no natural key: {error}") from error

    # A field the fixture leaves out is not published: the model's default or its own
    # computation (a normalized value) fills it, and a load never compares or writes it.
    values: dict[str, Any] = {}
    for model_field in merge_fields(model):
        if model_field.name not in pending.fields:
            continue
        targets = resolved.get(model_field.name, [])
        if model_field.many_to_many:
            values[model_field.name] = _sorted_keys(natural_key_of(target) for target in targets)
        elif model_field.is_relation:
            values[model_field.name] = list(natural_key_of(targets[0])) if targets else None
        else:
            values[model_field.name] = canonical(
                model_field, getattr(instance, model_field.attname)
            )
    return instance, natural_key, values


def read_published_dataset(paths: Iterable[Path]) -> list[DatasetRecord]:
    """Every record of the fixtures, each after the records of the dataset it refers to.

    Raises DatasetError for an unreadable file, an unknown model or field, a record listed twice,
    or a reference to a record that neither the dataset nor the database holds.
    """
    pending: list[_Pending] = []
    for path in paths:
        fixture = Path(path).name
        for position, raw in enumerate(_raw_objects(path), start=1):
            pending.append(_Pending(raw, fixture, position, sequence=len(pending)))

    index = _Index()
    built: dict[RecordKey, tuple[_Pending, DatasetRecord]] = {}
    while pending:
        waiting: list[_Pending] = []
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
            # Set by _build on every item it leaves waiting.
            model_field, reference = cast(tuple[ModelField, Any], item.unresolved)
            raise DatasetError(
                f"{item.where}: {item.model._meta.label_lower} {model_field.name} refers to "
                f"{related_model(model_field)._meta.label_lower} {reference}, which neither the "
                "dataset nor the database holds"
            )
        pending = waiting

    in_fixture_order = sorted(built.values(), key=lambda built_item: built_item[0].sequence)
    for item, record in in_fixture_order:
        for model_field, reference in item.references():
            if isinstance(reference, list | tuple):
                key = (related_model(model_field)._meta.label_lower, natural_key_text(reference))
                if key in built and key != record.key:
                    record.depends_on.add(key)
    return _dependency_order([record for _, record in in_fixture_order])


def _dependency_order(records: list[DatasetRecord]) -> list[DatasetRecord]:
    """The records in fixture order, except that each comes after the records it refers to."""
    by_key = {record.key: record for record in records}
    ordered: list[DatasetRecord] = []
    placed: set[RecordKey] = set()
    visiting: set[RecordKey] = set()

    def place(record: DatasetRecord) -> None:
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
