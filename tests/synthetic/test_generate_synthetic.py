"""manage.py generate_synthetic: marked synthetic records, in a database of their own."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from apps.clusters.models import Cluster
from apps.core.versioning import current_version
from apps.enterprises.models import Enterprise
from apps.indicators.models import Indicator
from apps.projects.models import Project
from apps.sources.models import Source
from apps.synthetic.services import PREFIX, QUOTE, SOURCE_SLUG
from tests.factories import make_source

pytestmark = pytest.mark.django_db


def _generate(**options):
    stderr = io.StringIO()
    call_command(
        "generate_synthetic",
        enterprises=30,
        indicators=200,
        batch_size=64,
        stderr=stderr,
        stdout=io.StringIO(),
        **options,
    )
    return stderr.getvalue()


def test_every_record_is_marked_synthetic_and_cites_the_synthetic_source():
    """Slugs start with synthetic-, and every record quotes the Source named as synthetic."""
    _generate()
    source = Source.objects.get()
    assert source.slug == SOURCE_SLUG
    assert "Synthetic" in source.name_en
    assert QUOTE in source.repaired_text
    for model, count in ((Enterprise, 30), (Indicator, 200), (Cluster, 13)):
        assert model.objects.count() == count
        assert not model.objects.exclude(slug__startswith=PREFIX).exists()
        assert set(model.objects.values_list("source_quote", flat=True)) == {QUOTE}


def test_indicators_measure_the_district_and_enterprises_and_enterprises_have_a_cluster():
    """Half the indicators measure the district, half an enterprise; each enterprise is in a
    cluster, so the tier and subject filters have rows to find."""
    _generate()
    assert Indicator.objects.filter(subject_type="district", enterprise=None).count() == 100
    assert (
        Indicator.objects.filter(subject_type="enterprise").exclude(enterprise=None).count() == 100
    )
    assert not Enterprise.objects.filter(clusters=None).exists()
    assert Indicator.objects.filter(value_normalized__gt=0).count() == 200


def test_a_second_run_adds_more_and_the_version_moves():
    """Generation is repeatable (new slugs), and the data version moves like any write."""
    _generate()
    before = current_version()
    _generate()
    assert Indicator.objects.count() == 400
    assert current_version() != before


def test_it_shows_progress():
    """A progress bar per table on standard error."""
    assert "200/200" in _generate()


def test_a_database_holding_real_records_is_refused():
    """Synthetic rows never mix with the real dataset."""
    make_source(slug="banan-1246-report-2024")
    with pytest.raises(CommandError, match="not synthetic"):
        _generate()
    assert not Indicator.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_load_is_vacuumed_so_pages_read_keys_from_indexes_alone():
    """Statistics and the visibility map at once, not when autovacuum comes by."""
    _generate()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL"
            " AND last_analyze IS NOT NULL"
        )
        vacuumed = {name for (name,) in cursor.fetchall()}
    assert {Enterprise._meta.db_table, Indicator._meta.db_table} <= vacuumed


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_on_postgresql_every_page_index_holds_the_key():
    """An index-only scan finds a page's keys (apps.core.models.page_index)."""
    names = [
        index.name for model in (Enterprise, Indicator, Project) for index in model._meta.indexes
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)", [names]
        )
        definitions = dict(cursor.fetchall())
    assert sorted(definitions) == sorted(names)
    assert all(definition.endswith("INCLUDE (id)") for definition in definitions.values())
