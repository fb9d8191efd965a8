"""What every data model's admin does for an editor: list, search, filter, edit, history, export."""

import csv
import io
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import status

from apps.clusters.models import Cluster, Initiative
from apps.core.admin_site import SERVICE_NAME
from apps.enterprises.choices import EnterpriseKind
from apps.enterprises.models import Enterprise
from apps.indicators.choices import SubjectType
from apps.indicators.models import Indicator, IndicatorComparison
from apps.parks.models import Park
from apps.projects.models import Project
from apps.sources.models import Source
from tests.admin_forms import admin_url, form_fields
from tests.factories import (
    make_cluster,
    make_comparison,
    make_enterprise,
    make_indicator,
    make_initiative,
    make_park,
    make_project,
    make_source,
)

pytestmark = pytest.mark.django_db

DATA_MODELS = [
    Source,
    Cluster,
    Initiative,
    Park,
    Enterprise,
    Project,
    Indicator,
    IndicatorComparison,
]
EXPORT_FORMATS = {"csv": "0", "xlsx": "1"}


def _model_id(model):
    return model._meta.model_name


@pytest.fixture
def world():
    """One record of every data model, each related to the others where it can be."""
    source = make_source()
    cluster = make_cluster(source=source)
    initiative = make_initiative(source=source)
    initiative.clusters.add(cluster)
    park = make_park(source=source)
    park.clusters.add(cluster)
    make_park(parent=park, source=source)
    exchange = make_enterprise(kind=EnterpriseKind.EXCHANGE, source=source)
    enterprise = make_enterprise(park=park, listing_exchange=exchange, source=source)
    enterprise.clusters.add(cluster)
    project = make_project(
        enterprise=enterprise,
        park=park,
        cluster=cluster,
        investment_amount=Decimal("34.73"),
        investment_unit_multiplier=8,
        source=source,
    )
    indicator = make_indicator(
        subject_type=SubjectType.ENTERPRISE, enterprise=enterprise, source=source
    )
    comparison = make_comparison(indicator)
    return SimpleNamespace(
        source=source,
        cluster=cluster,
        initiative=initiative,
        park=park,
        enterprise=enterprise,
        project=project,
        indicator=indicator,
        records={
            Source: source,
            Cluster: cluster,
            Initiative: initiative,
            Park: park,
            Enterprise: enterprise,
            Project: project,
            Indicator: indicator,
            IndicatorComparison: comparison,
        },
    )


# Another row of each model, with relations of its own so that a missing join shows as N+1.
MORE_ROWS = {
    Source: lambda world: make_source(),
    Cluster: lambda world: make_cluster(),
    Initiative: lambda world: make_initiative(),
    Park: lambda world: make_park(parent=make_park()),
    Enterprise: lambda world: make_enterprise(park=make_park()),
    Project: lambda world: make_project(enterprise=make_enterprise()),
    Indicator: lambda world: make_indicator(
        subject_type=SubjectType.ENTERPRISE, enterprise=make_enterprise()
    ),
    IndicatorComparison: lambda world: make_comparison(make_indicator()),
}


def _search_term(model, record):
    """The value of the model admin's first search field, following relations."""
    value = record
    for name in admin.site.get_model_admin(model).search_fields[0].split("__"):
        value = getattr(value, name)
    return value


@pytest.mark.parametrize("model", DATA_MODELS, ids=_model_id)
def test_changelist_lists_the_records_for_an_editor(model, world, editor_client):
    """The changelist answers 200 and lists the record."""
    response = editor_client.get(admin_url(model, "changelist"))
    assert response.status_code == status.HTTP_200_OK
    assert world.records[model] in response.context["cl"].result_list


@pytest.mark.parametrize("model", DATA_MODELS, ids=_model_id)
def test_search_finds_the_record(model, world, editor_client):
    """Searching for the record's slug (or its indicator's) answers 200 and finds it."""
    record = world.records[model]
    response = editor_client.get(admin_url(model, "changelist"), {"q": _search_term(model, record)})
    assert response.status_code == status.HTTP_200_OK
    assert list(response.context["cl"].result_list) == [record]


@pytest.mark.parametrize("model", DATA_MODELS, ids=_model_id)
def test_every_filter_choice_answers(model, world, editor_client):
    """Every choice of every list filter answers 200 for an editor."""
    url = admin_url(model, "changelist")
    changelist = editor_client.get(url).context["cl"]
    query_strings = [
        choice["query_string"]
        for spec in changelist.filter_specs
        for choice in spec.choices(changelist)
    ]
    assert len(query_strings) > len(changelist.filter_specs)
    for query_string in query_strings:
        response = editor_client.get(url + query_string)
        assert response.status_code == status.HTTP_200_OK, query_string


@pytest.mark.parametrize("model", DATA_MODELS, ids=_model_id)
@pytest.mark.parametrize("view", ["change", "history"])
def test_record_pages_answer_an_editor(model, view, world, editor_client):
    """The change form and the history page of a record answer 200."""
    response = editor_client.get(admin_url(model, view, world.records[model].pk))
    assert response.status_code == status.HTTP_200_OK


@pytest.mark.parametrize("model", DATA_MODELS, ids=_model_id)
def test_add_form_answers_an_editor(model, editor_client):
    """The empty add form answers 200."""
    assert editor_client.get(admin_url(model, "add")).status_code == status.HTTP_200_OK


@pytest.mark.parametrize("model", DATA_MODELS, ids=_model_id)
def test_changelist_query_count_does_not_grow_with_rows(
    model, world, editor_client, django_assert_num_queries
):
    """Three more rows, each with its own related records, cost no extra query."""
    url = admin_url(model, "changelist")
    with CaptureQueriesContext(connection) as one_row:
        editor_client.get(url)
    for _ in range(3):
        MORE_ROWS[model](world)
    with django_assert_num_queries(len(one_row)):
        response = editor_client.get(url)
    assert len(response.context["cl"].result_list) >= 4


def _export(client, model, file_format, query=""):
    url = admin_url(model, "export") + query
    data = form_fields(client.get(url).context["form"])
    return client.post(url, {**data, "format": EXPORT_FORMATS[file_format]})


def _exported_slugs(response, file_format):
    if file_format == "csv":
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
        return {row["slug"] for row in rows}
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = sheet.iter_rows(values_only=True)
    return {dict(zip(header, row, strict=True))["slug"] for row in rows}


@pytest.mark.parametrize("model", [m for m in DATA_MODELS if m is not IndicatorComparison])
@pytest.mark.parametrize("file_format", EXPORT_FORMATS)
def test_export_writes_every_record(model, file_format, world, editor_client):
    """CSV and XLSX exports of a changelist hold its records, named by slug."""
    response = _export(editor_client, model, file_format)
    assert response.status_code == status.HTTP_200_OK
    assert response["Content-Disposition"].endswith(f'.{file_format}"')
    assert world.records[model].slug in _exported_slugs(response, file_format)


@pytest.mark.parametrize("file_format", EXPORT_FORMATS)
def test_export_respects_the_changelist_filters(file_format, world, editor_client):
    """Exporting a filtered changelist writes only the rows the filter shows."""
    group = make_enterprise(kind=EnterpriseKind.GROUP)
    response = _export(editor_client, Enterprise, file_format, "?kind__exact=group")
    assert _exported_slugs(response, file_format) == {group.slug}


def test_export_names_relations_by_slug(world, editor_client):
    """Foreign keys and many-to-many fields are written as slugs, not database ids."""
    response = _export(editor_client, Enterprise, "csv", f"?q={world.enterprise.slug}")
    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8")))
    assert row["park"] == world.park.slug
    assert row["clusters"] == world.cluster.slug
    assert row["source"] == world.source.slug
    assert "id" not in row


@pytest.mark.parametrize(
    ("accept_language", "index_title"),
    [("en", "Data administration"), ("zh-hans", "数据管理"), ("zh-CN,zh;q=0.9", "数据管理")],
)
def test_admin_speaks_the_browsers_language(accept_language, index_title, editor_client):
    """The index is in Chinese for a Chinese browser, in English otherwise, under one name."""
    response = editor_client.get("/admin/", headers={"accept-language": accept_language})
    page = response.content.decode()
    assert SERVICE_NAME in page
    assert index_title in page


def test_admin_translates_the_data_models(editor_client):
    """A Chinese browser sees the apps and models under Chinese names."""
    page = editor_client.get("/admin/", headers={"accept-language": "zh-hans"}).content.decode()
    assert "企业" in page
    assert "指标" in page
    assert "Enterprises" not in page


def test_view_site_leads_to_the_public_api(editor_client):
    """The admin's "View site" link opens the API root, the service's only public page."""
    page = editor_client.get("/admin/").content.decode()
    assert 'href="/api/v1/"' in page
