"""The project admin: the investment is validated by the form and normalized, never typed."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework import status

from apps.projects.models import Project
from tests.admin_forms import admin_url, form_fields, submitted_form_data
from tests.factories import make_project, make_source

pytestmark = pytest.mark.django_db


def _add_project(client, language, **fields):
    url = admin_url(Project, "add")
    page = client.get(url, headers={"accept-language": language})
    data = {
        **submitted_form_data(page),
        "slug": "new-line",
        "name_zh": "新生产线",
        "name_en": "New production line",
        "status": "signed",
        "source": make_source().pk,
        "source_quote": "巴南区",
        **fields,
    }
    return client.post(url, data, headers={"accept-language": language})


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "An investment cannot be negative."), ("zh-hans", "投资额不能为负数。")],
)
def test_a_negative_investment_is_refused_in_the_editors_language(language, message, editor_client):
    """The form refuses -5 亿 with the constraint's message, before the database sees it."""
    response = _add_project(
        editor_client, language, investment_amount="-5", investment_unit_multiplier="8"
    )
    assert response.status_code == status.HTTP_200_OK
    assert response.context["adminform"].form.non_field_errors() == [message]
    assert not Project.objects.exists()


def test_the_investment_in_cny_is_computed_from_the_stated_amount(editor_client):
    """12 亿 is stored as stated and as 1 200 000 000 yuan."""
    response = _add_project(
        editor_client, "en", investment_amount="12", investment_unit_multiplier="8"
    )
    assert response.status_code == status.HTTP_302_FOUND
    project = Project.objects.get()
    assert (project.investment_amount, project.investment_cny) == (12, Decimal("1200000000"))


def test_a_late_november_signing_is_kept_as_a_span(editor_client):
    """'Late November 2023' is saved as 2023-11-21..2023-11-30, not as an invented day."""
    response = _add_project(
        editor_client, "en", signed_earliest="2023-11-21", signed_latest="2023-11-30"
    )
    assert response.status_code == status.HTTP_302_FOUND
    assert Project.objects.get().signed == "2023-11-21/2023-11-30"


def test_an_excel_export_imports_back_without_changes(editor_client):
    """Decimals and dates survive the round trip through an .xlsx file: every row is unchanged."""
    make_project(
        investment_amount=Decimal("34.73"),
        investment_unit_multiplier=8,
        signed_earliest=datetime.date(2023, 11, 21),
        signed_latest=datetime.date(2023, 11, 30),
    )
    export_url = admin_url(Project, "export")
    export_data = form_fields(editor_client.get(export_url).context["form"])
    workbook = editor_client.post(export_url, {**export_data, "format": "1"}).content

    import_url = admin_url(Project, "import")
    import_data = form_fields(editor_client.get(import_url).context["form"])
    upload = SimpleUploadedFile("projects.xlsx", workbook)
    preview = editor_client.post(import_url, {**import_data, "format": "1", "import_file": upload})

    result = preview.context["result"]
    assert not result.has_errors()
    assert not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["skip"]
