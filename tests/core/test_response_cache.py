"""Repeated reads are answered from a cache keyed by the data version, before any view work."""

import pytest
from django.core.cache import caches
from rest_framework import status

from apps.core.api.views import ResourceViewSet
from apps.core.middleware.cache import AnswersMadeOnce, answers_made_once
from tests.factories import make_cluster

pytestmark = pytest.mark.django_db

URL = "/api/v1/enterprises/?cluster=automobiles-motorcycles"


@pytest.fixture
def lists_made(monkeypatch):
    """The paths of the list answers made by a view (not answered from the cache)."""
    made = []
    make = ResourceViewSet.list

    def list_and_count(view, request, *args, **kwargs):
        made.append(request.path)
        return make(view, request, *args, **kwargs)

    monkeypatch.setattr(ResourceViewSet, "list", list_and_count)
    return made


def test_an_answer_made_again_is_stored_and_then_costs_one_query(
    api_client, dataset, django_assert_num_queries, lists_made
):
    """The first read makes the answer and stores nothing; the second makes it again and stores
    it; from the third on, a read is the data version and the answer from the cache."""
    first = api_client.get(URL)
    second = api_client.get(URL)
    assert lists_made == ["/api/v1/enterprises/"] * 2
    with django_assert_num_queries(1):
        third = api_client.get(URL)
    assert lists_made == ["/api/v1/enterprises/"] * 2
    for response in (second, third):
        assert response.status_code == status.HTTP_200_OK
        assert response.content == first.content
        assert response["ETag"] == first["ETag"]
        assert response["Content-Type"] == first["Content-Type"]


def test_a_one_off_answer_is_not_stored(api_client, dataset, monkeypatch):
    """Each page size a client tries once costs no store: only answers made again are kept."""
    stored = []
    store = type(caches["responses"]).set

    def set_and_note(cache, key, *args, **kwargs):
        stored.append(key)
        return store(cache, key, *args, **kwargs)

    monkeypatch.setattr(type(caches["responses"]), "set", set_and_note)
    for page_size in (1, 2, 3):
        assert api_client.get(f"{URL}&page_size={page_size}").status_code == status.HTTP_200_OK
    assert stored
    assert not [key for key in stored if key.startswith("response:")]
    api_client.get(f"{URL}&page_size=3")
    assert [key for key in stored if key.startswith("response:")]


def test_the_answers_made_once_are_bounded_and_forgotten_when_the_version_moves(
    api_client, dataset
):
    """The oldest is forgotten past ``remembered``; a write forgets them all: no key of an older
    version can be asked for again."""
    made_once = AnswersMadeOnce(remembered=2)
    for key in ("a", "b", "c"):
        assert made_once.made_before(key) is False
    assert made_once.made_before("a") is False
    assert made_once.made_before("c") is True
    api_client.get(URL)
    assert len(answers_made_once._keys) == 1
    make_cluster(slug="new-cluster")
    api_client.get("/api/v1/clusters/")
    assert len(answers_made_once._keys) == 1


def test_a_write_is_seen_by_the_very_next_read(api_client, token_client, dataset):
    """The version moves with the write, so the cached answer is never served again."""
    api_client.get("/api/v1/clusters/")
    token_client("change_cluster").patch("/api/v1/clusters/biomedicine/", {"name_en": "Bio"})
    names = [row["name_en"] for row in api_client.get("/api/v1/clusters/").json()["results"]]
    assert "Bio" in names


def test_each_language_and_media_type_is_its_own_entry(api_client, dataset):
    """A Chinese answer is never served to an English reader, nor CSV to a JSON one."""
    english = api_client.get("/api/v1/clusters/biomedicine/").json()["name"]
    chinese = api_client.get("/api/v1/clusters/biomedicine/", HTTP_ACCEPT_LANGUAGE="zh").json()
    as_csv = api_client.get("/api/v1/clusters/biomedicine/", HTTP_ACCEPT="text/csv")
    assert (english, chinese["name"]) == ("Biomedicine", "生物医药")
    assert as_csv["Content-Type"].startswith("text/csv")


def test_each_host_and_scheme_is_its_own_entry(api_client, dataset, settings):
    """Answers hold absolute URLs: one read through another name or over HTTPS shows its own."""
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]

    def first_url(**headers):
        return api_client.get("/api/v1/clusters/", **headers).json()["results"][0]["url"]

    assert first_url().startswith("http://testserver/")
    assert first_url(HTTP_HOST="other.example").startswith("http://other.example/")
    assert first_url(secure=True).startswith("https://testserver/")


def test_a_cached_csv_keeps_its_file_name(api_client, dataset):
    """Headers that name the download come back with the cached body."""
    api_client.get("/api/v1/clusters/?format=csv")
    response = api_client.get("/api/v1/clusters/?format=csv")
    assert response["Content-Disposition"] == 'attachment; filename="cluster.csv"'


def test_credentials_do_not_bypass_the_answer_reads_get(api_client, token_client, dataset):
    """Reads are public: a token holder's read is the same answer, from the same cache."""
    anonymous = api_client.get(URL)
    assert token_client().get(URL).content == anonymous.content


def test_a_large_answer_is_not_kept(api_client, dataset, settings, lists_made):
    """Answers over RESPONSE_CACHE_MAX_BYTES are made afresh each time (from the keys and rows
    kept under the data version)."""
    settings.RESPONSE_CACHE_MAX_BYTES = 10
    first = api_client.get("/api/v1/clusters/")
    assert api_client.get("/api/v1/clusters/").content == first.content
    assert lists_made == ["/api/v1/clusters/", "/api/v1/clusters/"]


def test_errors_are_not_kept(api_client, dataset):
    """A 400 is made afresh: fixing the data never leaves a stale error behind."""
    api_client.get("/api/v1/clusters/?tier=imperial")
    make_cluster(slug="imperial-cluster")
    assert api_client.get("/api/v1/clusters/?tier=imperial").status_code == 400


def test_a_host_the_service_does_not_serve_is_refused_before_the_cache(api_client, dataset):
    """A cached answer is never served under a disallowed Host."""
    api_client.get("/api/v1/clusters/")
    response = api_client.get("/api/v1/clusters/", HTTP_HOST="evil.example")
    assert response.status_code == status.HTTP_400_BAD_REQUEST


def test_a_cached_answer_says_its_length(api_client, dataset):
    """Keep-alive clients need Content-Length; a cached answer carries it as a fresh one does."""
    api_client.get("/api/v1/clusters/")
    response = api_client.get("/api/v1/clusters/")
    assert response["Content-Length"] == str(len(response.content))


@pytest.mark.parametrize("reread", ["/api/v1/clusters/", "/clusters/"], ids=["api", "pages"])
def test_a_new_version_empties_the_workers_own_cache(
    reread, api_client, token_client, dataset, settings
):
    """Answers of an older version can never be read again, so a worker's in-process cache
    drops them when it first sees a write, from the API or a page (one cache for both): its
    memory holds the current data's answers only."""
    from django.core.cache import caches

    # The in-process cache a worker has without REDIS_URL, also in the pass that sets it.
    settings.CACHES = {
        **settings.CACHES,
        "responses": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    cache = caches["responses"]
    api_client.get(reread)
    cache.clear()
    api_client.get(reread)
    one_answer = len(cache._cache)
    for path in ("/api/v1/parks/", "/api/v1/enterprises/", "/parks/", "/clusters/biomedicine/"):
        api_client.get(path)
    assert len(cache._cache) > one_answer + 2
    token_client("change_cluster").patch("/api/v1/clusters/biomedicine/", {"name_en": "Bio"})
    # Made once more before it is stored: the answers made once were forgotten with the version.
    api_client.get(reread)
    api_client.get(reread)
    assert len(cache._cache) == one_answer


@pytest.mark.parametrize("weak", [False, True], ids=["strong", "weak"])
def test_a_304_is_decided_from_the_version_alone(
    weak, api_client, dataset, django_assert_num_queries
):
    """The client's ETag names the answer it holds: with the entry gone from the cache (evicted,
    or never stored by this worker), revalidating still costs the version lookup only."""
    from django.core.cache import caches

    first = api_client.get(URL)
    caches["responses"].clear()
    etag = ("W/" if weak else "") + first["ETag"]
    with django_assert_num_queries(1):
        not_modified = api_client.get(URL, HTTP_IF_NONE_MATCH=f'"other", {etag}')
    assert not_modified.status_code == status.HTTP_304_NOT_MODIFIED
    assert not_modified["ETag"] == first["ETag"]
    assert not_modified["Last-Modified"] == first["Last-Modified"]
    assert "Accept" in not_modified["Vary"]
    # Another ETag is no claim to hold this answer: the list is made and sent.
    assert api_client.get(URL, HTTP_IF_NONE_MATCH='"other"').status_code == status.HTTP_200_OK
