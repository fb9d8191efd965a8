"""The one list of published data models that every layer reads instead of keeping its own.

An app whose AppConfig subclasses ``DataAppConfig`` publishes data: each of its concrete models is
a data model (its history models and many-to-many link tables are not, but the link tables hold
data too, so ``data_tables`` includes them). Roles, the data version's triggers and the
completeness tests all read these functions, so a new model needs no list to be kept by hand.
"""

from typing import cast

from django.apps import AppConfig, apps
from django.db import models


class DataAppConfig(AppConfig):
    """Base of the AppConfig of every app whose models are published data.

    Subclass it as ``registry.DataAppConfig``: a second AppConfig class in an apps.py namespace
    would stop Django from choosing that module's own config automatically.
    """


def data_apps() -> list[AppConfig]:
    return [config for config in apps.get_app_configs() if isinstance(config, DataAppConfig)]


def data_models() -> list[type[models.Model]]:
    """Every published model, app by app in INSTALLED_APPS order (so in dependency order)."""
    # Imported here: this module is imported by AppConfigs, before any model may be.
    from simple_history.models import HistoricalChanges

    return [
        model
        for config in data_apps()
        for model in config.get_models()
        if not issubclass(model, HistoricalChanges)
    ]


def data_tables() -> list[str]:
    """The database tables holding published data: the models' and their many-to-many links'."""
    tables = []
    for model in data_models():
        tables.append(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            # Set on every many-to-many field once the models are loaded.
            through = cast(type[models.Model], field.remote_field.through)
            if through._meta.auto_created:
                tables.append(through._meta.db_table)
    return tables
