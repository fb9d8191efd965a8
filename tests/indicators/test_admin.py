"""The indicator admin: values as a person reads them, subjects, comparisons, validation."""

from decimal import Decimal

import pytest
from rest_framework import status

from apps.core.quantities import Qualifier
from apps.indicators.choices import SubjectType, Unit
from apps.indicators.display import value_as_read_zh
from apps.indicators.models import Indicator, IndicatorComparison
from tests.admin_forms import admin_url, submit_form, submitted_form_data
from tests.factories import make_comparison, make_enterprise, make_indicator, make_park

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "unit", "multiplier", "qualifier", "as_read"),
    [
        ("34.7300", Unit.CNY, 8, Qualifier.EXACT, "34.73 亿元"),
        ("1000.0000", Unit.CNY, 8, Qualifier.MORE_THAN, "超 1,000 亿元"),
        ("18.3000", Unit.PERCENT, 0, Qualifier.EXACT, "18.3 %"),
        ("6.5000", Unit.PERCENTAGE_POINT, 0, Qualifier.EXACT, "6.5 个百分点"),
        ("1000.0000", Unit.COUNT, 4, Qualifier.NEARLY, "近 1,000 万个"),
        ("20000", Unit.LITRE, 0, Qualifier.EXACT, "20,000 L"),
    ],
)
def test_value_as_read_writes_qualifier_multiplier_and_unit_in_chinese(
    value, unit, multiplier, qualifier, as_read
):
    """The qualifier, the value grouped and without padding zeros, then 万/亿 and the unit."""
    assert value_as_read_zh(Decimal(value), unit, multiplier, qualifier) == as_read


def test_changelist_shows_the_value_as_read_beside_the_normalized_value(editor_client):
    """An editor scans 超 34.73 亿元 and 3,473,000,000 元 on the same row."""
    make_indicator(
        value=Decimal("34.73"), unit=Unit.CNY, unit_multiplier=8, qualifier=Qualifier.MORE_THAN
    )
    page = editor_client.get(admin_url(Indicator, "changelist")).content.decode()
    assert "超 34.73 亿元" in page
    assert "3,473,000,000 元" in page
    assert "3473000000" not in page


def test_changelist_names_the_subject(editor_client):
    """The subject column shows the enterprise, or the district for a district indicator."""
    enterprise = make_enterprise(name_zh="宗申集团", name_en="Zongshen Group")
    make_indicator(subject_type=SubjectType.ENTERPRISE, enterprise=enterprise)
    make_indicator()
    page = editor_client.get(admin_url(Indicator, "changelist")).content.decode()
    assert "宗申集团 (Zongshen Group)" in page
    assert "Banan District as a whole" in page


def _add_indicator(client, language, **fields):
    url = admin_url(Indicator, "add")
    page = client.get(url, headers={"accept-language": language})
    data = {
        **submitted_form_data(page),
        "slug": "output",
        "name_zh": "产值",
        "name_en": "Output",
        "value": "34.73",
        "unit": "cny",
        "unit_multiplier": "8",
        "period_start": "2023-01-01",
        "period_end": "2023-12-31",
        "kind": "actual",
        "source_quote": "巴南区",
        **fields,
    }
    return client.post(url, data, headers={"accept-language": language})


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "en",
            "An indicator has exactly one subject: the district, or one park, cluster, "
            "enterprise or project matching its subject type.",
        ),
        (
            "zh-hans",
            "一个指标只能有一个对象：全区，或与对象类型相符的一个园区、产业集群、企业或项目。",
        ),
    ],
)
def test_an_indicator_with_two_subjects_is_refused_in_the_editors_language(
    language, message, editor_client
):
    """An enterprise indicator that also names a park is refused by the form, not the database."""
    enterprise = make_enterprise()
    response = _add_indicator(
        editor_client,
        language,
        subject_type="enterprise",
        enterprise=enterprise.pk,
        park=make_park().pk,
        source=enterprise.source_id,
    )
    assert response.status_code == status.HTTP_200_OK
    assert response.context["adminform"].form.non_field_errors() == [message]
    assert not Indicator.objects.exists()


def test_a_valid_indicator_is_saved_with_its_normalized_value(editor_client):
    """The editor types 34.73 亿; the normalized value is computed, not typed."""
    enterprise = make_enterprise()
    response = _add_indicator(
        editor_client,
        "en",
        subject_type="enterprise",
        enterprise=enterprise.pk,
        source=enterprise.source_id,
    )
    assert response.status_code == status.HTTP_302_FOUND
    assert Indicator.objects.get().value_normalized == Decimal("3473000000")


def test_a_refused_form_with_a_bad_unit_is_shown_again(editor_client):
    """A unit outside the choices is a field error, and the page still renders."""
    enterprise = make_enterprise()
    response = _add_indicator(
        editor_client,
        "en",
        subject_type="enterprise",
        enterprise=enterprise.pk,
        source=enterprise.source_id,
        unit="furlong",
    )
    assert response.status_code == status.HTTP_200_OK
    assert "unit" in response.context["adminform"].form.errors


def test_comparisons_are_edited_under_their_indicator(editor_client):
    """A comparison added in the indicator's page is saved with it."""
    indicator = make_indicator()
    url = admin_url(Indicator, "change", indicator.pk)
    response = submit_form(
        editor_client,
        url,
        **{
            "comparisons-TOTAL_FORMS": "1",
            "comparisons-0-position": "1",
            "comparisons-0-kind": "rank",
            "comparisons-0-value": "4",
            "comparisons-0-unit": "rank",
            "comparisons-0-benchmark_zh": "全市中心城区",
            "comparisons-0-benchmark_en": "central districts of the city",
        },
    )
    assert response.status_code == status.HTTP_302_FOUND
    assert indicator.comparisons.get().benchmark_zh == "全市中心城区"


def test_comparison_changelist_reads_the_rank(editor_client):
    """A rank comparison reads as 4 位 in the list."""
    make_comparison(make_indicator(), value=Decimal("4"), unit=Unit.RANK)
    page = editor_client.get(admin_url(IndicatorComparison, "changelist")).content.decode()
    assert "4 位" in page


def test_the_change_form_shows_numbers_without_padding_and_grouped(editor_client):
    """34.73, not 34.7300, in the value box; 3,473,000,000 元, not 3473000000.0000, beside it."""
    indicator = make_indicator(value=Decimal("34.73"), unit=Unit.CNY, unit_multiplier=8)
    page = editor_client.get(admin_url(Indicator, "change", indicator.pk)).content.decode()
    assert 'value="34.73"' in page
    assert "34.7300" not in page
    assert "3,473,000,000 元" in page
    assert "3473000000.0000" not in page


def test_the_subject_type_carries_the_field_each_type_needs_and_every_field_renders(
    editor_client,
):
    """The script (a static file, no inline code) reads the type -> field map off the select;
    the page itself renders all four subject fields, so without the script all show."""
    page = editor_client.get(admin_url(Indicator, "add")).content.decode()
    assert "data-subject-fields=" in page
    assert "&quot;enterprise&quot;: &quot;enterprise&quot;" in page
    assert "/static/indicators/subject_fields.js" in page
    for name in ("park", "cluster", "enterprise", "project"):
        assert f"field-{name}" in page
    assert "<script>" not in page


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "does not occur in the quoted sentence"), ("zh-hans", "没有出现在引文中")],
)
def test_a_value_missing_from_its_quote_is_saved_with_a_warning(language, words, editor_client):
    """34.74 亿 against a quote saying 34.73亿元 is saved, and the editor is warned."""
    enterprise = make_enterprise()
    response = _add_indicator(
        editor_client,
        language,
        subject_type="enterprise",
        enterprise=enterprise.pk,
        source=enterprise.source_id,
        value="34.74",
        source_quote="成功融资34.73亿元",
    )
    assert response.status_code == status.HTTP_302_FOUND
    assert Indicator.objects.get().value == Decimal("34.74")
    page = editor_client.get(response.url, headers={"accept-language": language})
    warnings = [m for m in page.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "34.74 亿元" in str(warnings[0])
    assert words in str(warnings[0])


def test_a_value_its_quote_holds_is_saved_without_a_warning(editor_client):
    """34.73 亿 quoting 成功融资34.73亿元 raises no warning, on saving or on opening it again."""
    enterprise = make_enterprise()
    response = _add_indicator(
        editor_client,
        "en",
        subject_type="enterprise",
        enterprise=enterprise.pk,
        source=enterprise.source_id,
        source_quote="成功融资34.73亿元",
    )
    page = editor_client.get(response.url)
    assert not [m for m in page.context["messages"] if m.level_tag == "warning"]
    opened = editor_client.get(admin_url(Indicator, "change", Indicator.objects.get().pk))
    assert not [m for m in opened.context["messages"] if m.level_tag == "warning"]


def test_opening_an_indicator_whose_quote_lacks_its_value_warns(editor_client):
    """A mistyped value saved earlier (or imported) is pointed out when the record is opened."""
    indicator = make_indicator(
        value=Decimal("34.74"), unit=Unit.CNY, unit_multiplier=8, source_quote="成功融资34.73亿元"
    )
    page = editor_client.get(admin_url(Indicator, "change", indicator.pk))
    assert [m.level_tag for m in page.context["messages"]] == ["warning"]


def test_the_changelist_shows_short_kind_labels_and_dates(editor_client):
    """实际值, not 实际值（已公布的结果）, so the column never wraps one character per line."""
    make_indicator()
    page = editor_client.get(
        admin_url(Indicator, "changelist"), headers={"accept-language": "zh-hans"}
    ).content.decode()
    assert '<td class="field-kind_short">实际值</td>' in page
    assert "/static/indicators/admin.css" in page


def test_the_import_page_lists_only_what_an_editor_types(editor_client):
    """value_normalized and the timestamps are exported, never imported, so not listed."""
    page = editor_client.get(admin_url(Indicator, "import")).content.decode()
    assert "<code>value</code>" in page
    assert "Value as stated" in page
    for computed in ("value_normalized", "created_at", "updated_at"):
        assert f"<code>{computed}</code>" not in page


def test_save_and_continue_warns_once(editor_client):
    """The save's warning is not repeated by the change page it leads back to."""
    enterprise = make_enterprise()
    response = _add_indicator(
        editor_client,
        "en",
        subject_type="enterprise",
        enterprise=enterprise.pk,
        source=enterprise.source_id,
        value="34.74",
        source_quote="成功融资34.73亿元",
        _continue="1",
    )
    page = editor_client.get(response.url)
    assert [m.level_tag for m in page.context["messages"]].count("warning") == 1
