"""Backup and restore round trip through the running service: load the dataset, change it through
the API, back it up while gunicorn serves it, restore into a fresh database, and every list of
/api/v1/ answers the same as before, byte for byte, with the same ETag and Last-Modified."""

import json
import os
import urllib.parse

import pytest

from tests.servers import (
    Gunicorn,
    create_editor,
    free_port,
    load_dataset,
    manage,
    postgresql_databases,
    production_environment,
)

pytestmark = pytest.mark.servers

CHANGED_NAME = "Zongshen Industrial Group (edited before the backup)"
# Only Date differs from one request to the next; everything else must survive the round trip.
COMPARED_HEADERS = ("content-type", "etag", "last-modified", "content-language", "vary")


def api_snapshot(server):
    """Status, compared headers and body of the root, the summary and every list of /api/v1/:
    each list as first served, then every page of it in JSON (in English and in Chinese) and
    its CSV."""
    snapshot = {}

    def fetch(url):
        reply = server.request("GET", url)
        snapshot[url] = (
            reply.status,
            {name: reply.headers.get(name) for name in COMPARED_HEADERS},
            reply.body,
        )
        assert reply.status == 200, (url, reply.body)
        return reply

    root = fetch("/api/v1/")
    for link in root.json().values():
        path = urllib.parse.urlsplit(link).path
        if not path.startswith("/api/v1/"):
            continue  # the schema and its documentation pages
        if "results" not in fetch(path).json():
            continue  # the summary: not a list
        for query in ("page_size=500", "page_size=500&lang=zh"):
            url = f"{path}?{query}"
            while url:
                next_link = fetch(url).json()["next"]
                url = (
                    next_link
                    and urllib.parse.urlsplit(next_link)._replace(scheme="", netloc="").geturl()
                )
        fetch(f"{path}?format=csv")
    return snapshot


def round_trip(source_url, fresh_url, backup):
    """The API before the backup and after a restore into ``fresh_url``."""
    source = production_environment(source_url, API_ANON_THROTTLE_RATE="")
    token = create_editor(source, "backup-editor").token
    port = free_port()
    with Gunicorn(source, workers=1, port=port) as server:
        changed = server.request(
            "PATCH",
            "/api/v1/enterprises/zongshen-group/",
            headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
            body=json.dumps({"name_en": CHANGED_NAME}),
        )
        assert changed.status == 200, changed.body
        before = api_snapshot(server)
        # Online: the backup is taken while the service is up.
        assert manage(source, "backup_database", "--output", str(backup)).strip() == str(backup)
    restored = production_environment(fresh_url, API_ANON_THROTTLE_RATE="")
    manage(restored, "restore_database", str(backup))
    with Gunicorn(restored, workers=1, port=port) as server:
        after = api_snapshot(server)
        detail = server.request("GET", "/api/v1/enterprises/zongshen-group/").json()
    assert detail["name_en"] == CHANGED_NAME
    return before, after


def assert_same_api(before, after):
    assert len(before) > 4 * 7  # every list four ways, the root and the summary
    assert list(after) == list(before)
    for url, answer in before.items():
        assert after[url] == answer, url


def test_a_sqlite_backup_restored_into_a_fresh_database_serves_the_same_api(
    sqlite_dataset, tmp_path
):
    fresh = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    before, after = round_trip(sqlite_dataset, fresh, tmp_path / "banan.sqlite3.backup")
    assert_same_api(before, after)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="PostgreSQL only: DATABASE_URL names no PostgreSQL server (.ci/run sets one)",
)
def test_a_postgresql_dump_restored_into_a_fresh_database_serves_the_same_api(tmp_path):
    with postgresql_databases("backup_source", "backup_restored") as (source, fresh):
        load_dataset(production_environment(source))
        before, after = round_trip(source, fresh, tmp_path / "banan.dump")
    assert_same_api(before, after)
