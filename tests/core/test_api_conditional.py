"""Conditional GET: strong ETags from the data version, Last-Modified, 304 and Cache-Control."""

import datetime
from decimal import Decimal

import pytest
from django.utils.http import http_date
from rest_framework import status

from apps.core.api.conditional import DataVersion
from tests.factories import make_cluster, make_comparison, make_indicator

pytestmark = pytest.mark.django_db

URL = "/api/v1/clusters/"


def test_a_read_carries_a_strong_etag_last_modified_and_cache_control(api_client, dataset):
    """Every successful GET has the three caching headers."""
    response = api_client.get(URL)
    assert response["ETag"].startswith('"')
    assert not response["ETag"].startswith("W/")
    assert response["Last-Modified"] == http_date(DataVersion.current().last_modified.timestamp())
    assert response["Cache-Control"] == "public, max-age=300"


def test_cache_max_age_comes_from_the_settings(api_client, dataset, settings):
    """API_CACHE_MAX_AGE sets max-age."""
    settings.API_CACHE_MAX_AGE = 60
    assert api_client.get(URL)["Cache-Control"] == "public, max-age=60"


def test_if_none_match_with_the_current_etag_answers_304_without_a_body(api_client, dataset):
    """A client holding the current version gets 304, the same ETag and no body."""
    etag = api_client.get(URL)["ETag"]
    response = api_client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == status.HTTP_304_NOT_MODIFIED
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, max-age=300"


def test_a_304_costs_only_the_version_query(api_client, dataset, django_assert_num_queries):
    """Revalidation reads the data version and nothing else."""
    etag = api_client.get(URL)["ETag"]
    with django_assert_num_queries(1):
        response = api_client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == status.HTTP_304_NOT_MODIFIED


def test_if_modified_since_answers_304_while_nothing_changed(api_client, dataset):
    """If-Modified-Since with the Last-Modified answers 304."""
    last_modified = api_client.get(URL)["Last-Modified"]
    response = api_client.get(URL, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == status.HTTP_304_NOT_MODIFIED


def test_head_answers_like_get(api_client, dataset):
    """HEAD has the same validators and honours If-None-Match."""
    etag = api_client.get(URL)["ETag"]
    assert api_client.head(URL)["ETag"] == etag
    assert api_client.head(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_stale_etag_gets_the_new_data(api_client, dataset):
    """After a change the old ETag no longer matches: 200 with a new ETag."""
    etag = api_client.get(URL)["ETag"]
    make_cluster(slug="new-cluster")
    response = api_client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == status.HTTP_200_OK
    assert response["ETag"] != etag


def test_if_match_with_a_stale_version_is_a_412(api_client, dataset):
    """If-Match names the version a client expects; another one answers 412."""
    response = api_client.get(URL, HTTP_IF_MATCH='"stale"')
    assert response.status_code == status.HTTP_412_PRECONDITION_FAILED
    assert response.json()["type"] == "client_error"


def test_each_representation_has_its_own_etag(api_client, dataset):
    """JSON and CSV, each language, and each query string are different representations."""
    etags = {
        api_client.get(URL)["ETag"],
        api_client.get(URL, HTTP_ACCEPT="text/csv")["ETag"],
        api_client.get(URL, HTTP_ACCEPT_LANGUAGE="zh")["ETag"],
        api_client.get(URL + "?lang=en")["ETag"],
        api_client.get(URL + "?tier=leading")["ETag"],
    }
    assert len(etags) == 5


def test_errors_carry_no_validators(api_client):
    """A 400 is not cacheable as data."""
    response = api_client.get(URL + "?tier=imperial")
    assert "ETag" not in response
    assert "Cache-Control" not in response


def _changes(change):
    before = DataVersion.current()
    change()
    after = DataVersion.current()
    return before.token != after.token


def test_the_version_moves_on_every_kind_of_write(dataset):
    """Insert, update, delete, many-to-many links and comparison edits all change the version."""
    cluster = dataset.new_star
    comparison = dataset.investment_growth.comparisons.first()

    def update():
        cluster.name_en = "Optoelectronics and photonics"
        cluster.save()

    def edit_comparison():
        comparison.value = Decimal("5")
        comparison.save()

    assert _changes(lambda: make_indicator(slug="fresh"))
    assert _changes(update)
    assert _changes(lambda: dataset.zongshen.clusters.add(dataset.biomedicine))
    assert _changes(lambda: dataset.zongshen.clusters.remove(dataset.biomedicine))
    assert _changes(edit_comparison)
    assert _changes(lambda: make_comparison(dataset.motorcycle_sales))
    assert _changes(lambda: dataset.wafer_area.delete())


def test_the_version_is_stable_while_nothing_changes(dataset):
    """Reading twice gives the same version."""
    assert DataVersion.current() == DataVersion.current()


def test_a_delete_moves_last_modified_forward(dataset):
    """The deletion's history row dates the change, so If-Modified-Since sees it."""
    before = DataVersion.current().last_modified
    dataset.wafer_area.delete()
    assert DataVersion.current().last_modified > before


def test_an_empty_database_has_no_last_modified(api_client):
    """Without any data there is no date to give, but still an ETag."""
    response = api_client.get(URL)
    assert "Last-Modified" not in response
    assert response["ETag"]


def test_the_etag_depends_on_the_api_version(dataset, settings):
    """A new API version invalidates every cached representation."""
    version = DataVersion.current()
    etag = version.etag("/api/v1/clusters/")
    settings.SPECTACULAR_SETTINGS = {**settings.SPECTACULAR_SETTINGS, "VERSION": "2.0.0"}
    assert version.etag("/api/v1/clusters/") != etag


def test_last_modified_is_timezone_aware(dataset):
    """SQLite's text and PostgreSQL's timestamps both give an aware datetime."""
    assert DataVersion.current().last_modified.tzinfo is not None
    assert DataVersion.current().last_modified <= datetime.datetime.now(datetime.UTC)
