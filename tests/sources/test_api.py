"""The sources API: the articles every record cites."""

import pytest
from rest_framework import status

from apps.sources.models import Source
from tests.factories import make_source

pytestmark = pytest.mark.django_db


def test_a_source_is_served_with_its_texts_and_checksum(api_client, dataset):
    """A source has no citation of its own; it carries the raw and repaired text."""
    body = api_client.get("/api/v1/sources/banan-1246/").json()
    assert body["url"] == "http://testserver/api/v1/sources/banan-1246/"
    assert body["name_zh"] == "巴南区构建“1246”体系"
    assert body["raw_text"] == "巴南區(qū)"
    assert body["repaired_text"] == "巴南区"
    assert body["raw_sha256"] == Source.checksum("巴南區(qū)")
    assert body["language"] == "zh-hant"
    assert "source" not in body
    assert "source_quote" not in body
    assert "updated_at" in body


def test_the_list_costs_the_same_queries_for_one_or_many(assert_constant_queries):
    """Listing sources is a constant number of queries."""
    make_source()
    assert_constant_queries("/api/v1/sources/", 4, lambda: [make_source() for _ in range(4)])


def test_creating_a_source_computes_its_checksum(token_client):
    """The checksum is computed from the raw text, never taken from the client."""
    response = token_client("add_source").post(
        "/api/v1/sources/",
        {
            "slug": "second-article",
            "name_zh": "第二篇",
            "name_en": "Second article",
            "language": "zh-hans",
            "raw_text": "原文",
            "repaired_text": "原文",
            "raw_sha256": "0" * 64,
        },
    )
    assert response.status_code == status.HTTP_201_CREATED, response.json()
    assert response.json()["raw_sha256"] == Source.checksum("原文")


def test_a_source_lists_its_reviewed_non_facts(api_client, published_dataset):
    """The seed article's numerals that are not data are published with the reason, read-only."""
    body = api_client.get("/api/v1/sources/banan-1246-report-2024/").json()
    non_facts = body["non_facts"]
    assert len(non_facts) == 12
    assert {"numeral": "1246", "source_quote": "构建“1246”现代制造业集群体系"}.items() <= (
        next(nf for nf in non_facts if nf["numeral"] == "1246").items()
    )
    assert all(nf["reason_zh"] and nf["reason_en"] for nf in non_facts)
    assert all(nf["source_quote"] in body["repaired_text"] for nf in non_facts)
