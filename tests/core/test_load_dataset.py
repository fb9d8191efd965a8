"""`manage.py load_dataset` (what `make data` runs): adds what is missing, keeps editors' work,
merges corrections of the dataset three ways, and is repeatable and all or nothing."""

import copy
import io
import json
import time

import pytest
import yaml
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import parse_http_date
from rest_framework import status

from apps.clusters.models import Cluster
from apps.core.dataset import read_published_dataset
from apps.core.models import PublishedRecord
from apps.core.registry import data_models
from apps.indicators.models import Indicator, IndicatorComparison
from apps.parks.models import Park
from apps.sources.models import Source
from tests.admin_forms import admin_url, submit_form
from tests.factories import make_project

PUBLISHED = "Published dataset"


def _data_models():
    return data_models()


def _history_models():
    return [model.history.model for model in data_models()]


def _snapshot():
    """Every data row, history row and published baseline, serialized: equal means no write."""
    models = [*_data_models(), *_history_models(), PublishedRecord]
    return {
        model._meta.label: serializers.serialize("json", model.objects.order_by("pk"))
        for model in models
    }


# --- A small dataset written for these tests ------------------------------------------------


STAMPED = {"created_at": "2026-11-26T12:00:00+08:00", "updated_at": "2026-11-26T12:00:00+08:00"}


def _record(model, **fields):
    return {"model": model, "fields": fields}


def _stamped(model, **fields):
    """A record as the real fixtures write it, timestamps included (loaddata needs them)."""
    return _record(model, **fields, **STAMPED)


def _cited(**fields):
    return {"source": ["article"], "source_quote": "巴南区", **fields}


def _small_dataset():
    """A source, three clusters, a park linked to one, an indicator and its comparison."""
    return [
        _stamped(
            "sources.source",
            slug="article",
            name_zh="文章",
            name_en="Article",
            language="zh-hans",
            raw_text="巴南区",
            repaired_text="巴南区",
            raw_sha256=Source.checksum("巴南区"),
        ),
        _stamped(
            "clusters.cluster",
            **_cited(slug="alpha", tier="leading", position=1, name_zh="甲", name_en="Alpha"),
        ),
        _stamped(
            "clusters.cluster",
            **_cited(slug="beta", tier="pillar", position=1, name_zh="乙", name_en="Beta"),
        ),
        _stamped(
            "clusters.cluster",
            **_cited(slug="gamma", tier="pillar", position=2, name_zh="丙", name_en="Gamma"),
        ),
        _stamped(
            "parks.park",
            **_cited(slug="north-park", name_zh="北园", name_en="North Park", clusters=[["alpha"]]),
        ),
        _stamped(
            "indicators.indicator",
            **_cited(
                slug="growth-2023",
                name_zh="增长",
                name_en="Growth",
                subject_type="district",
                value="18.3",
                unit="percent",
                unit_multiplier=0,
                value_normalized="18.3",
                period_start="2023-01-01",
                period_end="2023-12-31",
                kind="actual",
            ),
        ),
        _stamped(
            "indicators.indicatorcomparison",
            indicator=["growth-2023"],
            position=1,
            kind="rank",
            value="4",
            unit="rank",
            benchmark_zh="中心城区",
            benchmark_en="central districts",
        ),
    ]


def _changed(records, slug, **fields):
    """A copy of ``records`` where the record with ``slug`` states ``fields`` instead."""
    records = copy.deepcopy(records)
    for record in records:
        if record["fields"].get("slug") == slug:
            record["fields"].update(fields)
            return records
    raise AssertionError(f"no record {slug}")


def _without(records, slug):
    return [record for record in records if record["fields"].get("slug") != slug]


@pytest.fixture
def publish(settings, tmp_path):
    """Make ``records`` the published dataset (a YAML fixture in tmp_path)."""
    versions = iter(range(1, 100))

    def write(records):
        path = tmp_path / f"dataset-{next(versions)}.yaml"
        path.write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
        settings.DATASET_FIXTURES = [path]
        return path

    return write


def load(*options):
    """Run the command as `make data` does; its output."""
    output = io.StringIO()
    call_command("load_dataset", *options, stdout=output, no_color=True)
    return output.getvalue()


def _history(row):
    """The record's history, newest first: (type, change reason, user)."""
    return [
        (entry.history_type, entry.history_change_reason, entry.history_user)
        for entry in row.history.all()
    ]


# --- Loading into an empty database --------------------------------------------------------


@pytest.mark.django_db
def test_a_first_load_gives_every_record_one_baseline_history_entry(publish):
    """Each record gets exactly one history row: added, 'Published dataset', no user."""
    publish(_small_dataset())
    output = load()
    assert "7 added" in output
    for model in (Source, Cluster, Park, Indicator, IndicatorComparison):
        for row in model.objects.all():
            assert _history(row) == [("+", PUBLISHED, None)]
    baseline = Park.objects.get(slug="north-park").history.get()
    assert [link.cluster.slug for link in baseline.clusters.all()] == ["alpha"]


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    """A second load of the real dataset writes nothing: rows, timestamps, history, baselines."""
    load()
    first = _snapshot()
    output = load()
    assert _snapshot() == first
    records = len(read_published_dataset(settings.DATASET_FIXTURES))
    assert f"0 added, 0 updated, {records} unchanged" in output
    counts = {model._meta.label: model.objects.count() for model in _data_models()}
    assert counts["clusters.Cluster"] == 13
    assert all(counts.values())


@pytest.mark.django_db
def test_records_of_the_fixtures_are_saved_by_the_model(publish):
    """Loading saves through Model.save(): normalized values and checksums are computed."""
    records = _changed(_small_dataset(), "growth-2023", unit_multiplier=4)
    del records[5]["fields"]["value_normalized"]
    publish(records)
    load()
    assert str(Indicator.objects.get().value_normalized) == "183000.0000"
    assert Source.objects.get().raw_sha256 == Source.checksum("巴南区")


@pytest.mark.django_db
def test_a_field_the_fixture_leaves_out_is_never_compared(publish):
    """A computed field the fixture does not state is no conflict and no edit, however its
    value moves: a correction applies, and a record dropped later is deleted."""
    records = copy.deepcopy(_small_dataset())
    del records[5]["fields"]["value_normalized"]
    publish(records)
    load()
    publish(_changed(records, "growth-2023", value="18.5"))
    output = load()
    assert "Conflict" not in output
    assert str(Indicator.objects.get().value_normalized) == "18.5000"

    publish(records[:5])
    assert "Removed: indicators.indicator growth-2023" in load()


@pytest.mark.django_db
def test_a_field_the_dataset_starts_to_state_keeps_an_editors_value(publish):
    """An editor filled a field the dataset left empty; when the dataset states it, the
    editor's value stays and the conflict is reported; an untouched record takes it."""
    dataset = _small_dataset()
    publish(dataset)
    load()
    Cluster.objects.filter(slug="alpha").update(description_en="By an editor.")

    corrected = _changed(dataset, "alpha", description_en="Published.")
    publish(_changed(corrected, "beta", description_en="Published."))
    output = load()

    assert Cluster.objects.get(slug="alpha").description_en == "By an editor."
    assert Cluster.objects.get(slug="beta").description_en == "Published."
    assert 'alpha description_en: kept "By an editor."' in output


# --- Editors' work survives a redeploy ------------------------------------------------------


@pytest.mark.django_db
def test_a_redeploy_keeps_an_editors_change_and_writes_no_history_for_it(publish):
    """make data after an edit leaves the edited value, its timestamp and its history alone."""
    publish(_small_dataset())
    load()
    cluster = Cluster.objects.get(slug="alpha")
    cluster.name_en = "Alpha, as edited"
    cluster.save()
    edited_at = Cluster.objects.get(slug="alpha").updated_at
    history = _history(cluster)

    output = load()

    cluster.refresh_from_db()
    assert cluster.name_en == "Alpha, as edited"
    assert cluster.updated_at == edited_at
    assert _history(cluster) == history
    assert "Conflict" not in output


@pytest.mark.django_db
def test_the_history_shows_the_baseline_and_the_edit(publish, editor, editor_client):
    """After an editor's change, history lists the editor's version over the published one."""
    publish(_small_dataset())
    load()
    indicator = Indicator.objects.get()
    response = submit_form(editor_client, admin_url(Indicator, "change", indicator.pk), value="19")
    assert response.status_code == status.HTTP_302_FOUND
    load()

    assert [(t, reason, user) for t, reason, user in _history(indicator)] == [
        ("~", None, editor),
        ("+", PUBLISHED, None),
    ]
    page = editor_client.get(admin_url(Indicator, "history", indicator.pk)).content.decode()
    assert PUBLISHED in page


@pytest.mark.django_db
def test_revert_in_the_admin_returns_to_the_published_value(publish, editor_client):
    """An editor's Revert to the 'Published dataset' entry brings the published value back."""
    publish(_small_dataset())
    load()
    indicator = Indicator.objects.get()
    submit_form(editor_client, admin_url(Indicator, "change", indicator.pk), value="19")
    load()
    indicator.refresh_from_db()
    assert str(indicator.value) == "19.0000"

    baseline = indicator.history.get(history_change_reason=PUBLISHED)
    revert_url = admin_url(Indicator, "simple_history", indicator.pk, baseline.history_id)
    response = submit_form(editor_client, revert_url)

    assert response.status_code == status.HTTP_302_FOUND
    indicator.refresh_from_db()
    assert str(indicator.value) == "18.3000"
    assert str(indicator.value_normalized) == "18.3000"


# --- A corrected dataset, merged three ways --------------------------------------------------


@pytest.mark.django_db
def test_a_correction_reaches_a_field_no_editor_touched(publish):
    """An untouched field takes the new published value, saved with history and a new time."""
    dataset = _small_dataset()
    publish(dataset)
    load()
    loaded_at = Cluster.objects.get(slug="alpha").updated_at

    publish(_changed(dataset, "alpha", name_en="Alpha cluster"))
    output = load()

    cluster = Cluster.objects.get(slug="alpha")
    assert cluster.name_en == "Alpha cluster"
    assert cluster.updated_at > loaded_at
    assert _history(cluster)[0] == ("~", f"{PUBLISHED}: updated name_en", None)
    assert "1 updated" in output
    assert "Conflict" not in output


@pytest.mark.django_db
def test_an_edited_field_keeps_the_editors_value_and_the_conflict_is_reported(publish):
    """Both changed one field: the editor's value stays; output and history name the conflict.

    Another field of the same record, corrected and not edited, is still updated.
    """
    dataset = _small_dataset()
    publish(dataset)
    load()
    cluster = Cluster.objects.get(slug="alpha")
    cluster.name_en = "Alpha (editor)"
    cluster.save()

    publish(_changed(dataset, "alpha", name_en="Alpha (corrected)", description_en="Corrected."))
    output = load()

    cluster.refresh_from_db()
    assert (cluster.name_en, cluster.description_en) == ("Alpha (editor)", "Corrected.")
    conflicts = [line for line in output.splitlines() if line.startswith("Conflict")]
    assert conflicts == [
        'Conflict: clusters.cluster alpha name_en: kept "Alpha (editor)" (edited in this '
        'database); published "Alpha (corrected)"'
    ]
    assert _history(cluster)[0] == (
        "~",
        f"{PUBLISHED}: updated description_en; conflict, kept the edited name_en",
        None,
    )
    assert "1 conflicts" in output


@pytest.mark.django_db
def test_a_conflict_is_reported_once(publish):
    """Once reported, a conflict is not written again: the next load writes nothing."""
    dataset = _small_dataset()
    publish(dataset)
    load()
    Cluster.objects.filter(slug="alpha").update(name_en="Alpha (editor)")
    publish(_changed(dataset, "alpha", name_en="Alpha (corrected)"))
    assert "Conflict" in load()
    before = _snapshot()

    output = load()

    assert "Conflict" not in output
    assert _snapshot() == before


@pytest.mark.django_db
def test_both_changing_a_field_to_the_same_value_is_no_conflict(publish):
    """An editor who made the same correction as the dataset gets no conflict and no write."""
    dataset = _small_dataset()
    publish(dataset)
    load()
    cluster = Cluster.objects.get(slug="alpha")
    cluster.name_en = "Alpha cluster"
    cluster.save()
    history = _history(cluster)

    publish(_changed(dataset, "alpha", name_en="Alpha cluster"))
    output = load()

    assert "Conflict" not in output
    assert _history(cluster) == history


@pytest.mark.django_db
def test_a_corrected_many_to_many_field_reaches_an_untouched_record(publish):
    """A park's clusters, as a set of slugs, take the new published set."""
    dataset = _small_dataset()
    publish(dataset)
    load()

    publish(_changed(dataset, "north-park", clusters=[["beta"], ["alpha"]]))
    load()

    park = Park.objects.get()
    assert sorted(park.clusters.values_list("slug", flat=True)) == ["alpha", "beta"]
    latest = park.history.first()
    assert latest.history_change_reason == f"{PUBLISHED}: updated clusters"
    assert sorted(link.cluster.slug for link in latest.clusters.all()) == ["alpha", "beta"]


@pytest.mark.django_db
def test_a_many_to_many_field_changed_on_both_sides_keeps_the_editors_set(publish):
    """Editor and dataset changed a park's clusters differently: the editor's set stays."""
    dataset = _small_dataset()
    publish(dataset)
    load()
    park = Park.objects.get()
    park.clusters.set([Cluster.objects.get(slug="gamma")])

    publish(_changed(dataset, "north-park", clusters=[["alpha"], ["beta"]]))
    output = load()

    assert list(park.clusters.values_list("slug", flat=True)) == ["gamma"]
    assert (
        'Conflict: parks.park north-park clusters: kept ["gamma"] (edited in this database); '
        'published ["alpha", "beta"]'
    ) in output


@pytest.mark.django_db
def test_a_record_added_to_the_fixtures_is_added(publish):
    """A new published record is added with its baseline entry; the others are left alone."""
    dataset = _small_dataset()
    publish(dataset)
    load()
    delta = _record(
        "clusters.cluster",
        **_cited(slug="delta", tier="characteristic", position=1, name_zh="丁", name_en="Delta"),
    )

    publish([*dataset, delta])
    output = load()

    assert _history(Cluster.objects.get(slug="delta")) == [("+", PUBLISHED, None)]
    assert "1 added, 0 updated, 7 unchanged" in output


@pytest.mark.django_db
def test_a_record_removed_from_the_fixtures_is_deleted_when_untouched(publish):
    """Nobody changed it and nothing refers to it: it is deleted, and history says why."""
    dataset = _small_dataset()
    publish(dataset)
    load()
    gamma = Cluster.objects.get(slug="gamma")

    publish(_without(dataset, "gamma"))
    output = load()

    assert not Cluster.objects.filter(slug="gamma").exists()
    deletion = Cluster.history.filter(id=gamma.pk).first()
    assert (deletion.history_type, deletion.history_change_reason) == (
        "-",
        "Removed from the published dataset",
    )
    assert "Removed: clusters.cluster gamma" in output
    assert not PublishedRecord.objects.filter(natural_key='["gamma"]').exists()


@pytest.mark.django_db
def test_records_removed_together_are_deleted_in_an_order_that_works(publish):
    """An indicator and its comparison both removed: the comparison goes first, then both."""
    dataset = _small_dataset()
    publish(dataset)
    load()

    publish(dataset[:5])
    output = load()

    assert not Indicator.objects.exists()
    assert not IndicatorComparison.objects.exists()
    assert output.count("Removed:") == 2


@pytest.mark.django_db
def test_a_removed_record_an_editor_changed_is_kept_and_reported(publish):
    """The dataset dropped a record an editor worked on: it stays, and the output says so."""
    dataset = _small_dataset()
    publish(dataset)
    load()
    Cluster.objects.filter(slug="gamma").update(name_en="Gamma, still needed")

    publish(_without(dataset, "gamma"))
    output = load()

    assert Cluster.objects.filter(slug="gamma").exists()
    assert (
        "Kept: clusters.cluster gamma: an editor changed name_en (no longer in the dataset)"
        in output
    )


@pytest.mark.django_db
def test_a_removed_record_that_others_refer_to_is_kept_and_reported(publish):
    """An editor's project points at a cluster the dataset dropped: the cluster stays."""
    dataset = _small_dataset()
    publish(dataset)
    load()
    make_project(cluster=Cluster.objects.get(slug="gamma"))

    publish(_without(dataset, "gamma"))
    output = load()

    assert Cluster.objects.filter(slug="gamma").exists()
    assert "Kept: clusters.cluster gamma: other records still refer to it" in output


@pytest.mark.django_db
def test_a_record_an_editor_deleted_stays_deleted(publish):
    """A published record an administrator deleted is not re-created, even when corrected."""
    dataset = _small_dataset()
    publish(dataset)
    load()
    Cluster.objects.get(slug="gamma").delete()

    publish(_changed(dataset, "gamma", name_en="Gamma (corrected)"))
    output = load()

    assert not Cluster.objects.filter(slug="gamma").exists()
    assert "Kept deleted: clusters.cluster gamma (an editor deleted it)" in output


@pytest.mark.django_db
def test_a_correction_pointing_at_a_deleted_record_is_reported(publish):
    """A published link to a record an editor deleted cannot be made: it is reported."""
    dataset = _small_dataset()
    publish(dataset)
    load()
    Cluster.objects.get(slug="gamma").delete()
    epsilon = _record(
        "parks.park",
        **_cited(slug="south-park", name_zh="南园", name_en="South Park", clusters=[["gamma"]]),
    )

    publish([*_changed(dataset, "north-park", clusters=[["gamma"]]), epsilon])
    output = load()

    assert list(Park.objects.get().clusters.values_list("slug", flat=True)) == ["alpha"]
    assert (
        'Conflict: parks.park north-park clusters: kept ["alpha"] (the published value refers '
        'to a record the database does not hold); published ["gamma"]'
    ) in output
    assert "Not added: parks.park south-park: clusters refers to" in output


@pytest.mark.django_db
def test_a_record_whose_slug_an_editor_changed_is_still_the_same_record(publish):
    """Records are matched by the row they were loaded into, so a renamed one is not re-added."""
    dataset = _small_dataset()
    publish(dataset)
    load()
    Cluster.objects.filter(slug="gamma").update(slug="gamma-renamed")

    publish(_changed(dataset, "gamma", name_en="Gamma (corrected)"))
    load()

    assert Cluster.objects.get(slug="gamma-renamed").name_en == "Gamma (corrected)"
    assert not Cluster.objects.filter(slug="gamma").exists()


@pytest.mark.django_db
def test_a_record_may_refer_to_one_listed_after_it(publish):
    """Records are saved after those they refer to, whatever the order of the fixture."""
    dataset = _small_dataset()
    child = _record(
        "parks.park", **_cited(slug="inner", name_zh="内园", name_en="Inner", parent=["north-park"])
    )
    publish([dataset[0], child, *dataset[1:]])
    load()
    assert Park.objects.get(slug="inner").parent.slug == "north-park"


@pytest.mark.django_db
def test_a_record_being_merged_is_locked_until_the_load_commits(publish):
    """On a database with row locks, the load locks each published row it reads, so that a
    concurrent save waits for it instead of being overwritten by it."""
    if not connection.features.has_select_for_update:
        pytest.skip(f"{connection.vendor} has no row locks; its writers are serialized")
    dataset = _small_dataset()
    publish(dataset)
    load()
    with CaptureQueriesContext(connection) as queries:
        load()
    locking = [query["sql"] for query in queries if query["sql"].endswith("FOR UPDATE")]
    assert len(locking) == len(dataset)


# --- Records from before baselines ----------------------------------------------------------


def _loaddata(path):
    """Load as `make data` did before baselines: raw, without history of the records."""
    call_command("loaddata", path, verbosity=0)


@pytest.mark.django_db
def test_records_loaded_before_baselines_get_their_baseline_entry(publish):
    """A database loaded without history gets one 'Published dataset' entry per record."""
    published = publish(_small_dataset())
    _loaddata(published)

    output = load()

    assert "7 baselines recorded; 0 conflicts" in output
    for row in Cluster.objects.all():
        assert _history(row) == [("+", PUBLISHED, None)]
    before = _snapshot()
    assert "7 unchanged, 0 baselines recorded" in load()
    assert _snapshot() == before


@pytest.mark.django_db
def test_an_edit_from_before_baselines_is_kept_and_the_published_value_put_before_it(publish):
    """The published value becomes the first history entry; the editor's value stays, reported
    in the output and in a history entry naming the conflict."""
    published = publish(_small_dataset())
    _loaddata(published)
    cluster = Cluster.objects.get(slug="alpha")
    cluster.name_en = "Alpha (editor)"
    cluster.save()

    output = load()

    cluster.refresh_from_db()
    assert cluster.name_en == "Alpha (editor)"
    assert 'Conflict: clusters.cluster alpha name_en: kept "Alpha (editor)"' in output
    assert [
        (entry.history_type, entry.name_en, entry.history_change_reason)
        for entry in cluster.history.all()
    ] == [
        ("~", "Alpha (editor)", f"{PUBLISHED}: conflict, kept the edited name_en"),
        ("~", "Alpha (editor)", None),
        ("+", "Alpha", PUBLISHED),
    ]


@pytest.mark.django_db
def test_an_edit_an_old_load_undid_leaves_history_telling_the_truth(publish):
    """The old loader put the published value back without history: the history catches up."""
    published = publish(_small_dataset())
    _loaddata(published)
    cluster = Cluster.objects.get(slug="alpha")
    cluster.name_en = "Alpha (editor)"
    cluster.save()
    _loaddata(published)

    output = load()

    assert "0 conflicts" in output
    assert [(entry.history_type, entry.name_en) for entry in cluster.history.all()] == [
        ("~", "Alpha"),
        ("~", "Alpha (editor)"),
        ("+", "Alpha"),
    ]


@pytest.mark.django_db
def test_a_difference_without_any_history_is_reported_and_recorded(publish):
    """A value nobody recorded is kept; history holds the published value, then the kept one."""
    published = publish(_small_dataset())
    _loaddata(published)
    Park.objects.get().clusters.set([])  # links, unlike fields, were recorded even then
    Park.history.all().delete()
    park = Park.objects.get()

    output = load()

    assert 'clusters: kept [] (edited in this database); published ["alpha"]' in output
    latest, baseline = park.history.all()
    assert list(latest.clusters.all()) == []
    assert [link.cluster.slug for link in baseline.clusters.all()] == ["alpha"]
    assert baseline.history_change_reason == PUBLISHED


# --- Reset --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reset_restores_the_published_dataset_and_records_it_in_history(publish):
    """--reset undoes edits, re-creates deletions, and lists without deleting editors' records."""
    publish(_small_dataset())
    load()
    Cluster.objects.filter(slug="alpha").update(name_en="Alpha (editor)")
    Cluster.objects.get(slug="gamma").delete()
    park = Park.objects.get()
    park.clusters.set([])
    Cluster.objects.create(
        slug="editors-own",
        tier="characteristic",
        position=1,
        name_zh="编辑",
        name_en="Editor's",
        source=Source.objects.get(),
        source_quote="巴南区",
    )

    output = load("--reset")

    alpha = Cluster.objects.get(slug="alpha")
    assert alpha.name_en == "Alpha"
    assert _history(alpha)[0] == ("~", "Reset to the published dataset", None)
    assert _history(Cluster.objects.get(slug="gamma")) == [
        ("+", "Reset to the published dataset", None)
    ]
    assert list(park.clusters.values_list("slug", flat=True)) == ["alpha"]
    assert Cluster.objects.filter(slug="editors-own").exists()
    assert "Not in the dataset, kept: clusters.cluster editors-own" in output
    assert "1 re-created, 2 reset" in output
    assert "Conflict" not in load()


@pytest.mark.django_db
def test_reset_of_a_published_database_writes_nothing(publish):
    """Nothing to restore: no history rows, no timestamps moved."""
    publish(_small_dataset())
    load()
    before = _snapshot()
    assert "0 re-created, 0 reset, 7 already as published" in load("--reset")
    assert _snapshot() == before


# --- Errors -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_broken_reference_loads_nothing(settings, tmp_path):
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
        "    source_quote: 巴南\n",
        encoding="utf-8",
    )
    settings.DATASET_FIXTURES = [*settings.DATASET_FIXTURES, broken]
    with pytest.raises(CommandError, match="no-such-cluster"):
        call_command("load_dataset", verbosity=0)
    assert Cluster.objects.count() == 0
    assert PublishedRecord.objects.count() == 0
    assert Cluster.history.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failing_load_applies_none_of_its_corrections(publish):
    """A correction that breaks a constraint undoes the corrections saved before it."""
    dataset = _small_dataset()
    publish(dataset)
    load()
    corrected = _changed(dataset, "alpha", name_en="Alpha (corrected)")
    publish(_changed(corrected, "gamma", position=1))  # beta holds pillar 1

    with pytest.raises(CommandError, match="gamma"):
        load()

    assert Cluster.objects.get(slug="alpha").name_en == "Alpha"
    assert Cluster.objects.get(slug="gamma").position == 2


@pytest.mark.django_db
def test_missing_fixture_file_is_an_error(settings, tmp_path):
    """A fixture list naming a missing file fails loudly instead of loading part of the data."""
    settings.DATASET_FIXTURES = [tmp_path / "missing.yaml"]
    with pytest.raises(CommandError, match=r"missing\.yaml"):
        call_command("load_dataset", verbosity=0)


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([_small_dataset()[0], _small_dataset()[0]], "listed twice"),
        ([_record("sources.source", slug="a", colour="red")], "colour"),
        ([_record("nowhere.model", slug="a")], "nowhere.model"),
        ([_record("auth.permission", codename="x")], "no natural key"),
        ([{"model": "sources.source", "fields": {"slug": "a", "published_on": "soon"}}], "soon"),
    ],
)
@pytest.mark.django_db
def test_a_fixture_the_loader_cannot_read_is_refused(publish, records, message):
    """Duplicates, unknown models or fields, and bad values are errors naming the object."""
    publish(records)
    with pytest.raises(CommandError, match=message):
        load()
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_a_fixture_format_the_loader_cannot_read_is_refused(settings, tmp_path):
    """Only JSON and YAML fixtures are read."""
    settings.DATASET_FIXTURES = [tmp_path / "dataset.xml"]
    settings.DATASET_FIXTURES[0].write_text("<django-objects/>", encoding="utf-8")
    with pytest.raises(CommandError, match="JSON or YAML"):
        load()


@pytest.mark.django_db
def test_a_json_fixture_loads_like_a_yaml_one(settings, tmp_path):
    """The format follows the file name."""
    path = tmp_path / "dataset.json"
    path.write_text(json.dumps(_small_dataset()[:2]), encoding="utf-8")
    settings.DATASET_FIXTURES = [path]
    load()
    assert Cluster.objects.get().slug == "alpha"


# --- What clients see ---------------------------------------------------------------------


def _next_second():
    """Sleep into the next whole second: HTTP dates count seconds."""
    time.sleep(1.01 - time.time() % 1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_load_that_changes_data_moves_the_etag_and_last_modified(api_client, publish):
    """After a correction is loaded, the old ETag and the old Last-Modified no longer get 304."""
    dataset = _small_dataset()
    publish(dataset)
    load()
    url = "/api/v1/indicators/"
    before = api_client.get(url)
    etag, last_modified = before["ETag"], before["Last-Modified"]
    assert api_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert api_client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    _next_second()

    publish(_changed(dataset, "growth-2023", name_en="Growth of industrial investment"))
    load()

    after = api_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == status.HTTP_200_OK
    assert after.json()["results"][0]["name_en"] == "Growth of industrial investment"
    assert api_client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200
    assert parse_http_date(after["Last-Modified"]) > parse_http_date(last_modified)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_load_that_changes_nothing_keeps_the_etag(api_client, publish):
    """A repeated make data leaves clients' cached copies valid."""
    publish(_small_dataset())
    load()
    etag = api_client.get("/api/v1/indicators/")["ETag"]
    load()
    response = api_client.get("/api/v1/indicators/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == status.HTTP_304_NOT_MODIFIED
