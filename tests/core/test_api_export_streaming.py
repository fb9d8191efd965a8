"""A whole-table CSV export larger than one chunk is streamed: read, serialized and written a
chunk of rows at a time, in constant memory and a number of queries bounded by the chunks."""

import csv
import io
import math

import pytest
from rest_framework import status

from apps.indicators.models import Indicator
from tests.factories import make_indicator, make_source

pytestmark = pytest.mark.django_db
CHUNK_ROWS = 2


@pytest.fixture(autouse=True)
def _small_chunks(settings):
    settings.API_EXPORT_CHUNK_ROWS = CHUNK_ROWS


@pytest.fixture
def sources():
    return [make_source(slug=f"source-{index:02d}") for index in range(1, 6)]


def _rows(chunks):
    return list(csv.DictReader(io.StringIO(b"".join(chunks).decode("utf-8-sig"))))


def test_an_export_larger_than_a_chunk_streams_chunk_by_chunk(api_client, sources):
    """The header leaves first, then one piece per chunk of rows; every row is there once."""
    response = api_client.get("/api/v1/sources/?format=csv")
    assert response.status_code == status.HTTP_200_OK
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="source.csv"'
    pieces = list(response.streaming_content)
    assert len(pieces) == 1 + math.ceil(len(sources) / CHUNK_ROWS)
    assert pieces[0].decode("utf-8-sig").startswith("url,slug,")
    assert [row["slug"] for row in _rows(pieces)] == [source.slug for source in sources]


def test_an_export_within_one_chunk_is_answered_whole(api_client, sources):
    """A small export is one ordinary response (so the response cache may keep it)."""
    response = api_client.get("/api/v1/sources/?format=csv&search=source-01")
    assert response.status_code == status.HTTP_200_OK
    assert not response.streaming
    assert [row["slug"] for row in _rows([response.content])] == ["source-01"]


def test_streaming_costs_a_query_per_chunk_not_per_row(
    api_client, dataset, django_assert_num_queries
):
    """The version, a probe for a row past the first chunk, the rows (one cursor, fetched a
    chunk at a time) and each chunk's prefetch of comparisons: bounded by the chunks, whatever
    a chunk holds."""
    for number in range(4):
        make_indicator(slug=f"streamed-{number}")
    chunks = math.ceil(Indicator.objects.count() / CHUNK_ROWS)
    with django_assert_num_queries(3 + chunks):
        response = api_client.get("/api/v1/indicators/?format=csv")
        rows = _rows(response.streaming_content)
    assert len(rows) == Indicator.objects.count()


def test_streamed_rows_keep_the_requests_language(api_client, sources):
    """Rows made after the view returned are still in the language the request asked for."""
    response = api_client.get("/api/v1/sources/?format=csv&lang=zh&fields=slug,name")
    names = [row["name"] for row in _rows(response.streaming_content)]
    assert names == [source.name_zh for source in sources]


def test_a_refused_export_is_a_json_400_before_any_row(api_client, sources):
    """An unknown field or filter value is judged before the first byte."""
    response = api_client.get("/api/v1/sources/?format=csv&fields=nonsense")
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response["Content-Type"] == "application/json"
