"""`manage.py load_dataset` (what `make data` runs): repeatable, and all or nothing."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.serializers.base import DeserializationError

from apps.clusters.models import Cluster

DATA_APPS = ("sources", "clusters", "parks", "enterprises", "projects", "indicators")


def _data_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in DATA_APPS and not model.__name__.startswith("Historical")
    ]


def _snapshot():
    """Every data row, serialized: equal snapshots mean nothing changed."""
    return {
        model._meta.label: serializers.serialize("json", model.objects.order_by("pk"))
        for model in _data_models()
    }


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    """A second load leaves the same rows with the same values and timestamps."""
    call_command("load_dataset", verbosity=0)
    first = _snapshot()
    call_command("load_dataset", verbosity=0)
    assert _snapshot() == first
    counts = {model._meta.label: model.objects.count() for model in _data_models()}
    assert counts["clusters.Cluster"] == 13
    assert all(counts.values())


@pytest.mark.django_db(transaction=True)
def test_a_broken_reference_loads_nothing(tmp_path):
    """One fixture pointing at a missing cluster rolls back the whole load."""
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "- model: parks.park\n"
        "  fields:\n"
        "    slug: nowhere-park\n"
        "    name_zh: 无处园\n"
        "    name_en: Nowhere Park\n"
        "    clusters: [[no-such-cluster]]\n"
        "    source: [banan-1246-report-2024]\n"
        "    source_quote: 巴南\n"
        "    created_at: 2026-11-26T12:00:00+08:00\n"
        "    updated_at: 2026-11-26T12:00:00+08:00\n",
        encoding="utf-8",
    )
    with pytest.raises(DeserializationError, match="no-such-cluster"):
        call_command("loaddata", *settings.DATASET_FIXTURES, broken, verbosity=0)
    assert Cluster.objects.count() == 0


@pytest.mark.django_db
def test_missing_fixture_file_is_an_error(settings, tmp_path):
    """A fixture list naming a missing file fails loudly instead of loading part of the data."""
    settings.DATASET_FIXTURES = [tmp_path / "missing.yaml"]
    with pytest.raises(CommandError):
        call_command("load_dataset", verbosity=0)
