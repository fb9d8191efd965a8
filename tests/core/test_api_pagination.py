"""Pagination: page and page_size, strict bounds, and whole CSV exports."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from rest_framework import status
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from apps.core import versioning
from apps.core.api import pagination
from apps.core.api.pagination import StrictPageNumberPagination
from apps.sources.api.views import SourceViewSet
from apps.sources.models import Source
from tests.factories import make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources():
    return [make_source(slug=f"source-{index:02d}") for index in range(1, 6)]


def test_a_list_answers_count_next_previous_and_results(api_client, sources):
    """page_size splits the list; next and previous link the neighbouring pages."""
    response = api_client.get("/api/v1/sources/?page=2&page_size=2")
    assert response.status_code == status.HTTP_200_OK
    body = response.json()
    assert body["count"] == len(sources)
    assert [row["slug"] for row in body["results"]] == ["source-03", "source-04"]
    assert body["next"].endswith("/api/v1/sources/?page=3&page_size=2")
    assert body["previous"].endswith("/api/v1/sources/?page_size=2")


def test_the_default_page_holds_fifty_rows(api_client):
    """Without page_size a page holds 50 rows."""
    for index in range(51):
        make_source(slug=f"bulk-{index:02d}")
    body = api_client.get("/api/v1/sources/").json()
    assert len(body["results"]) == 50
    assert body["next"] is not None


def test_page_size_may_be_five_hundred(api_client, sources):
    """The maximum page size is allowed."""
    response = api_client.get("/api/v1/sources/?page_size=500")
    assert response.status_code == status.HTTP_200_OK


@pytest.mark.parametrize("page_size", ["501", "0", "-1", "ten", "1.5", "٣", "9" * 5000])
def test_a_page_size_out_of_bounds_is_a_400(api_client, page_size):
    """page_size outside 1..500 is refused, never silently clamped."""
    response = api_client.get(f"/api/v1/sources/?page_size={page_size}")
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response.json()["errors"][0]["attr"] == "page_size"


@pytest.mark.parametrize("page", ["0", "last", "x"])
def test_a_page_that_is_not_a_positive_number_is_a_400(api_client, sources, page):
    """page must be a whole number from 1."""
    response = api_client.get(f"/api/v1/sources/?page={page}")
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response.json()["errors"][0]["attr"] == "page"


@pytest.mark.parametrize("page", ["4", "99999999999999999999"])
def test_a_page_past_the_end_is_a_404(api_client, sources, page):
    """A page beyond the last answers 404 in the JSON error shape."""
    response = api_client.get(f"/api/v1/sources/?page={page}&page_size=2")
    assert response.status_code == status.HTTP_404_NOT_FOUND
    assert response.json()["errors"][0]["code"] == "not_found"


def test_an_empty_list_has_one_empty_page(api_client):
    """With no rows, page 1 exists and is empty."""
    body = api_client.get("/api/v1/sources/").json()
    assert body == {"count": 0, "next": None, "previous": None, "results": []}


def test_a_csv_export_holds_every_matching_row(api_client, sources):
    """Without page or page_size a CSV export is the whole filtered table."""
    response = api_client.get("/api/v1/sources/?format=csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + len(sources)


def test_a_csv_export_with_paging_holds_that_page(api_client, sources):
    """page and page_size still select one page of a CSV export."""
    response = api_client.get("/api/v1/sources/?format=csv&page=2&page_size=2")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert [line.split(",")[1] for line in lines[1:]] == ["source-03", "source-04"]


def test_an_excel_export_above_the_cap_is_a_400(api_client, sources, settings):
    """A workbook larger than API_CSV_MAX_ROWS asks for narrower filters or pages."""
    settings.API_CSV_MAX_ROWS = len(sources) - 1
    response = api_client.get("/api/v1/sources/?format=xlsx")
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][0]["code"] == "too_many_rows"


def test_a_csv_export_has_no_cap(api_client, sources, settings):
    """A CSV export is streamed, so API_CSV_MAX_ROWS (the workbook's cap) does not limit it."""
    settings.API_CSV_MAX_ROWS = len(sources) - 1
    response = api_client.get("/api/v1/sources/?format=csv")
    assert response.status_code == status.HTTP_200_OK
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + len(sources)


@pytest.fixture
def long_lists(monkeypatch):
    """Every list of more than 3 rows is long: its keys are read a page at a time."""
    monkeypatch.setattr(pagination, "KEYS_KEPT_AT_MOST", 3)


def test_a_short_lists_keys_are_read_once_per_order_and_data_version(api_client, sources):
    """Another page or page size of it reads no keys (nor any record already shown): the
    data version is its one query. A write makes it read them again."""
    api_client.get("/api/v1/sources/?page_size=5")
    with CaptureQueriesContext(connection) as queries:
        body = api_client.get("/api/v1/sources/?page_size=2&page=2").json()
    assert [row["slug"] for row in body["results"]] == ["source-03", "source-04"]
    assert body["count"] == len(sources)
    assert [query["sql"] for query in queries.captured_queries] == [
        versioning._READ[connection.vendor]
    ]
    make_source(slug="source-00")
    body = api_client.get("/api/v1/sources/?page_size=2&page=2").json()
    assert [row["slug"] for row in body["results"]] == ["source-02", "source-03"]


def test_a_kept_list_is_paged_without_its_filterset(api_client, sources, monkeypatch):
    """Another page of a kept list makes neither its filterset nor its query: the filters were
    judged when its keys were kept, at the same data version. New filter values are judged."""
    query = "ordering=-name_en&search=source"
    first = api_client.get(f"/api/v1/sources/?{query}&page_size=5").json()

    def refuse(*args, **kwargs):
        raise AssertionError("the filterset was made")

    monkeypatch.setattr(SourceViewSet.filterset_class, "__init__", refuse)
    body = api_client.get(f"/api/v1/sources/?{query}&page_size=2&page=2").json()
    assert [row["slug"] for row in body["results"]] == [
        row["slug"] for row in first["results"][2:4]
    ]
    with pytest.raises(AssertionError, match="the filterset was made"):
        api_client.get("/api/v1/sources/?ordering=-name_en&search=other&page_size=2")


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("search=a&ordering=slug", "ordering=slug&search=a", True),
        ("search=a&page=2&page_size=3&fields=slug&lang=en", "search=a", True),
        ("ordering=slug,name_en", "ordering=slug&ordering=name_en", False),
        ("ordering=slug&ordering=name_en", "ordering=name_en&ordering=slug", False),
        ("search=a", "search=a%20", False),
        ("search=a", "", False),
        ("search=", "", False),
    ],
)
def test_a_list_is_named_by_its_filter_parameters_as_given(one, other, same):
    """The name of a list's rows holds every filter parameter as given, in name order, and no
    other parameter: two queries that may differ in their rows never share one."""
    one_rows = SourceViewSet.filtered_rows(QueryDict(one), lambda: Source.objects.none())
    other_rows = SourceViewSet.filtered_rows(QueryDict(other), lambda: Source.objects.none())
    assert (one_rows.name == other_rows.name) is same


def test_a_list_with_bad_filters_keeps_nothing_and_answers_400_each_time(api_client, sources):
    for _attempt in range(2):
        response = api_client.get("/api/v1/sources/?ordering=nonsense&page_size=2")
        assert response.status_code == status.HTTP_400_BAD_REQUEST
        assert response.json()["errors"][0]["attr"] == "ordering"


def test_the_count_of_a_long_list_is_computed_once_per_query_and_data_version(
    api_client, sources, long_lists
):
    """Another page, page size or order of the same filtered list reuses the count; a write
    makes it count again."""
    api_client.get("/api/v1/sources/?page_size=2")
    for query in ("page_size=2&page=2", "page_size=3&ordering=-name_en,slug"):
        with CaptureQueriesContext(connection) as queries:
            body = api_client.get(f"/api/v1/sources/?{query}").json()
        assert body["count"] == len(sources)
        assert not [query for query in queries.captured_queries if "COUNT(" in query["sql"]]
    make_source(slug="source-06")
    assert api_client.get("/api/v1/sources/?page_size=3").json()["count"] == len(sources) + 1


@pytest.mark.parametrize("kept_at_most", [10_000, 1])
@pytest.mark.parametrize("ordering", ["-name_en", "slug", "-updated_at,name_zh"])
def test_a_page_reads_its_keys_first_and_answers_the_rows_of_an_offset(
    api_client, sources, ordering, kept_at_most, monkeypatch
):
    """The page's keys (kept whole for a short list, read by OFFSET for a long one), then its
    records: the rows a plain OFFSET of the ordered list gives, in its order, at any depth."""
    monkeypatch.setattr(pagination, "KEYS_KEPT_AT_MOST", kept_at_most)
    fields = [field.lstrip("-") for field in ordering.split(",")]
    ordered = sorted(Source.objects.values("slug", *fields), key=lambda row: row["slug"])
    for field in reversed(ordering.split(",")):
        ordered.sort(key=lambda row: row[field.lstrip("-")], reverse=field.startswith("-"))
    for page in (1, 2, 3):
        body = api_client.get(
            "/api/v1/sources/", {"ordering": ordering, "page_size": 2, "page": page}
        ).json()
        expected = [row["slug"] for row in ordered[(page - 1) * 2 : page * 2]]
        assert [row["slug"] for row in body["results"]] == expected


def test_drfs_paginate_queryset_gives_the_pages_records(sources):
    """For a caller on DRF's contract: the page's records in order, read by key from the
    view's queryset before filters."""
    request = Request(APIRequestFactory().get("/api/v1/sources/", {"page_size": 2, "page": 2}))
    request.accepted_renderer = None  # a page, not a whole-table spreadsheet
    view = SourceViewSet(request=request, action="list", format_kwarg=None)
    filtered = Source.objects.filter(slug__gt="source-01").order_by("-slug")
    paginator = StrictPageNumberPagination()
    records = paginator.paginate_queryset(filtered, request, view)
    assert [record.slug for record in records] == ["source-03", "source-02"]
    assert paginator.page.paginator.count == 4
    assert [r.slug for r in paginator.paginate_queryset(filtered, request)] == [
        "source-03",
        "source-02",
    ]
