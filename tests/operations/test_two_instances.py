"""Two app instances (two gunicorn masters) sharing one PostgreSQL database and one Redis: a write
through one is the very next read's answer on the other, whether or not that one had cached the
list. Runs where DATABASE_URL names PostgreSQL and REDIS_URL is set (the second pass of .ci/run).
"""

import json
import os

import pytest

from tests.servers import (
    ON_POSTGRESQL,
    Gunicorn,
    create_editor,
    load_dataset,
    postgresql_databases,
    production_environment,
)

pytestmark = [
    pytest.mark.servers,
    pytest.mark.skipif(
        not (ON_POSTGRESQL and os.environ.get("REDIS_URL")),
        reason="needs DATABASE_URL naming PostgreSQL and REDIS_URL (as .ci/run's second pass)",
    ),
]

RECORD = "/api/v1/enterprises/zongshen-group/"
LIST = "/api/v1/enterprises/?page_size=500&fields=slug,short_name_en"


def _short_name(server) -> str:
    """zongshen-group's short_name_en as ``server``'s list answers it."""
    reply = server.request("GET", LIST)
    assert reply.status == 200, reply.body[:500]
    rows = {row["slug"]: row for row in reply.json()["results"]}
    return rows["zongshen-group"]["short_name_en"]


def _rename(server, token, value):
    reply = server.request(
        "PATCH",
        RECORD,
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        body=json.dumps({"short_name_en": value}),
    )
    assert reply.status == 200, reply.body[:500]


def test_a_write_on_one_instance_is_the_next_read_on_the_other():
    """Instance B answers the value written through instance A on its very next read: first
    when B has never read the list, then when B has the list cached (its cached answer is keyed
    by the data version, which A's write moved in the shared database)."""
    with postgresql_databases("two_instances") as (url,):
        environment = production_environment(
            url, os.environ["REDIS_URL"], API_ANON_THROTTLE_RATE=""
        )
        load_dataset(environment)
        editor = create_editor(environment, "two-instances-editor")
        with Gunicorn(environment) as first, Gunicorn(environment) as second:
            # Nothing cached on B yet.
            _rename(first, editor.token, "Zongshen one")
            assert _short_name(second) == "Zongshen one"
            # B's answer is now cached: an answer is stored the second time a worker makes it,
            # so after one read more than B has workers. And A writes again.
            for _read in range(second.workers + 1):
                assert _short_name(second) == "Zongshen one"
            _rename(first, editor.token, "Zongshen two")
            assert _short_name(second) == "Zongshen two"
            # And the other way round.
            _rename(second, editor.token, "Zongshen three")
            assert _short_name(first) == "Zongshen three"
