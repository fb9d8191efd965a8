"""Excel workbooks (format=xlsx): typed cells, headers in the request's language, comparisons on
a sheet of their own; and whole numbers (ranks, counts) as integers in JSON and CSV."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from rest_framework import status

from apps.core.api.xlsx import CELL_MAX_CHARACTERS, XLSX_MEDIA_TYPE, number_format
from apps.indicators.choices import SubjectType, Unit
from tests.factories import make_cluster, make_comparison, make_indicator, make_initiative

pytestmark = pytest.mark.django_db

RESOURCES = {
    "sources": "banan-1246",
    "clusters": "biomedicine",
    "initiatives": "low-altitude-economy",
    "parks": "xingzhou",
    "enterprises": "zhixiang-jintai",
    "projects": "wafer-centre",
    "indicators": "industrial-investment-growth-2023",
}


def _workbook(response):
    assert response.status_code == status.HTTP_200_OK, response.content[:300]
    assert response["Content-Type"] == XLSX_MEDIA_TYPE
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _rows(sheet):
    """The sheet as dicts keyed by header."""
    header, *rows = sheet.iter_rows()
    names = [cell.value for cell in header]
    return [dict(zip(names, row, strict=True)) for row in rows]


@pytest.mark.parametrize(("resource", "slug"), RESOURCES.items())
def test_every_list_and_detail_answers_a_workbook(api_client, dataset, resource, slug):
    """The list holds every matching row, the detail its record, under the CSV's columns and
    named as the CSV is named."""
    make_initiative(slug="low-altitude-economy").clusters.set([dataset.new_star])
    listed = api_client.get(f"/api/v1/{resource}/", {"format": "xlsx"})
    sheet = _workbook(listed).worksheets[0]
    count = api_client.get(f"/api/v1/{resource}/").json()["count"]
    assert sheet.max_row == 1 + count
    csv = api_client.get(f"/api/v1/{resource}/", {"format": "csv"})
    csv_header = csv.content.decode("utf-8-sig").splitlines()[0].split(",")
    assert listed["Content-Disposition"] == csv["Content-Disposition"].replace(".csv", ".xlsx")
    detail = api_client.get(f"/api/v1/{resource}/{slug}/", HTTP_ACCEPT=XLSX_MEDIA_TYPE)
    workbook = _workbook(detail)
    assert detail["Content-Disposition"].endswith(f'-{slug}.xlsx"')
    (row,) = _rows(workbook.worksheets[0])
    # Comparisons and reviewed non-facts have their own sheet.
    nested = 1 if resource in ("indicators", "sources") else 0
    assert len(row) == len(csv_header) - nested
    assert "links" not in csv_header


def test_cells_are_typed_as_the_contract_types_them(api_client, dataset):
    """Numbers are numbers shown with every digit and no exponent, dates are dates, timestamps
    date-times, and a period label such as 2024-03 stays text."""
    make_indicator(
        slug="bio-city-output",
        subject_type=SubjectType.PARK,
        park=dataset.bio_city,
        value=Decimal("1000"),
        unit=Unit.CNY,
        unit_multiplier=8,
        period_start=datetime.date(2024, 3, 1),
        period_end=datetime.date(2024, 3, 31),
    )
    sheet = _workbook(api_client.get("/api/v1/indicators/?format=xlsx")).worksheets[0]
    rows = {row["Slug"].value: row for row in _rows(sheet)}
    output = rows["bio-city-output"]
    assert output["Normalized value"].value == 100_000_000_000
    assert output["Normalized value"].data_type == "n"
    assert output["Normalized value"].number_format == "0"
    assert output["Period"].value == "2024-03"
    assert output["Period"].data_type == "s"
    assert output["Period (earliest day)"].is_date
    assert output["Period (earliest day)"].value.date() == datetime.date(2024, 3, 1)
    assert output["Updated at"].is_date
    growth = rows["industrial-investment-growth-2023"]
    assert growth["Value as stated"].value == pytest.approx(18.3)
    assert growth["Value as stated"].number_format == "0.0"
    assert growth["Subject"].value is None
    assert rows["zongshen-motorcycle-sales-2023"]["Subject"].value == "zongshen"


def test_an_investment_in_yuan_is_a_whole_number_cell(api_client, dataset):
    """50 亿 is 5000000000 in a number cell, never 5E+09."""
    sheet = _workbook(api_client.get("/api/v1/projects/?format=xlsx")).worksheets[0]
    rows = {row["Slug"].value: row for row in _rows(sheet)}
    cell = rows["intelligent-equipment-base"]["Investment in CNY"]
    assert (cell.value, cell.data_type, cell.number_format) == (5_000_000_000, "n", "0")
    assert rows["intelligent-equipment-base"]["Signing date"].value == "2023-11-21/2023-11-30"


@pytest.mark.parametrize(
    ("number", "shown_as"),
    [(Decimal("3473000000.0000"), "0"), (Decimal("34.7300"), "0.00"), (4, "0"), (0.5, "0.0")],
)
def test_a_number_format_shows_every_digit_and_no_exponent(number, shown_as):
    """As many decimal places as the number has, none for a whole one."""
    assert number_format(number) == shown_as


def test_the_header_row_speaks_the_requested_language(api_client, dataset):
    """lang=zh (or Accept-Language) gives Chinese column names and sheet titles."""
    english = _workbook(api_client.get("/api/v1/clusters/?format=xlsx")).worksheets[0]
    chinese = _workbook(api_client.get("/api/v1/clusters/?format=xlsx&lang=zh")).worksheets[0]
    assert [cell.value for cell in english[1]][:4] == [
        "URL",
        "Slug",
        "Name (Chinese)",
        "Name (English)",
    ]
    assert [cell.value for cell in chinese[1]][:4] == [
        "网址",
        "标识",
        "名称（中文）",
        "名称（英文）",
    ]
    assert (english.title, chinese.title) == ("Clusters", "产业集群")
    by_header = _workbook(
        api_client.get("/api/v1/clusters/?format=xlsx", HTTP_ACCEPT_LANGUAGE="zh-CN")
    ).worksheets[0]
    assert by_header[1][0].value == "网址"


def test_comparisons_are_rows_of_a_second_sheet(api_client, dataset):
    """One row per comparison, keyed by its indicator's slug, instead of JSON in a cell."""
    make_comparison(dataset.motorcycle_sales, value=Decimal("4"), benchmark_en="China")
    workbook = _workbook(api_client.get("/api/v1/indicators/?format=xlsx&lang=zh"))
    assert [sheet.title for sheet in workbook.worksheets] == ["指标", "指标比较"]
    rows = _rows(workbook.worksheets[1])
    assert [(row["指标"].value, row["数值"].value) for row in rows] == [
        ("industrial-investment-growth-2023", 4),
        ("industrial-investment-growth-2023", 9),
        ("zongshen-motorcycle-sales-2023", 4),
    ]
    assert rows[0]["数值"].data_type == "n"
    assert "指标比较" not in [cell.value for cell in workbook.worksheets[0][1]]


def test_text_a_spreadsheet_would_run_is_kept_as_text(api_client, dataset):
    """A formula is marked with an apostrophe and stored as text; characters XML cannot hold
    are dropped; text beyond Excel's cell limit is cut, saying so."""
    make_cluster(
        slug="formula",
        name_en='=HYPERLINK("http://evil.example","x")',
        name_zh="控制\x07字符",
        description_en="x" * (CELL_MAX_CHARACTERS + 10),
    )
    sheet = _workbook(api_client.get("/api/v1/clusters/formula/?format=xlsx")).worksheets[0]
    (row,) = _rows(sheet)
    assert row["Name (English)"].value == '\'=HYPERLINK("http://evil.example","x")'
    assert row["Name (English)"].data_type == "s"
    assert row["Name (Chinese)"].value == "控制字符"
    description = row["Description (English)"].value
    assert len(description) == CELL_MAX_CHARACTERS
    assert description.endswith("the JSON answer holds the whole text]")


def test_a_page_of_a_workbook_holds_that_page(api_client, dataset):
    """page and page_size page a workbook as they page JSON."""
    sheet = _workbook(api_client.get("/api/v1/indicators/?format=xlsx&page_size=2&page=2"))
    assert [row["Slug"].value for row in _rows(sheet.worksheets[0])] == [
        "wafer-centre-area",
        "zongshen-motorcycle-sales-2023",
    ]


def test_an_error_asked_for_as_a_workbook_is_json(api_client, dataset):
    """A bad filter answers the JSON error, whatever format was asked for."""
    response = api_client.get("/api/v1/clusters/?format=xlsx&tier=first")
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response.json()["errors"][0]["attr"] == "tier"
    summary = api_client.get("/api/v1/summary/?format=xlsx")
    assert summary.status_code == status.HTTP_400_BAD_REQUEST


def test_ranks_and_counts_are_integers_in_json_and_csv(api_client, dataset):
    """A rank of 4 is 4, a count of 120 is 120: never 4.0 or 120.0."""
    make_indicator(slug="projects-gathered", value=Decimal("120"), unit=Unit.COUNT)
    detail = api_client.get("/api/v1/indicators/industrial-investment-growth-2023/")
    assert b'"value":4,' in detail.content
    assert [row["value"] for row in detail.json()["comparisons"]] == [4, 9]
    count = api_client.get("/api/v1/indicators/projects-gathered/")
    assert b'"value":120,' in count.content
    assert b'"value_normalized":120,' in count.content
    csv = api_client.get("/api/v1/indicators/projects-gathered/?format=csv").content.decode()
    assert ",120,count,0,120," in csv
    assert b'"value":18.3,' in detail.content


def test_a_workbook_of_plain_rows_and_of_nothing():
    """Rows without a serializer keep their keys as the header; no data is an empty body; a
    sheet name already taken gets a number."""
    from apps.core.api.xlsx import XLSXRenderer, _sheet_title

    renderer = XLSXRenderer()
    assert renderer.render(None) == b""
    workbook = openpyxl.load_workbook(io.BytesIO(renderer.render([{"a": 1, "b": "x"}])))
    sheet = workbook.worksheets[0]
    assert sheet.title == "Data"
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [["A", "B"], [1, "x"]]
    assert _sheet_title("Indicators", {"Indicators"}) == "Indicators 2"
    assert _sheet_title("a/b:c", set()) == "a b c"
