"""CSV: one header row, UTF-8 with a BOM, in the one spreadsheet dialect of the service."""

import csv
import io
from decimal import Decimal

import pytest
from rest_framework import renderers, status

from apps.core.api.renderers import CSVRenderer, EncodedRows, JSONRenderer
from apps.core.spreadsheets import cell, neutralize_formula, restore_formula
from tests.core.test_api_querysets import RESOURCES

pytestmark = pytest.mark.django_db


def _rows(response):
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(content[1:])))


def test_a_list_as_csv_opens_in_excel_with_chinese_intact(api_client, dataset):
    """?format=csv answers text/csv, UTF-8 with a BOM, Chinese names readable."""
    response = api_client.get("/api/v1/enterprises/?format=csv")
    assert response.status_code == status.HTTP_200_OK
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response["Content-Disposition"] == 'attachment; filename="enterprise.csv"'
    rows = {row["slug"]: row for row in _rows(response)}
    assert rows["zongshen"]["name_zh"] == "宗申产业集团"


def test_accept_text_csv_is_the_same_as_format_csv(api_client, dataset):
    """The Accept header chooses CSV as the format parameter does."""
    by_header = api_client.get("/api/v1/clusters/", HTTP_ACCEPT="text/csv")
    by_parameter = api_client.get("/api/v1/clusters/?format=csv")
    assert by_header["Content-Type"] == "text/csv; charset=utf-8"
    assert by_header.content == by_parameter.content


def test_related_records_are_flattened_to_slugs(api_client, dataset):
    """One related record is its slug; several are slugs joined by commas, in system order."""
    dataset.zongshen.clusters.add(dataset.biomedicine)
    rows = {row["slug"]: row for row in _rows(api_client.get("/api/v1/enterprises/?format=csv"))}
    assert rows["zongshen"]["clusters"] == "biomedicine,automobiles-motorcycles"
    assert rows["zhixiang-jintai"]["park"] == "international-bio-city"
    assert rows["zongshen"]["park"] == ""
    assert rows["zongshen"]["source"] == "banan-1246"


def test_csv_uses_the_same_filters(api_client, dataset):
    """Filters select the CSV rows as they select JSON rows."""
    rows = _rows(api_client.get("/api/v1/enterprises/?format=csv&cluster=biomedicine"))
    assert [row["slug"] for row in rows] == ["zhixiang-jintai"]


def test_an_empty_csv_still_has_its_header(api_client):
    """The header row comes from the fields, not from the first row."""
    content = api_client.get("/api/v1/clusters/?format=csv").content.decode("utf-8-sig")
    assert content.splitlines() == [
        "url,slug,name_zh,name_en,name,tier,position,description_zh,description_en,description,"
        "source,source_quote,inferences,editors_note_zh,editors_note_en,updated_at"
    ]


def test_csv_columns_follow_fields_and_lang(api_client, dataset):
    """fields= picks columns; lang chooses the language of the name column."""
    content = api_client.get("/api/v1/clusters/biomedicine/?format=csv&fields=slug,name&lang=zh")
    assert content.content.decode("utf-8-sig").splitlines() == ["slug,name", "biomedicine,生物医药"]


def test_numbers_are_written_in_full_and_comparisons_as_json(api_client, dataset):
    """Decimals lose trailing zeros but never use exponents; nested lists are JSON."""
    rows = {row["slug"]: row for row in _rows(api_client.get("/api/v1/indicators/?format=csv"))}
    target = rows["two-pillars-output-2027"]
    assert target["value"] == "1000"
    assert target["value_normalized"] == "100000000000"
    assert target["subject"] == "automobiles-motorcycles"
    growth = rows["industrial-investment-growth-2023"]
    assert growth["value"] == "18.3"
    assert growth["subject"] == ""
    assert growth["comparisons"].startswith('[{"benchmark_en": "central districts of Chongqing"')
    assert '"value": 4}' in growth["comparisons"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (Decimal("1.2E+11"), "120000000000"),
        (Decimal("0.5000"), "0.5"),
        ({"slug": "a", "name_zh": "甲"}, "a"),
        ([{"slug": "a"}, {"slug": "b"}], "a,b"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("-1", "'-1"),
        (Decimal("-1"), "-1"),
        ([], ""),
        ({"earliest": "2023"}, '{"earliest": "2023"}'),
        ([{"value": Decimal("2.5")}], '[{"value": 2.5}]'),
        ("巴南", "巴南"),
    ],
)
def test_cell(value, expected):
    """Every JSON value has one cell form; text a spreadsheet would run is marked as text."""
    assert cell(value) == expected


def test_the_renderer_renders_nothing_for_no_data():
    """A body-less answer stays empty."""
    assert CSVRenderer().render(None) == b""


def test_a_json_value_that_is_not_a_number_is_refused():
    """Only decimals are converted for the JSON of a cell; anything else is a programming error."""
    with pytest.raises(TypeError):
        cell([{"when": object()}])


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "plain", "'=x"])
def test_a_neutralized_formula_reads_back_as_written(text):
    """Export then import gives the text back, whatever it starts with."""
    assert restore_formula(neutralize_formula(text)) == text


def test_an_editors_formula_is_served_as_text(api_client, dataset):
    """A description beginning with = is shown, never run, by the spreadsheet that opens it."""
    dataset.zongshen.description_en = '=HYPERLINK("http://evil.example","click")'
    dataset.zongshen.save()
    rows = {row["slug"]: row for row in _rows(api_client.get("/api/v1/enterprises/?format=csv"))}
    assert rows["zongshen"]["description_en"] == "'" + dataset.zongshen.description_en


# --- JSON: rows already encoded ---------------------------------------------------------------


def _encoded(rows):
    renderer = JSONRenderer()
    return EncodedRows([renderer.encode_row(row) for row in rows], serializer=None)


ROWS = [
    {"slug": "a", "name_zh": "宗申产业集团", "value": 18.3, "note": "line\u2028separator"},
    {"slug": "b", "name_zh": None, "value": None, "note": 'quote " and \\ back'},
]


def test_encoded_rows_are_written_as_drfs_renderer_writes_them():
    """In the list's envelope (whose next URL holds the placeholder's text, percent-encoded, as
    a client may send it), bare, and indented on request."""
    drf = renderers.JSONRenderer()
    envelope = {"count": 2, "next": "http://x/?q=%00rows%00&page=2", "previous": None}
    for data, encoded in (
        ({**envelope, "results": ROWS}, {**envelope, "results": _encoded(ROWS)}),
        (ROWS, _encoded(ROWS)),
        ({**envelope, "results": []}, {**envelope, "results": _encoded([])}),
    ):
        assert JSONRenderer().render(encoded) == drf.render(data)
        indented = "application/json; indent=4"
        assert JSONRenderer().render(encoded, indented) == drf.render(data, indented)


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_list_is_the_json_of_its_data(resource, api_client, dataset):
    """A list written from kept rows reads back to the data that DRF's renderer writes the
    same, byte for byte."""
    for _ in range(2):  # made, then from the rows kept
        response = api_client.get(f"/api/v1/{resource}/", {"page_size": 500})
        assert response.status_code == status.HTTP_200_OK
        assert response.json()["results"]
        assert renderers.JSONRenderer().render(response.json()) == response.content
