"""Conditional requests: strong ETags, Last-Modified, 304, Cache-Control, and If-Match on writes."""

import pytest
from django.utils.http import http_date
from rest_framework import status

from apps.core.versioning import current_version
from tests.factories import make_cluster

pytestmark = pytest.mark.django_db

URL = "/api/v1/clusters/"
DETAIL = "/api/v1/clusters/biomedicine/"


def test_a_read_carries_a_strong_etag_last_modified_and_cache_control(api_client, dataset):
    """Every successful GET has the three caching headers; a list's date is the data's."""
    response = api_client.get(URL)
    assert response["ETag"].startswith('"')
    assert not response["ETag"].startswith("W/")
    assert response["Last-Modified"] == http_date(current_version().changed_at.timestamp())
    assert response["Cache-Control"] == "public, max-age=300"
    assert {"Accept", "Accept-Language"} <= {
        header.strip() for header in response["Vary"].split(",")
    }


def test_cache_max_age_comes_from_the_settings(api_client, dataset, settings):
    """API_CACHE_MAX_AGE sets max-age."""
    settings.API_CACHE_MAX_AGE = 60
    assert api_client.get(URL)["Cache-Control"] == "public, max-age=60"


@pytest.mark.parametrize("url", [URL, DETAIL, "/api/v1/summary/", "/api/v1/"])
def test_if_none_match_with_the_current_etag_answers_304_without_a_body(api_client, dataset, url):
    """A client holding the current version gets 304, the same ETag and no body."""
    etag = api_client.get(url)["ETag"]
    response = api_client.get(url, HTTP_IF_NONE_MATCH=etag)
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


def test_if_match_with_a_stale_version_is_a_json_412(api_client, dataset):
    """If-Match names the version a client expects; another one answers 412."""
    response = api_client.get(URL, HTTP_IF_MATCH='"stale"')
    assert response.status_code == status.HTTP_412_PRECONDITION_FAILED
    assert response.json()["type"] == "client_error"
    assert response.json()["errors"][0]["code"] == "precondition_failed"


def test_a_304_carries_the_validators_of_the_200(api_client, dataset):
    """ETag, Last-Modified, Cache-Control and Vary, as RFC 9110 asks of a 304."""
    full = api_client.get(URL)
    not_modified = api_client.get(URL, HTTP_IF_NONE_MATCH=full["ETag"])
    assert not_modified.status_code == status.HTTP_304_NOT_MODIFIED
    for header in ("ETag", "Last-Modified", "Cache-Control", "Vary"):
        assert not_modified[header] == full[header]


@pytest.mark.parametrize(
    ("precondition", "expected"),
    [
        ({"HTTP_IF_MATCH": '"stale"'}, status.HTTP_412_PRECONDITION_FAILED),
        (
            {"HTTP_IF_UNMODIFIED_SINCE": "Sat, 01 Jan 2000 00:00:00 GMT"},
            status.HTTP_412_PRECONDITION_FAILED,
        ),
        ({"HTTP_IF_MATCH": "*"}, status.HTTP_304_NOT_MODIFIED),
    ],
)
def test_if_match_and_if_unmodified_since_are_judged_before_if_none_match(
    api_client, dataset, precondition, expected
):
    """RFC 9110, 13.2.2: a failed If-Match or If-Unmodified-Since is a 412 even when
    If-None-Match names the current answer."""
    etag = api_client.get(URL)["ETag"]
    response = api_client.get(URL, HTTP_IF_NONE_MATCH=etag, **precondition)
    assert response.status_code == expected


def test_each_representation_has_its_own_etag(api_client, dataset):
    """JSON and CSV, each language, and each query string are different representations."""
    etags = {
        api_client.get(URL)["ETag"],
        api_client.get(URL, HTTP_ACCEPT="text/csv")["ETag"],
        api_client.get(URL, HTTP_ACCEPT_LANGUAGE="zh")["ETag"],
        api_client.get(URL + "?lang=zh")["ETag"],
        api_client.get(URL + "?tier=leading")["ETag"],
    }
    assert len(etags) == 5


def test_errors_carry_no_validators(api_client):
    """A 400 is not cacheable as data."""
    response = api_client.get(URL + "?tier=imperial")
    assert "ETag" not in response
    assert "Cache-Control" not in response


def test_an_empty_database_has_no_last_modified_but_an_etag(api_client):
    """Without any data there is no date to give, but still an ETag."""
    response = api_client.get(URL)
    assert "Last-Modified" not in response
    assert response["ETag"]


def test_a_new_release_changes_every_etag(api_client, dataset, monkeypatch):
    """A deploy that changes how data is shown must not leave clients with the old answers."""
    etag = api_client.get(URL)["ETag"]
    monkeypatch.setattr("apps.core.middleware.cache.release_fingerprint", lambda: "next-release")
    assert api_client.get(URL)["ETag"] != etag


# A record's own version ---------------------------------------------------------------------


def test_a_change_elsewhere_keeps_a_records_etag(api_client, dataset):
    """A record's detail has its own version: another record's change leaves it."""
    etag = api_client.get(DETAIL)["ETag"]
    list_etag = api_client.get(URL)["ETag"]
    dataset.zongshen.name_en = "Zongshen"
    dataset.zongshen.save()
    assert api_client.get(DETAIL)["ETag"] == etag
    assert api_client.get(DETAIL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert api_client.get(URL)["ETag"] != list_etag


def test_a_change_to_an_embedded_record_changes_the_etag(api_client, dataset):
    """The detail shows its source's name: renaming the source is a change of the answer."""
    etag = api_client.get(DETAIL)["ETag"]
    dataset.source.name_en = "Banan, renamed"
    dataset.source.save()
    assert api_client.get(DETAIL)["ETag"] != etag


def test_a_detail_is_last_modified_when_it_or_what_it_embeds_changed(api_client, dataset):
    """Last-Modified of a detail is its own, not the data's."""
    response = api_client.get(DETAIL)
    latest = max(dataset.biomedicine.updated_at, dataset.source.updated_at)
    assert response["Last-Modified"] == http_date(latest.timestamp())


def test_a_write_with_the_current_etag_succeeds_and_answers_the_new_one(token_client, dataset):
    """If-Match with the ETag read is honoured; the answer carries the record's new ETag."""
    client = token_client("change_cluster")
    etag = client.get(DETAIL)["ETag"]
    response = client.patch(DETAIL, {"name_en": "Biomedicine and health"}, HTTP_IF_MATCH=etag)
    assert response.status_code == status.HTTP_200_OK
    assert response["ETag"] != etag
    assert client.get(DETAIL)["ETag"].partition(".")[0] == response["ETag"].partition(".")[0]


def test_a_write_with_a_stale_etag_is_a_412_and_changes_nothing(token_client, dataset):
    """Somebody changed the record since it was read: the write is refused."""
    client = token_client("change_cluster")
    etag = client.get(DETAIL)["ETag"]
    client.patch(DETAIL, {"description_en": "first"})
    response = client.patch(DETAIL, {"name_en": "second"}, HTTP_IF_MATCH=etag)
    assert response.status_code == status.HTTP_412_PRECONDITION_FAILED
    dataset.biomedicine.refresh_from_db()
    assert dataset.biomedicine.name_en == "Biomedicine"


def test_if_match_takes_the_etag_of_any_representation(token_client, dataset):
    """The CSV or Chinese ETag of the record names the same version as its JSON one."""
    client = token_client("change_cluster")
    etag = client.get(DETAIL + "?lang=zh&format=csv")["ETag"]
    response = client.patch(DETAIL, {"name_en": "Biomedicine"}, HTTP_IF_MATCH=etag)
    assert response.status_code == status.HTTP_200_OK


def test_a_change_elsewhere_does_not_refuse_a_write(token_client, dataset):
    """Only this record's version counts for If-Match."""
    client = token_client("change_cluster")
    etag = client.get(DETAIL)["ETag"]
    dataset.zongshen.name_en = "Zongshen"
    dataset.zongshen.save()
    response = client.patch(DETAIL, {"name_en": "Biomedicine"}, HTTP_IF_MATCH=etag)
    assert response.status_code == status.HTTP_200_OK


def test_a_delete_honours_if_match(token_client, dataset):
    """If-Match on DELETE: a stale ETag keeps the record."""
    client = token_client("delete_indicator")
    url = "/api/v1/indicators/wafer-centre-area/"
    response = client.delete(url, HTTP_IF_MATCH='"stale.x"')
    assert response.status_code == status.HTTP_412_PRECONDITION_FAILED
    etag = client.get(url)["ETag"]
    assert client.delete(url, HTTP_IF_MATCH=etag).status_code == status.HTTP_204_NO_CONTENT


def test_a_star_matches_any_version(token_client, dataset):
    """If-Match: * asks only that the record exists."""
    client = token_client("change_cluster")
    response = client.patch(DETAIL, {"name_en": "Biomedicine"}, HTTP_IF_MATCH="*")
    assert response.status_code == status.HTTP_200_OK
