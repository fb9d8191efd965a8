"""Each record's representation is made once per data version (apps.core.api.representations).

Over the resources the ``dataset`` fixture fills, as in test_api_querysets.
"""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.api.querysets import records_in_order
from apps.enterprises.models import Enterprise
from apps.sources.models import Source
from banan_service.checks import MAX_EXPORT_ROWS
from tests.core.test_api_querysets import RESOURCES
from tests.factories import make_source

pytestmark = pytest.mark.django_db

JSON, CSV = "application/json", "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _list(api_client, resource, headers=None, **query):
    return api_client.get(f"/api/v1/{resource}/", {"page_size": 500, **query}, **(headers or {}))


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("media_type", [JSON, CSV, XLSX])
@pytest.mark.parametrize("language", ["zh", "en"])
def test_kept_representations_change_no_answer(
    resource, media_type, language, api_client, dataset, settings
):
    """A list made from kept representations is the one made from the records: byte for byte,
    or for a workbook (which dates itself) cell for cell."""
    query = {"lang": language, "page_size": 500}

    def answer(**more):
        content = api_client.get(
            f"/api/v1/{resource}/", {**query, **more}, HTTP_ACCEPT=media_type
        ).content
        return _xlsx_cells(content) if media_type == XLSX else content

    kept = settings.RESPONSE_CACHE_PATHS
    settings.RESPONSE_CACHE_PATHS = []
    made = answer()
    settings.RESPONSE_CACHE_PATHS = kept
    assert answer() == made  # nothing kept yet
    # Another ordering is another answer, made of the representations the first one kept.
    made_in_reverse = answer(ordering="-slug")
    settings.RESPONSE_CACHE_PATHS = []
    assert answer(ordering="-slug") == made_in_reverse


@pytest.mark.parametrize("media_type", [CSV, XLSX])
def test_a_spreadsheet_of_no_rows_keeps_its_columns(media_type, api_client, dataset):
    """The columns come from the serializer the list names, not from its rows."""
    empty = api_client.get(
        "/api/v1/enterprises/", {"search": "no-such-enterprise"}, HTTP_ACCEPT=media_type
    )
    with_rows = api_client.get("/api/v1/enterprises/", HTTP_ACCEPT=media_type)
    if media_type == CSV:
        assert empty.content.decode("utf-8-sig").splitlines() == [
            with_rows.content.decode("utf-8-sig").splitlines()[0]
        ]
    else:
        assert _xlsx_header(empty.content) == _xlsx_header(with_rows.content)
        assert len(_xlsx_header(empty.content)) > 10


def _xlsx_cells(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [[[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in workbook]


def _xlsx_header(content):
    return _xlsx_cells(content)[0][0]


def test_a_list_of_records_already_shown_reads_only_their_keys(api_client, dataset):
    """No count (it is kept too), no records, no prefetch: the version and the page's keys."""
    api_client.get("/api/v1/enterprises/", {"page_size": 500})
    with CaptureQueriesContext(connection) as queries:
        body = api_client.get("/api/v1/enterprises/", {"page_size": 1, "ordering": "-name_en"})
    assert body.status_code == 200
    assert len(body.json()["results"]) == 1
    assert len(queries.captured_queries) == 2


def test_a_write_is_shown_by_the_next_list(api_client, dataset):
    """Kept under the data version: a write, however made, makes every kept one unreachable."""
    api_client.get("/api/v1/enterprises/", {"page_size": 500, "lang": "en"})
    Enterprise.objects.filter(pk=dataset.zongshen.pk).update(name_en="Zongshen Renamed")
    rows = api_client.get("/api/v1/enterprises/", {"page_size": 499, "lang": "en"}).json()
    names = {row["slug"]: row["name"] for row in rows["results"]}
    assert names[dataset.zongshen.slug] == "Zongshen Renamed"


def test_each_language_fieldset_and_host_has_its_own(api_client, dataset, settings):
    """What shapes a representation is in its key: a list never shows another's."""
    settings.ALLOWED_HOSTS = ["testserver", "one.example", "two.example"]

    def first(**query):
        return _list(api_client, "enterprises", **query).json()["results"][0]

    assert set(first(fields="slug")) == {"slug"}
    assert "name_en" in first()
    english = first(lang="en", ordering="name_en")["name"]
    chinese = first(lang="zh", ordering="name_en")["name"]
    assert english != chinese
    one = first(headers={"HTTP_HOST": "one.example"})["url"]
    two = first(headers={"HTTP_HOST": "two.example"}, page_size=499)["url"]
    assert one.startswith("http://one.example/")
    assert two.startswith("http://two.example/")


def test_nothing_is_kept_where_answers_are_not(api_client, dataset, settings):
    """With the response cache off, every list reads its records (what make bench measures)."""
    settings.RESPONSE_CACHE_PATHS = []
    _list(api_client, "enterprises")
    with CaptureQueriesContext(connection) as queries:
        _list(api_client, "enterprises", ordering="-slug")
    assert len(queries.captured_queries) > 2


def test_records_come_in_the_order_of_their_keys_and_a_deleted_one_is_left_out():
    """A record deleted between reading the page's keys and its records is not shown."""
    for index in range(4):
        make_source(slug=f"source-{index}")
    records = Source.objects.order_by("slug")
    keys = list(records.values_list("pk", flat=True))[::-1]
    records.filter(pk=keys[1]).delete()
    found = records_in_order(records, keys)
    assert [record.pk for record in found] == [keys[0], *keys[2:]]


@pytest.mark.parametrize("path", ["/api/v1/indicators/", "/indicators/"])
def test_a_page_reads_its_records_by_key_alone(client, dataset, path):
    """The filters chose the keys; kept in the records' query, they let the database pick the
    filtered column's index over the keys (at a million rows SQLite scanned half of them)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, {"subject_type": "district", "page_size": 2}).status_code == 200
    conditions = [query["sql"].partition(" WHERE ")[2] for query in queries.captured_queries]
    records = [where for where in conditions if where.startswith('"indicators_indicator"."id" IN')]
    assert len(records) == 1
    assert "subject_type" not in records[0]
    # The keys (a short list's all at once: its count is their number): the filter is applied
    # once.
    assert len([where for where in conditions if "subject_type" in where]) == 1


def test_the_largest_export_reads_its_records_in_one_statement():
    """SQLite takes at most 32,766 parameters: the checks cap API_CSV_MAX_ROWS below it."""
    make_source(slug="the-one")
    keys = [*range(-MAX_EXPORT_ROWS + 1, 0), Source.objects.get().pk]
    assert len(keys) == MAX_EXPORT_ROWS
    assert [record.slug for record in records_in_order(Source.objects.all(), keys)] == ["the-one"]


def test_a_whole_table_spreadsheet_is_made_not_kept(api_client, settings, monkeypatch):
    """Thousands of records at once would push every other answer out of a worker's cache."""
    monkeypatch.setattr("apps.core.api.representations.KEEP_AT_MOST", 3)
    for index in range(4):
        make_source(slug=f"source-{index}")
    api_client.get("/api/v1/sources/", HTTP_ACCEPT=XLSX)
    with CaptureQueriesContext(connection) as queries:
        api_client.get("/api/v1/sources/", {"ordering": "-slug"}, HTTP_ACCEPT=XLSX)
    assert any('"sources_source"."id" IN (' in query["sql"] for query in queries.captured_queries)
    api_client.get("/api/v1/sources/", {"page_size": 3})
    with CaptureQueriesContext(connection) as queries:
        api_client.get("/api/v1/sources/", {"page_size": 3, "ordering": "slug"})
    assert not any('"sources_source"."id" IN (' in q["sql"] for q in queries.captured_queries)
