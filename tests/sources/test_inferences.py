"""Inference marks and the editors' note on every cited record: validated against the record's
own fields, refused by the database when not a list, and shown in the API, the admin, the CSV
and the import/export files."""

import json

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rest_framework import status

from apps.parks.models import Park
from apps.parks.resources import ParkResource
from apps.sources.inferences import inferable_field_names, inferred_fields
from tests.admin_forms import admin_url, submit_form
from tests.factories import make_park, make_source

pytestmark = pytest.mark.django_db

PARENT_INFERRED = {"field": "parent", "basis_zh": "由上下文推定。", "basis_en": "From the context."}


def _errors(park):
    with pytest.raises(ValidationError) as raised:
        park.full_clean()
    return raised.value.message_dict["inferences"]


def test_a_mark_names_a_field_of_the_record_and_gives_a_basis_in_both_languages():
    """A valid mark passes full_clean and is read back as the set of inferred fields."""
    park = make_park(inferences=[PARENT_INFERRED])
    park.full_clean()
    assert inferred_fields(park) == {"parent"}


@pytest.mark.parametrize(
    ("inferences", "message"),
    [
        ({"field": "parent"}, "Give a list of inferences."),
        (
            [{"field": "parent", "basis_zh": "甲"}],
            "Inference 1: give an object with exactly the keys field, basis_zh and basis_en.",
        ),
        (
            [{**PARENT_INFERRED, "field": "period_start"}],
            "Inference 1: “period_start” is not a field of this record. Valid: clusters, "
            "description_en, description_zh, name_en, name_zh, parent.",
        ),
        (
            [PARENT_INFERRED, PARENT_INFERRED],
            "Inference 2: “parent” is already marked as inferred.",
        ),
        (
            [{**PARENT_INFERRED, "basis_en": " "}],
            "Inference 1: give its basis in Chinese and in English.",
        ),
        ([{**PARENT_INFERRED, "field": "slug"}], "Inference 1: “slug” is not a field"),
    ],
    ids=["not-a-list", "missing-key", "unknown-field", "duplicate", "blank-basis", "identity"],
)
def test_a_mark_naming_no_field_of_the_record_is_refused(inferences, message):
    """Unknown or bookkeeping fields, duplicates, missing keys and blank bases are refused."""
    park = make_park()
    park.inferences = inferences
    assert any(error.startswith(message) for error in _errors(park))


def test_only_fields_that_state_something_can_be_marked():
    """Identity, citation, timestamps and the marks themselves are never inferred."""
    names = inferable_field_names(Park)
    assert "clusters" in names
    assert not {"id", "slug", "source", "source_quote", "inferences", "updated_at"} & set(names)


@pytest.mark.parametrize("value", [{"field": "parent"}, "parent", 3])
def test_the_database_refuses_marks_that_are_not_a_list(value):
    """A CHECK on the JSON type holds even for writes that skip validation."""
    park = make_park()
    Park.objects.filter(pk=park.pk).update(inferences=[])
    with pytest.raises(IntegrityError), transaction.atomic():
        Park.objects.filter(pk=park.pk).update(inferences=value)


def test_the_api_serves_and_accepts_marks_and_notes(api_client, token_client, dataset):
    """inferences, editors_note_zh and editors_note_en are read and written like other fields."""
    client = token_client("change_park")
    response = client.patch(
        "/api/v1/parks/xingzhou/",
        {
            "inferences": [PARENT_INFERRED],
            "editors_note_zh": "原文未说明。",
            "editors_note_en": "The source does not say.",
        },
        format="json",
    )
    assert response.status_code == status.HTTP_200_OK, response.json()
    body = api_client.get("/api/v1/parks/xingzhou/").json()
    assert body["inferences"] == [PARENT_INFERRED]
    assert (body["editors_note_zh"], body["editors_note_en"]) == (
        "原文未说明。",
        "The source does not say.",
    )


def test_the_api_refuses_a_mark_of_an_unknown_field(token_client, dataset):
    """The error names the inferences field, as any validation error names its field."""
    response = token_client("change_park").patch(
        "/api/v1/parks/xingzhou/",
        {"inferences": [{**PARENT_INFERRED, "field": "colour"}]},
        format="json",
    )
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    [error] = response.json()["errors"]
    assert error["attr"] == "inferences"
    assert "“colour” is not a field of this record" in error["detail"]


def test_the_csv_holds_the_marks_as_one_readable_json_cell(api_client, dataset):
    """The CSV column is the JSON list, Chinese unescaped."""
    Park.objects.filter(slug="xingzhou").update(inferences=[PARENT_INFERRED])
    content = api_client.get("/api/v1/parks/?format=csv&fields=slug,inferences").content
    rows = list(tablib.Dataset().load(content.decode("utf-8-sig"), format="csv").dict)
    cell = next(row["inferences"] for row in rows if row["slug"] == "xingzhou")
    assert json.loads(cell) == [PARENT_INFERRED]
    assert "由上下文推定" in cell


def test_the_schema_types_the_marks(api_client):
    """Generated clients see a list of {field, basis_zh, basis_en}, not an untyped value."""
    schema = api_client.get("/api/schema/?format=json").json()
    inferences = schema["components"]["schemas"]["Park"]["properties"]["inferences"]
    assert inferences["type"] == "array"
    assert inferences["items"]["required"] == ["field", "basis_zh", "basis_en"]


def test_the_admin_form_shows_the_marks_beside_the_provenance(editor_client):
    """The fieldset follows Provenance; the list is shown indented with Chinese as written."""
    park = make_park(inferences=[PARENT_INFERRED])
    page = editor_client.get(admin_url(Park, "change", park.pk)).content.decode()
    assert page.index("Provenance") < page.index("Inferences and editors")
    assert "由上下文推定" in page
    assert "\n  {\n    &quot;field&quot;: &quot;parent&quot;" in page


def test_the_admin_refuses_a_mark_of_an_unknown_field_and_saves_nothing(editor_client):
    """The form shows the validation message on the field."""
    park = make_park()
    response = submit_form(
        editor_client,
        admin_url(Park, "change", park.pk),
        inferences=json.dumps([{**PARENT_INFERRED, "field": "colour"}]),
    )
    assert response.status_code == status.HTTP_200_OK
    errors = response.context["adminform"].form.errors["inferences"]
    assert "“colour” is not a field of this record" in errors[0]
    park.refresh_from_db()
    assert park.inferences == []


def _park_rows(**fields):
    source = make_source()
    row = {
        "slug": "xingzhou",
        "name_zh": "星洲座",
        "name_en": "Xingzhou Block",
        "source": source.slug,
        "source_quote": "巴南区",
        "inferences": "",
        **fields,
    }
    return tablib.Dataset(list(row.values()), headers=list(row))


def test_an_export_writes_the_marks_as_json_and_an_import_reads_them_back():
    """The export's JSON cell round-trips; an empty cell is no marks."""
    park = make_park(inferences=[PARENT_INFERRED])
    exported = ParkResource().export()
    cell = exported.dict[0]["inferences"]
    assert json.loads(cell) == [PARENT_INFERRED]
    assert "由上下文推定" in cell
    result = ParkResource().import_data(_park_rows(slug=park.slug, inferences=cell))
    assert not result.has_validation_errors()
    result = ParkResource().import_data(_park_rows(slug="empty-marks"))
    assert not result.has_validation_errors()
    assert Park.objects.get(slug="empty-marks").inferences == []


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("[{'field'", "Give the inferences as a JSON list, as an export writes them."),
        (json.dumps([{**PARENT_INFERRED, "field": "colour"}]), "“colour” is not a field"),
    ],
    ids=["not-json", "unknown-field"],
)
def test_an_import_refuses_bad_marks_on_their_row(cell, message):
    """Broken JSON and unknown fields are row errors; nothing is saved."""
    result = ParkResource().import_data(
        _park_rows(inferences=cell), rollback_on_validation_errors=True
    )
    [row] = result.invalid_rows
    assert any(message in error for error in row.field_specific_errors["inferences"])
    assert not Park.objects.filter(slug="xingzhou").exists()
