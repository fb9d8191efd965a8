"""Every list costs the same number of SQL queries for one row as for 500: no per-row query."""

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from banan_service.api_urls import router
from tests.factories import make_source

LISTS = [f"/api/v1/{prefix}/" for prefix, _viewset, _basename in router.registry]


def test_every_list_costs_the_same_queries_at_page_size_1_and_500(
    published_dataset, api_client, django_assert_num_queries
):
    """For every list the router registers (a new resource is checked without editing this
    test), in JSON and CSV, page_size=1 and page_size=500 differ in rows, not in queries (the
    data-version query included). The published dataset, and a second source, give every list
    more than one row."""
    make_source()
    for url in LISTS:
        for representation in ("json", "csv"):
            # Cold: no answer and no count kept from the other page size.
            caches["responses"].clear()
            with CaptureQueriesContext(connection) as one_row:
                small = api_client.get(url, {"page_size": 1, "format": representation})
            assert small.status_code == 200, url
            caches["responses"].clear()
            with django_assert_num_queries(len(one_row)):
                large = api_client.get(url, {"page_size": 500, "format": representation})
            assert large.status_code == 200, url
            if representation == "json":
                assert len(small.json()["results"]) == 1, url
                assert len(large.json()["results"]) > 1, url
