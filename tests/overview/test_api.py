"""The summary: the 1246 system at a glance, counted as the filtered lists count."""

import pytest

from apps.clusters.choices import Tier
from tests.factories import make_cluster, make_enterprise, make_indicator

pytestmark = pytest.mark.django_db


def test_the_summary_labels_its_tiers_in_the_requested_language(api_client, dataset):
    """Labels follow lang like everything else: 主导, 支柱, 特色优势, 新星."""
    body = api_client.get("/api/v1/summary/?lang=zh").json()
    assert [tier["label"] for tier in body["tiers"]] == ["主导", "支柱", "特色优势", "新星"]


def test_the_summary_lists_the_tiers_in_order_with_their_clusters_and_counts(api_client, dataset):
    """Each tier gives its size in the 1246 system, how many clusters the data holds, and
    per cluster its enterprises, parks, projects and indicators."""
    body = api_client.get("/api/v1/summary/").json()
    assert body["cluster_count"] == 3
    assert [tier["tier"] for tier in body["tiers"]] == [tier.value for tier in Tier]
    assert [tier["size"] for tier in body["tiers"]] == [1, 2, 4, 6]
    assert [tier["cluster_count"] for tier in body["tiers"]] == [1, 1, 0, 1]
    leading, pillar, characteristic, new_star = body["tiers"]
    assert leading["label"] == "leading"
    assert characteristic["clusters"] == []
    [biomedicine] = leading["clusters"]
    assert biomedicine["url"] == "http://testserver/api/v1/clusters/biomedicine/"
    assert biomedicine["position"] == 1
    assert biomedicine["counts"] == {"enterprises": 1, "parks": 1, "projects": 0, "indicators": 0}
    # The pillar's own target and its enterprise Zongshen's sales.
    assert pillar["clusters"][0]["counts"]["indicators"] == 2
    # The wafer centre's site area, through the project.
    assert new_star["clusters"][0]["counts"] == {
        "enterprises": 0,
        "parks": 1,
        "projects": 1,
        "indicators": 1,
    }


def test_the_summary_counts_match_the_filtered_lists(api_client, dataset):
    """A cluster's count of indicators is the count of ?cluster=<slug>."""
    summary = api_client.get("/api/v1/summary/").json()
    for tier in summary["tiers"]:
        for cluster in tier["clusters"]:
            for resource in ("enterprises", "projects", "indicators"):
                listed = api_client.get(f"/api/v1/{resource}/?cluster={cluster['slug']}").json()
                assert listed["count"] == cluster["counts"][resource], (cluster, resource)


def test_the_summary_adds_names_in_the_requested_language(api_client, dataset):
    """lang adds name to each cluster of the summary."""
    body = api_client.get("/api/v1/summary/?lang=zh").json()
    assert body["tiers"][0]["clusters"][0]["name"] == "生物医药"


def test_the_summary_costs_the_same_queries_for_any_amount_of_data(
    assert_constant_queries, dataset
):
    """One query reads every cluster with all its counts."""

    def add_rows():
        for index in range(3):
            enterprise = make_enterprise(slug=f"more-{index}")
            enterprise.clusters.set([dataset.biomedicine])
            make_indicator(subject_type="enterprise", enterprise=enterprise)
        make_cluster(tier=Tier.CHARACTERISTIC)

    _, after = assert_constant_queries("/api/v1/summary/", 2, add_rows)
    assert after["tiers"][0]["clusters"][0]["counts"]["indicators"] == 3
