"""The public data browser: the overview, a page per record, the lists and the source page."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils.cache import quote_etag
from rest_framework import status

from apps.clusters.choices import Tier
from apps.core.quantities import Qualifier
from apps.indicators.choices import IndicatorKind, SubjectType, Unit
from apps.overview.presentation import quote_anchor
from tests.factories import make_cluster, make_enterprise, make_indicator, make_source

pytestmark = pytest.mark.django_db

ARTICLE = (
    "巴南区构建“1246”现代制造业集群体系。\n"
    "截至2023年,两大产业合计产值近600亿元。预计到2027年,两大产业合计产值将破千亿元。\n"
    "宗申产业集团位于巴南区。"
)


def html(response) -> str:
    return response.content.decode()


def row_slugs(response) -> list[str]:
    return re.findall(r'<tr data-slug="([^"]+)"', html(response))


@pytest.fixture
def article(dataset):
    """A source whose text holds its records' quotes, with a qualified target and a figure."""
    source = make_source(
        slug="banan-article",
        name_zh="巴南区构建“1246”体系",
        name_en="Banan builds the 1246 system",
        raw_text=ARTICLE.replace("区", "區"),
        repaired_text=ARTICLE,
    )
    cluster = make_cluster(
        slug="equipment",
        tier=Tier.CHARACTERISTIC,
        name_zh="高端装备",
        name_en="High-end equipment",
        source=source,
        source_quote="巴南区构建“1246”现代制造业集群体系",
    )
    nearly = make_indicator(
        slug="pillar-output-2023",
        name_zh="两大产业合计产值",
        name_en="Combined output of the two pillars",
        value=Decimal("600"),
        unit=Unit.CNY,
        unit_multiplier=8,
        qualifier=Qualifier.NEARLY,
        source=source,
        source_quote="截至2023年,两大产业合计产值近600亿元。",
    )
    more_than = make_indicator(
        slug="pillar-output-2027",
        name_zh="两大产业合计产值预计",
        name_en="Projected combined output of the two pillars",
        value=Decimal("1000"),
        unit=Unit.CNY,
        unit_multiplier=8,
        qualifier=Qualifier.MORE_THAN,
        kind=IndicatorKind.PROJECTION,
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 12, 31),
        source=source,
        source_quote="预计到2027年,两大产业合计产值将破千亿元。",
    )
    return source, cluster, nearly, more_than


# --- The overview ----------------------------------------------------------------------------


def test_the_overview_draws_the_1246_system_tier_by_tier_with_counts(client, dataset):
    """One section per tier in system order, each cluster a card with its four counts, the
    counts the summary API gives."""
    page = html(client.get("/"))
    positions = [page.index(f'id="tier-{tier.value}"') for tier in Tier]
    assert positions == sorted(positions)
    assert "Biomedicine" in page
    summary = client.get("/api/v1/summary/").json()
    pillar = summary["tiers"][1]["clusters"][0]
    card = page[page.index(pillar["name_en"]) :]
    counts = re.findall(r"<dd>(\d+)</dd>", card)[:4]
    assert counts == [str(value) for value in pillar["counts"].values()]


def test_the_overview_shows_the_district_figures_with_units_periods_and_sentences(client, dataset):
    """The district's indicators: value with its unit, period, and the quoted sentence."""
    page = html(client.get("/"))
    assert "Growth of industrial investment" in page
    assert "18.3%" in page
    assert "No. 4 in central districts of Chongqing" in page
    assert "<svg" in page
    assert "<title id=" in page


def test_the_overview_keeps_the_links_to_the_api_the_docs_and_the_admin(client, dataset):
    page = html(client.get("/"))
    for href in ("/api/v1/", "/api/docs/", "/api/redoc/", "/api/schema/", "/admin/"):
        assert f'href="{href}"' in page


@pytest.mark.parametrize(
    ("query", "headers", "language", "heading"),
    [
        ("", {}, "en", "The 1246 system"),
        ("?lang=zh", {}, "zh-Hans", "“1246”体系"),
        ("", {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}, "zh-Hans", "“1246”体系"),
        ("?lang=en", {"HTTP_ACCEPT_LANGUAGE": "zh-CN"}, "en", "The 1246 system"),
    ],
)
def test_the_overview_speaks_the_language_the_api_would(
    client, dataset, query, headers, language, heading
):
    """?lang= first, then Accept-Language, as the API decides; the lang attribute follows."""
    page = html(client.get("/" + query, **headers))
    assert f'<html lang="{language}">' in page
    assert heading in page


def test_the_language_switch_keeps_the_query(client, dataset):
    """The link to the other language is the same page, same filters, other lang."""
    page = html(client.get("/enterprises/?cluster=biomedicine"))
    assert 'href="/enterprises/?cluster=biomedicine&amp;lang=zh"' in page


def test_an_unknown_language_is_a_400_page(client, dataset):
    """The page names the parameter, and its links do not pass the bad value on."""
    response = client.get("/clusters/?lang=fr")
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert "text/html" in response["Content-Type"]
    assert "<code>lang</code>" in html(response)
    assert "lang=fr" not in html(response)


# --- Record pages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/clusters/biomedicine/", ["Biomedicine", "生物医药", "Genrix", "Chongqing Bio City"]),
        ("/clusters/automobiles-motorcycles/", ["Zongshen motorcycle sales", "<svg"]),
        ("/enterprises/zhixiang-jintai/", ["Genrix", "Cao Linyin", "Biomedicine", "2023-06"]),
        ("/enterprises/zongshen/", ["Zongshen Industrial Group", "127.3 ×10⁴ vehicles"]),
        ("/parks/xingzhou/", ["Xingzhou Block", "Banan Software Park", "Optoelectronics"]),
        ("/projects/wafer-centre/", ["Guangyu wafer", "11 ×10⁸ yuan", "50 mu", "<svg"]),
        ("/indicators/industrial-investment-growth-2023/", ["18.3%", "No. 9 in metropolitan"]),
        ("/sources/banan-1246/", ["Banan 1246", "巴南区"]),
    ],
)
def test_every_record_has_a_page(client, dataset, path, expected):
    """Facts, related records as links, indicators as a chart with its table."""
    response = client.get(path)
    assert response.status_code == status.HTTP_200_OK
    page = html(response)
    for text in expected:
        assert text in page, text


def test_a_record_page_links_its_related_records(client, dataset):
    page = html(client.get("/enterprises/zhixiang-jintai/"))
    assert 'href="/clusters/biomedicine/"' in page
    assert 'href="/parks/international-bio-city/"' in page
    assert 'href="/api/v1/people/cao-linyin/"' in page


def test_an_unknown_record_is_a_404(client, dataset):
    assert client.get("/clusters/no-such-cluster/").status_code == status.HTTP_404_NOT_FOUND


def test_every_figure_links_to_its_sentence_in_the_source(client, article):
    """The quote is shown and its link names the anchor the source page gives the passage."""
    source, cluster, nearly, _ = article
    page = html(client.get(f"/clusters/{cluster.slug}/"))
    anchor = quote_anchor(cluster.source_quote)
    assert f'href="/sources/{source.slug}/#{anchor}"' in page
    assert cluster.source_quote in page
    home = html(client.get("/"))
    assert f'href="/sources/{source.slug}/#{quote_anchor(nearly.source_quote)}"' in home


def test_the_chart_keeps_qualifiers_units_and_multipliers(client, article):
    """近 and 超 (破) are written on the bars; the axis names 亿元; kinds and periods group."""
    page = html(client.get("/?lang=zh"))
    assert "近 600 亿元" in page
    assert "超 1000 亿元" in page
    assert "数值（亿元）" in page
    english = html(client.get("/?lang=en"))
    assert "nearly 600 ×10⁸ yuan" in english
    assert "more than 1000 ×10⁸ yuan" in english
    assert "Projection · 2027" in english


def test_the_link_to_a_record_keeps_a_named_language(client, dataset):
    page = html(client.get("/?lang=zh"))
    assert 'href="/clusters/biomedicine/?lang=zh"' in page


# --- The source page -------------------------------------------------------------------------


def test_the_source_page_marks_every_cited_passage_and_links_its_records(client, article):
    """Each quote is marked where it stands, with the anchor records link to, and numbered;
    the numbered list links every citing record's page."""
    source, cluster, nearly, more_than = article
    page = html(client.get(f"/sources/{source.slug}/"))
    for record in (cluster, nearly, more_than):
        assert f'id="{quote_anchor(record.source_quote)}"' in page
        assert f"<mark>{record.source_quote}</mark>" in page
    assert f'href="/clusters/{cluster.slug}/"' in page
    assert f'href="/indicators/{more_than.slug}/"' in page
    assert "宗申产业集团位于巴南区。" in page
    assert 'href="#citation-1"' in page


def test_the_source_page_switches_to_the_raw_text(client, article):
    """?text=raw shows the text as received, unmarked; the switch links both ways."""
    source = article[0]
    page = html(client.get(f"/sources/{source.slug}/?text=raw"))
    assert "巴南區构建" in page
    assert 'href="?lang=en"' in page
    assert "<mark>" not in page
    assert client.get(f"/sources/{source.slug}/?text=other").status_code == 400


def test_a_quote_missing_from_the_text_is_listed_not_dropped(client, article):
    """A record whose quote the text lacks is named under its own heading."""
    source = article[0]
    make_enterprise(slug="typo", source=source, source_quote="文中没有的句子")
    page = html(client.get(f"/sources/{source.slug}/"))
    assert "文中没有的句子" in page
    assert 'href="/enterprises/typo/"' in page


# --- Lists -----------------------------------------------------------------------------------

LIST_QUERIES = [
    "/clusters/",
    "/clusters/?tier=leading&tier=pillar",
    "/enterprises/?cluster=biomedicine",
    "/enterprises/?search=宗申",
    "/parks/?ordering=-name_en",
    "/projects/?status=signed",
    "/indicators/?subject_type=enterprise&ordering=-value_normalized",
    "/indicators/?page_size=2&page=2",
    "/sources/",
]


@pytest.mark.parametrize("path", LIST_QUERIES)
def test_a_list_shows_the_rows_the_api_gives_for_the_same_query(client, dataset, path):
    """Same filters, same order, same page."""
    response = client.get(path)
    assert response.status_code == status.HTTP_200_OK
    api = client.get(f"/api/v1/{path.lstrip('/')}").json()
    assert row_slugs(response) == [row["slug"] for row in api["results"]]
    assert str(api["count"]) in html(response)


def test_a_list_links_its_json_csv_and_excel(client, dataset):
    page = html(client.get("/enterprises/?cluster=biomedicine&lang=zh"))
    assert 'href="/api/v1/enterprises/?cluster=biomedicine&amp;lang=zh"' in page
    assert 'href="/api/v1/enterprises/?cluster=biomedicine&amp;lang=zh&amp;format=csv"' in page
    assert 'href="/api/v1/enterprises/?cluster=biomedicine&amp;lang=zh&amp;format=xlsx"' in page
    csv = client.get("/api/v1/enterprises/?cluster=biomedicine&lang=zh&format=csv")
    assert csv.status_code == status.HTTP_200_OK
    assert "zhixiang-jintai" in csv.content.decode()


def test_a_list_pages_like_the_api(client, dataset):
    page = html(client.get("/indicators/?page_size=2"))
    assert 'href="?page_size=2&amp;page=2"' not in page  # page number first, then the size
    assert 'href="?page=2&amp;page_size=2"' in page
    assert client.get("/indicators/?page=99").status_code == status.HTTP_404_NOT_FOUND


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/clusters/?teir=leading", "teir"),
        ("/clusters/?tier=nonsense", "tier"),
        ("/indicators/?period=20x3", "period"),
        ("/indicators/?page_size=501", "page_size"),
        ("/enterprises/?page=0", "page"),
        ("/projects/?status=", "status"),
        ("/parks/?ordering=nonsense", "ordering"),
    ],
)
def test_bad_parameters_answer_a_400_page_naming_them(client, dataset, path, parameter):
    """The API's 400, as a page: never a 500, never an unfiltered list."""
    response = client.get(path)
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert f"<code>{parameter}</code>" in html(response)
    assert client.get(f"/api/v1/{path.lstrip('/')}").status_code == status.HTTP_400_BAD_REQUEST


# --- Queries and caching ---------------------------------------------------------------------


def _more_data(dataset):
    cluster = make_cluster(slug="software", name_en="Software", source=dataset.source)
    for number in range(3):
        enterprise = make_enterprise(slug=f"extra-{number}", park=dataset.bio_city)
        enterprise.clusters.set([dataset.biomedicine, dataset.motorcycles, cluster])
        make_indicator(
            slug=f"extra-figure-{number}",
            subject_type=SubjectType.ENTERPRISE,
            enterprise=enterprise,
            source=dataset.source,
        )
        make_indicator(slug=f"extra-district-{number}", source=dataset.source)


PAGE_QUERIES = [
    ("/", 4),
    ("/clusters/automobiles-motorcycles/", 9),
    ("/enterprises/zhixiang-jintai/", 8),
    ("/parks/international-bio-city/", 8),
    ("/projects/wafer-centre/", 4),
    ("/indicators/industrial-investment-growth-2023/", 5),
    ("/sources/banan-1246/", 12),
    ("/clusters/", 3),
    ("/enterprises/", 4),
    ("/parks/", 4),
    ("/projects/", 3),
    ("/indicators/", 4),
    # The API's queryset of sources brings their reviewed non-facts along.
    ("/sources/", 4),
]


@pytest.mark.parametrize(("path", "expected"), PAGE_QUERIES)
def test_every_page_costs_the_same_queries_for_any_amount_of_data(
    client, dataset, django_assert_num_queries, path, expected
):
    """The count includes the data-version query; more rows cost no more queries."""
    from django.core.cache import caches

    with django_assert_num_queries(expected):
        assert client.get(path).status_code == status.HTTP_200_OK
    _more_data(dataset)
    caches["responses"].clear()
    with django_assert_num_queries(expected):
        assert client.get(path).status_code == status.HTTP_200_OK


def test_a_repeated_read_is_answered_from_the_cache_and_revalidated(
    client, dataset, django_assert_num_queries
):
    """Read again once stored (the second time it is made): the version query only; the ETag
    answers 304; a write renders anew."""
    first = client.get("/clusters/biomedicine/")
    assert first["Cache-Control"].startswith("public, max-age=")
    assert "Accept-Language" in first["Vary"]
    client.get("/clusters/biomedicine/")
    with django_assert_num_queries(1):
        second = client.get("/clusters/biomedicine/")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    not_modified = client.get("/clusters/biomedicine/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == status.HTTP_304_NOT_MODIFIED
    dataset.biomedicine.name_en = "Biomedicine and health"
    dataset.biomedicine.save()
    third = client.get("/clusters/biomedicine/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert third.status_code == status.HTTP_200_OK
    assert "Biomedicine and health" in html(third)
    assert third["ETag"] != quote_etag("")


def test_each_language_is_cached_apart(client, dataset):
    english = html(client.get("/clusters/biomedicine/"))
    chinese = html(client.get("/clusters/biomedicine/", HTTP_ACCEPT_LANGUAGE="zh-CN"))
    assert '<html lang="en">' in english
    assert '<html lang="zh-Hans">' in chinese


def test_pages_are_served_under_the_content_security_policy(client, dataset):
    """A policy on every page, no inline script or style in any."""
    for path in ("/", "/clusters/biomedicine/", "/sources/banan-1246/", "/indicators/"):
        response = client.get(path)
        assert "default-src 'none'" in response["Content-Security-Policy"]
        page = html(response)
        assert "<script" not in page
        assert "<style" not in page
        assert " style=" not in page
