"""The enterprise admin: history and revert, inlines, search, validation, and CSV import."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import status

from apps.enterprises.models import Enterprise, Person, Statement
from apps.indicators.choices import SubjectType
from apps.projects.models import Project
from tests.admin_forms import admin_url, form_fields, submit_form, submitted_form_data
from tests.factories import (
    make_cluster,
    make_enterprise,
    make_indicator,
    make_park,
    make_person,
    make_project,
    make_statement,
)

pytestmark = pytest.mark.django_db


def test_an_edit_is_recorded_with_who_when_and_what(editor, editor_client):
    """Saving the change form records the editor and the changed field in the history page."""
    enterprise = make_enterprise(name_en="Zongshen Group")
    response = submit_form(
        editor_client,
        admin_url(Enterprise, "change", enterprise.pk),
        name_en="Zongshen Industrial Group",
    )
    assert response.status_code == status.HTTP_302_FOUND

    latest = enterprise.history.latest()
    assert (latest.history_type, latest.history_user) == ("~", editor)
    page = editor_client.get(admin_url(Enterprise, "history", enterprise.pk)).content.decode()
    assert "Zongshen Group" in page
    assert "Zongshen Industrial Group" in page
    assert editor.username in page


def test_revert_restores_the_previous_value(editor_client):
    """Reverting to the first version from its history page brings the old English name back."""
    enterprise = make_enterprise(name_en="Zongshen Group")
    first_version = enterprise.history.earliest()
    submit_form(editor_client, admin_url(Enterprise, "change", enterprise.pk), name_en="Renamed")

    revert_url = admin_url(Enterprise, "simple_history", enterprise.pk, first_version.history_id)
    response = submit_form(editor_client, revert_url)

    assert response.status_code == status.HTTP_302_FOUND
    enterprise.refresh_from_db()
    assert enterprise.name_en == "Zongshen Group"
    assert enterprise.history.count() == 3


def test_a_deletion_is_recorded_in_the_history(client):
    """Deleting an enterprise (only an administrator can) leaves a '-' record naming who did it."""
    root = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(root)
    enterprise = make_enterprise()

    response = client.post(admin_url(Enterprise, "delete", enterprise.pk), {"post": "yes"})

    assert response.status_code == status.HTTP_302_FOUND
    deletion = Enterprise.history.filter(id=enterprise.pk).latest()
    assert (deletion.history_type, deletion.history_user) == ("-", root)


def test_search_matches_the_chinese_short_name(editor_client):
    """Editors find an enterprise by the short name the article uses."""
    wanted = make_enterprise(short_name_zh="智翔金泰")
    make_enterprise(short_name_zh="宗申")
    response = editor_client.get(admin_url(Enterprise, "changelist"), {"q": "智翔"})
    assert list(response.context["cl"].result_list) == [wanted]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Enterprise with this Slug already exists."),
        ("zh-hans", "具有 标识 的 企业 已存在。"),
    ],
)
def test_a_slug_in_use_is_refused_in_the_editors_language(language, message, editor_client):
    """Adding an enterprise under an existing slug re-shows the form with a clear message."""
    existing = make_enterprise()
    url = admin_url(Enterprise, "add")
    page = editor_client.get(url, headers={"accept-language": language})
    data = {
        **submitted_form_data(page),
        "slug": existing.slug,
        "name_zh": "重复",
        "name_en": "Duplicate",
        "kind": "company",
        "source": existing.source_id,
        "source_quote": "巴南区",
    }
    response = editor_client.post(url, data, headers={"accept-language": language})
    assert response.status_code == status.HTTP_200_OK
    assert response.context["adminform"].form.errors["slug"] == [message]
    assert Enterprise.objects.count() == 1


def test_projects_and_indicators_are_added_on_the_enterprise_page(editor_client):
    """New inline rows become the enterprise's project and an indicator whose subject it is."""
    enterprise = make_enterprise()
    url = admin_url(Enterprise, "change", enterprise.pk)
    data = submitted_form_data(editor_client.get(url))
    source = str(enterprise.source_id)
    data.update(
        {
            "projects-TOTAL_FORMS": "1",
            "projects-0-slug": "new-line",
            "projects-0-name_zh": "新生产线",
            "projects-0-name_en": "New production line",
            "projects-0-status": "signed",
            "projects-0-source": source,
            "projects-0-source_quote": "巴南区",
            "indicators-TOTAL_FORMS": "1",
            "indicators-0-slug": "output-2023",
            "indicators-0-name_zh": "产值",
            "indicators-0-name_en": "Output",
            "indicators-0-value": "34.73",
            "indicators-0-unit": "cny",
            "indicators-0-unit_multiplier": "8",
            "indicators-0-qualifier": "exact",
            "indicators-0-period_start": "2023-01-01",
            "indicators-0-period_end": "2023-12-31",
            "indicators-0-kind": "actual",
            "indicators-0-source": source,
            "indicators-0-source_quote": "巴南区",
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == status.HTTP_302_FOUND
    assert Project.objects.get(slug="new-line").enterprise == enterprise
    indicator = enterprise.indicators.get()
    assert (indicator.subject_type, indicator.subject) == (SubjectType.ENTERPRISE, enterprise)
    assert indicator.value_normalized == 3473000000


def test_change_form_query_count_does_not_grow_with_inline_rows(
    editor_client, django_assert_num_queries
):
    """Three more projects and indicators, each citing its own source, cost no extra query."""
    enterprise = make_enterprise()
    enterprise.clusters.add(make_cluster())
    make_project(enterprise=enterprise)
    make_indicator(subject_type=SubjectType.ENTERPRISE, enterprise=enterprise)
    url = admin_url(Enterprise, "change", enterprise.pk)
    with CaptureQueriesContext(connection) as one_row_each:
        editor_client.get(url)
    for _ in range(3):
        make_project(enterprise=enterprise)
        make_indicator(subject_type=SubjectType.ENTERPRISE, enterprise=enterprise)

    with django_assert_num_queries(len(one_row_each)):
        editor_client.get(url)


def _import(client, csv_text):
    url = admin_url(Enterprise, "import")
    data = form_fields(client.get(url).context["form"])
    upload = SimpleUploadedFile("enterprises.csv", csv_text.encode("utf-8"), "text/csv")
    return client.post(url, {**data, "format": "0", "import_file": upload})


IMPORT_HEADER = "slug,name_zh,name_en,kind,clusters,source,source_quote\n"


def test_an_import_dry_run_with_one_bad_row_saves_nothing_and_names_the_row(editor_client):
    """Row 2 names a kind that does not exist: the preview says so and nothing is saved."""
    source = make_enterprise().source.slug
    before = Enterprise.objects.count()
    response = _import(
        editor_client,
        IMPORT_HEADER
        + f"good-one,好企业,Good One,company,,{source},巴南区\n"
        + f"bad-one,坏企业,Bad One,conglomerate,,{source},巴南区\n"
        + f"good-two,好企业二,Good Two,group,,{source},巴南区\n",
    )

    assert response.status_code == status.HTTP_200_OK
    result = response.context["result"]
    (invalid,) = result.invalid_rows
    assert invalid.number == 2
    assert "kind" in invalid.field_specific_errors
    assert "confirm_form" not in response.context
    assert Enterprise.objects.count() == before


def test_an_import_names_an_unknown_cluster_slug(editor_client):
    """A many-to-many slug that matches no cluster is a validation error of its row."""
    source = make_enterprise().source.slug
    response = _import(
        editor_client,
        IMPORT_HEADER + f"new-one,新企业,New One,company,no-such-cluster,{source},巴南区\n",
    )
    (invalid,) = response.context["result"].invalid_rows
    assert invalid.field_specific_errors["clusters"] == [
        "No cluster has the slug “no-such-cluster”."
    ]


def test_a_valid_import_is_previewed_then_saved_by_the_editor(editor, editor_client):
    """A clean file is previewed; confirming it creates the rows, recorded as the editor's."""
    cluster = make_cluster()
    source = make_enterprise().source.slug
    preview = _import(
        editor_client,
        IMPORT_HEADER + f"imported,导入企业,Imported,company,{cluster.slug},{source},巴南区\n",
    )
    assert Enterprise.objects.filter(slug="imported").exists() is False
    confirm = form_fields(preview.context["confirm_form"])

    response = editor_client.post(admin_url(Enterprise, "process_import"), confirm)

    assert response.status_code == status.HTTP_302_FOUND
    imported = Enterprise.objects.get(slug="imported")
    assert list(imported.clusters.all()) == [cluster]
    assert {record.history_user for record in imported.history.all()} == {editor}


def test_a_statement_form_offers_the_three_speakers_and_refuses_two(editor_client):
    """Choosing a person and a park at once shows the constraint's message and saves nothing."""
    statement = make_statement()
    response = submit_form(
        editor_client, admin_url(Statement, "change", statement.pk), park=str(make_park().pk)
    )
    assert response.status_code == status.HTTP_200_OK
    assert "exactly one speaker" in str(response.context["adminform"].form.non_field_errors())
    statement.refresh_from_db()
    assert statement.park is None


def test_people_and_statements_are_searchable_in_the_admin(editor_client):
    """The search box finds people by role and statements by their words."""
    person = make_person(name_zh="董理理", role_zh="董事长")
    statement = make_statement(person=person, text_zh="巴南", name_en="On Banan")
    people = editor_client.get(admin_url(Person, "changelist"), {"q": "董事长"})
    assert list(people.context["cl"].result_list) == [person]
    said = editor_client.get(admin_url(Statement, "changelist"), {"q": "巴南"})
    assert list(said.context["cl"].result_list) == [statement]
    assert (
        "Speaker"
        in editor_client.get(admin_url(Statement, "change", statement.pk)).content.decode()
    )
