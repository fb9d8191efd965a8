"""Navigation: every record links to the lists of its related records, and one cluster's profile
answers everything an app shows for it in one request."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import status

from apps.indicators.choices import SubjectType
from apps.sources.models import cited_models
from tests.factories import (
    make_comparison,
    make_enterprise,
    make_indicator,
    make_initiative,
    make_park,
    make_project,
    make_source,
)

pytestmark = pytest.mark.django_db

RESOURCES = ["sources", "clusters", "initiatives", "parks", "enterprises", "projects", "indicators"]


def _slugs(api_client, url):
    response = api_client.get(url)
    assert response.status_code == status.HTTP_200_OK, (url, response.json())
    return sorted(row["slug"] for row in response.json()["results"])


def _links(api_client, resource, slug):
    return api_client.get(f"/api/v1/{resource}/{slug}/").json()["links"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_record_carries_absolute_links_that_answer(api_client, dataset, resource):
    """Each record of each resource has links; every one is an absolute URL that answers 200."""
    make_initiative(slug="low-altitude-economy").clusters.set([dataset.new_star])
    rows = api_client.get(f"/api/v1/{resource}/").json()["results"]
    assert rows
    for row in rows:
        assert row["links"], row["slug"]
        for name, url in row["links"].items():
            assert url.startswith("http://testserver/api/v1/"), (name, url)
            assert api_client.get(url).status_code == status.HTTP_200_OK, (name, url)


def test_a_cluster_links_to_its_members_and_indicators(api_client, dataset):
    """A cluster's links lead to its enterprises, the parks hosting it, its projects, its
    initiatives, its indicators (its members' too) and its profile."""
    make_initiative(slug="bio-plan").clusters.set([dataset.biomedicine])
    make_project(slug="bio-project", cluster=dataset.biomedicine)
    make_indicator(slug="bio-city-drugs", subject_type=SubjectType.PARK, park=dataset.bio_city)
    links = _links(api_client, "clusters", "biomedicine")
    assert _slugs(api_client, links["enterprises"]) == ["zhixiang-jintai"]
    assert _slugs(api_client, links["parks"]) == ["international-bio-city"]
    assert _slugs(api_client, links["projects"]) == ["bio-project"]
    assert _slugs(api_client, links["initiatives"]) == ["bio-plan"]
    assert _slugs(api_client, links["indicators"]) == ["bio-city-drugs"]
    assert api_client.get(links["profile"]).json()["cluster"]["slug"] == "biomedicine"


def test_an_initiative_links_to_the_clusters_it_serves(api_client, dataset):
    """initiative.links.clusters lists the clusters the initiative names."""
    make_initiative(slug="plan").clusters.set([dataset.new_star, dataset.biomedicine])
    links = _links(api_client, "initiatives", "plan")
    assert _slugs(api_client, links["clusters"]) == ["biomedicine", "optoelectronics"]


def test_a_park_links_to_its_enterprises_projects_indicators_and_child_parks(api_client, dataset):
    """The software park holds Xingzhou; Xingzhou holds the wafer centre and its area."""
    make_indicator(slug="xingzhou-area", subject_type=SubjectType.PARK, park=dataset.xingzhou)
    make_enterprise(slug="tenant", park=dataset.xingzhou)
    parent = _links(api_client, "parks", "banan-software-park")
    assert _slugs(api_client, parent["child_parks"]) == ["xingzhou"]
    links = _links(api_client, "parks", "xingzhou")
    assert _slugs(api_client, links["enterprises"]) == ["tenant"]
    assert _slugs(api_client, links["projects"]) == ["wafer-centre"]
    assert _slugs(api_client, links["indicators"]) == ["xingzhou-area"]
    assert _slugs(api_client, links["child_parks"]) == []


def test_an_enterprise_and_a_project_link_to_what_measures_them(api_client, dataset):
    """An enterprise: its projects and indicators; a project: its indicators."""
    links = _links(api_client, "enterprises", "zhixiang-jintai")
    assert _slugs(api_client, links["projects"]) == ["wafer-centre"]
    make_indicator(slug="ipo", subject_type=SubjectType.ENTERPRISE, enterprise=dataset.zhixiang)
    assert _slugs(api_client, links["indicators"]) == ["ipo"]
    links = _links(api_client, "projects", "wafer-centre")
    assert _slugs(api_client, links["indicators"]) == ["wafer-centre-area"]


def test_a_slug_shared_by_a_park_and_a_project_keeps_their_indicators_apart(api_client, dataset):
    """The subject links name the subject type as well as the slug."""
    park = make_park(slug="wafer-centre")
    make_indicator(slug="park-area", subject_type=SubjectType.PARK, park=park)
    assert _slugs(api_client, _links(api_client, "parks", "wafer-centre")["indicators"]) == [
        "park-area"
    ]


def test_an_indicator_links_to_the_indicators_of_its_subject(api_client, dataset):
    """An enterprise figure leads to the enterprise's figures; a district figure to the
    district's."""
    links = _links(api_client, "indicators", "zongshen-motorcycle-sales-2023")
    assert _slugs(api_client, links["subject_indicators"]) == ["zongshen-motorcycle-sales-2023"]
    links = _links(api_client, "indicators", "industrial-investment-growth-2023")
    assert links["subject_indicators"].endswith("/api/v1/indicators/?subject_type=district")
    assert _slugs(api_client, links["subject_indicators"]) == ["industrial-investment-growth-2023"]


def test_a_source_links_to_every_record_citing_it(api_client, dataset):
    """The lists a source links to hold every record that cites it, and only those."""
    other = make_source(slug="another-article")
    make_enterprise(slug="cited-elsewhere", source=other)
    links = _links(api_client, "sources", "banan-1246")
    cited = {name: _slugs(api_client, url) for name, url in links.items()}
    assert set(cited) == {
        str(model._meta.verbose_name_plural).replace(" ", "_") for model in cited_models()
    }
    assert "cited-elsewhere" not in cited["enterprises"]
    assert cited["enterprises"] == ["zhixiang-jintai", "zongshen"]
    assert cited["clusters"] == ["automobiles-motorcycles", "biomedicine", "optoelectronics"]
    assert _slugs(api_client, _links(api_client, "sources", "another-article")["enterprises"]) == [
        "cited-elsewhere"
    ]


@pytest.mark.parametrize("resource", RESOURCES)
def test_links_cost_no_query(api_client, dataset, resource):
    """A list with links costs what it cost without them: asking for links alone reads no
    more than asking for the slug alone."""
    make_initiative().clusters.set([dataset.new_star])
    url = f"/api/v1/{resource}/"
    counts = {}
    for fields in ("slug", "links"):
        # Each from cold: the other request's count is kept under the data version.
        caches["responses"].clear()
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get(url, {"fields": fields, "page_size": 3}).status_code == 200
        counts[fields] = len(queries)
    assert counts["links"] == counts["slug"]


def test_the_profile_answers_the_cluster_its_members_indicators_and_sources(api_client, dataset):
    """One request: the cluster, its enterprises, parks, projects and initiatives in brief, its
    indicators with their comparisons and citations, and the sources they cite."""
    make_initiative(slug="bio-plan").clusters.set([dataset.biomedicine])
    make_project(slug="bio-project", cluster=dataset.biomedicine)
    elsewhere = make_source(slug="another-article")
    drugs = make_indicator(
        slug="bio-city-drugs",
        subject_type=SubjectType.PARK,
        park=dataset.bio_city,
        source=elsewhere,
    )
    make_comparison(drugs, value=2)
    body = api_client.get("/api/v1/clusters/biomedicine/profile/").json()
    assert body["cluster"]["slug"] == "biomedicine"
    assert [row["slug"] for row in body["enterprises"]] == ["zhixiang-jintai"]
    assert [row["slug"] for row in body["parks"]] == ["international-bio-city"]
    assert [row["slug"] for row in body["projects"]] == ["bio-project"]
    assert [row["slug"] for row in body["initiatives"]] == ["bio-plan"]
    assert [row["slug"] for row in body["indicators"]] == ["bio-city-drugs"]
    indicator = body["indicators"][0]
    assert indicator["comparisons"][0]["value"] == 2
    assert indicator["source"]["slug"] == "another-article"
    assert indicator["source_quote"]
    assert [row["slug"] for row in body["sources"]] == ["another-article", "banan-1246"]
    assert body["enterprises"][0]["url"] == "http://testserver/api/v1/enterprises/zhixiang-jintai/"
    indicators = api_client.get(body["cluster"]["links"]["indicators"]).json()["results"]
    assert [row["slug"] for row in indicators] == [row["slug"] for row in body["indicators"]]


def test_the_profile_of_an_unknown_cluster_is_a_404(api_client, dataset):
    """No cluster, no profile: the JSON 404."""
    response = api_client.get("/api/v1/clusters/atlantis/profile/")
    assert response.status_code == status.HTTP_404_NOT_FOUND
    assert response.json()["type"] == "client_error"


def test_the_profile_takes_only_format_and_lang(api_client, dataset):
    """A list's parameters mean nothing here: a 400, not an answer that ignored them."""
    response = api_client.get("/api/v1/clusters/biomedicine/profile/", {"page": 2})
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response.json()["errors"][0]["attr"] == "page"
    chinese = api_client.get("/api/v1/clusters/biomedicine/profile/", {"lang": "zh"}).json()
    assert chinese["cluster"]["name"] == "生物医药"


def test_the_profile_costs_the_same_queries_however_large_the_cluster(
    assert_constant_queries, dataset
):
    """Eight queries (the data version, the cluster, four kinds of members, the indicators and
    their comparisons), with one member of each kind or many."""
    make_indicator(subject_type=SubjectType.PARK, park=dataset.bio_city)

    def add_rows():
        for index in range(3):
            enterprise = make_enterprise(slug=f"member-{index}")
            enterprise.clusters.set([dataset.biomedicine])
            park = make_park(slug=f"park-{index}")
            park.clusters.set([dataset.biomedicine])
            project = make_project(cluster=dataset.biomedicine, enterprise=enterprise, park=park)
            make_initiative().clusters.set([dataset.biomedicine])
            for subject in ({"enterprise": enterprise}, {"park": park}, {"project": project}):
                indicator = make_indicator(
                    subject_type=next(iter(subject)), source=make_source(), **subject
                )
                make_comparison(indicator, value=index + 1)

    before, after = assert_constant_queries("/api/v1/clusters/biomedicine/profile/", 8, add_rows)
    assert len(after["indicators"]) == len(before["indicators"]) + 9


def test_a_repeated_profile_read_is_answered_from_the_cache(
    api_client, dataset, django_assert_num_queries
):
    """Like every read: once stored (the second time it is made), a read costs the
    data-version query only, and revalidates."""
    first = api_client.get("/api/v1/clusters/biomedicine/profile/")
    api_client.get("/api/v1/clusters/biomedicine/profile/")
    with django_assert_num_queries(1):
        second = api_client.get("/api/v1/clusters/biomedicine/profile/")
    assert second.content == first.content
    revalidated = api_client.get(
        "/api/v1/clusters/biomedicine/profile/", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert revalidated.status_code == status.HTTP_304_NOT_MODIFIED
