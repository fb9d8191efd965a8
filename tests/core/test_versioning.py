"""The data version: moved by the database in the transaction of every kind of write."""

import contextlib
import io

import psycopg
import pytest
from django.core.management import call_command
from django.db import (
    DatabaseError,
    InterfaceError,
    InternalError,
    OperationalError,
    connection,
    transaction,
)
from django.test.utils import CaptureQueriesContext

from apps.clusters.models import Cluster
from apps.core import versioning
from apps.core.registry import data_tables
from apps.core.versioning import EMPTY, current_version, install_triggers, tables_with_triggers
from apps.indicators.models import Indicator
from tests.factories import make_cluster, make_comparison, make_indicator

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def _moves(change):
    before = current_version()
    change()
    after = current_version()
    return before.token != after.token


def test_every_data_table_has_its_trigger():
    """Each table of the data models (link tables too) is watched, and no other."""
    assert tables_with_triggers() == set(data_tables())


def test_installing_the_triggers_again_changes_nothing():
    """post_migrate runs it after every migrate: it must be idempotent."""
    install_triggers()
    install_triggers()
    assert tables_with_triggers() == set(data_tables())


def test_orm_writes_move_the_version(dataset):
    """Insert, save, delete, and many-to-many add, remove and clear."""
    cluster = dataset.new_star

    def rename():
        cluster.name_en = "Optoelectronics and photonics"
        cluster.save()

    assert _moves(lambda: make_indicator(slug="fresh"))
    assert _moves(rename)
    assert _moves(lambda: dataset.zongshen.clusters.add(dataset.biomedicine))
    assert _moves(lambda: dataset.zongshen.clusters.remove(dataset.biomedicine))
    assert _moves(lambda: dataset.zongshen.clusters.clear())
    assert _moves(lambda: make_comparison(dataset.motorcycle_sales))
    assert _moves(lambda: dataset.wafer_area.delete())


def test_bulk_and_queryset_writes_move_the_version(dataset):
    """Writes that bypass save() and its signals move it too."""
    clusters = list(Cluster.objects.all())
    for cluster in clusters:
        cluster.description_en = "bulk"
    assert _moves(lambda: Cluster.objects.bulk_update(clusters, ["description_en"]))
    assert _moves(lambda: Cluster.objects.filter(slug="optoelectronics").update(position=6))
    assert _moves(lambda: Indicator.objects.filter(pk=dataset.wafer_area.pk).update(name_en="Site"))


def test_raw_sql_moves_the_version(dataset):
    """Even SQL typed by hand, as an operator might, is seen."""
    table = Cluster._meta.db_table
    with connection.cursor() as cursor:
        assert _moves(lambda: cursor.execute(f"UPDATE {table} SET description_en = 'raw'"))


def test_a_fixture_load_moves_the_version(dataset, tmp_path):
    """loaddata saves raw, without signals: the triggers see it anyway."""
    fixture = tmp_path / "cluster.json"
    out = io.StringIO()
    call_command(
        "dumpdata", "clusters.cluster", "--natural-primary", "--natural-foreign", stdout=out
    )
    fixture.write_text(out.getvalue().replace("Optoelectronics", "Photonics"))
    assert _moves(lambda: call_command("loaddata", fixture, verbosity=0))


def test_a_rolled_back_write_leaves_the_version(dataset):
    """The version moves with the transaction: a write that is undone never moved it."""
    before = current_version()

    def abandoned_write():
        with transaction.atomic():
            make_cluster(slug="abandoned")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        abandoned_write()
    assert current_version() == before


def test_the_version_is_stable_while_nothing_changes(dataset):
    """Reading twice gives the same version and date."""
    assert current_version() == current_version()


def test_the_date_never_goes_back(dataset):
    """Each write dates the version at or after the previous one."""
    first = current_version().changed_at
    make_cluster(slug="later")
    assert current_version().changed_at >= first


def test_a_missing_version_row_reads_as_empty_and_comes_back_on_the_next_write():
    """A flushed database has no row: reads see EMPTY, the next write recreates it."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_dataversion")
    assert current_version() == EMPTY
    make_cluster(slug="after-flush")
    assert current_version() != EMPTY


@pytest.fixture
def persistent_connection(monkeypatch):
    """An open connection kept between requests, as production's CONN_MAX_AGE keeps it."""
    current_version()
    monkeypatch.setattr(connection, "close_at", None)


def _next_request_begins():
    """What Django does when a request starts on a persistent connection (request_started)."""
    connection.close_if_unusable_or_obsolete()


@pytest.mark.django_db(transaction=True)
def test_the_version_read_stands_in_for_the_health_check_ping(persistent_connection, monkeypatch):
    """A read costs one round trip: the version read, and no ``SELECT 1`` before it or later."""
    _next_request_begins()
    pings = []
    monkeypatch.setattr(connection, "is_usable", lambda: pings.append(1) or True)
    current_version()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert pings == []


def _break_the_connection():
    """The server drops the session, as a restart or a failover would."""
    backend = connection.connection.info.backend_pid
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [backend])


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_connection_broken_between_requests_is_replaced_by_the_version_read(
    persistent_connection,
):
    """As a failed ping would: the next request is served on a new connection, not answered 503."""
    version = current_version()
    broken = connection.connection
    _break_the_connection()
    _next_request_begins()
    assert current_version() == version
    assert connection.connection is not broken


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_connection_broken_after_its_check_fails_the_request(persistent_connection):
    """Once checked in a request, a failure is a fault of that request (a 503), not retried."""
    _next_request_begins()
    current_version()
    _break_the_connection()
    with pytest.raises((OperationalError, InterfaceError)):
        current_version()
    connection.close()  # as Django does at the end of the failed request


@on_postgresql
def test_the_version_read_goes_to_libpq_unless_queries_are_logged(monkeypatch):
    """On an open connection the read needs no cursor; where queries are counted it is one."""
    version = current_version()
    with CaptureQueriesContext(connection) as queries:
        assert current_version() == version
    assert [query["sql"] for query in queries.captured_queries] == [versioning._READ["postgresql"]]
    monkeypatch.setattr(connection, "cursor", lambda: pytest.fail("a cursor was opened"))
    assert current_version() == version


@on_postgresql
def test_the_libpq_read_raises_djangos_errors():
    """As a cursor would: here, in a transaction that a failed statement aborted."""
    current_version()
    with transaction.atomic():
        with connection.cursor() as cursor, contextlib.suppress(DatabaseError):
            cursor.execute("SELECT 1 / 0")
        with pytest.raises(InternalError, match="current transaction is aborted"):
            current_version()
        transaction.set_rollback(True)


def _prepared_statements() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_version_read_is_prepared_once_per_connection_and_again_when_lost():
    """Parsing and planning it per request was a third of its round trip; a session that lost
    the statement (a pooler's reset, DEALLOCATE) prepares it again and answers the same."""
    connection.ensure_connection()  # the first read of a new connection goes through a cursor
    version = current_version()
    assert versioning._STATEMENT.decode() in _prepared_statements()
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    assert versioning._STATEMENT.decode() not in _prepared_statements()
    assert current_version() == version
    assert versioning._STATEMENT.decode() in _prepared_statements()
    # A connection without the mark whose session still holds the statement reads as before.
    delattr(connection.connection, versioning._PREPARED_MARK)
    assert current_version() == version
    # A new connection is prepared anew.
    connection.close()
    connection.connect()
    assert current_version() == version
    assert versioning._STATEMENT.decode() in _prepared_statements()
