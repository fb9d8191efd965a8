"""The indicator admin: values as a person reads them, subjects, comparisons, validation."""

from decimal import Decimal

import pytest
from rest_framework import status

from apps.indicators.choices import SubjectType, Unit
from apps.indicators.display import plain_number, value_as_read_zh
from apps.indicators.models import Indicator, IndicatorComparison
from tests.admin_forms import admin_url, submit_form, submitted_form_data
from tests.factories import make_comparison, make_enterprise, make_indicator, make_park

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "unit", "multiplier", "as_read"),
    [
        ("34.7300", Unit.CNY, 8, "34.73 亿元"),
        ("18.3000", Unit.PERCENT, 0, "18.3 %"),
        ("6.5000", Unit.PERCENTAGE_POINT, 0, "6.5 个百分点"),
        ("1000.0000", Unit.COUNT, 4, "1000 万个"),
        ("20000", Unit.LITRE, 0, "20000 L"),
    ],
)
def test_value_as_read_writes_multiplier_and_unit_in_chinese(value, unit, multiplier, as_read):
    """The stated value, without padding zeros, then 万/亿 and the Chinese unit."""
    assert value_as_read_zh(Decimal(value), unit, multiplier) == as_read


def test_plain_number_never_uses_an_exponent():
    """A normalized value of 34.73 亿 is written out in full."""
    assert plain_number(Decimal("3473000000.0000")) == "3473000000"
    assert plain_number(Decimal("1E+3")) == "1000"


def test_changelist_shows_the_value_as_read_beside_the_normalized_value(editor_client):
    """An editor scans 34.73 亿元 and 3473000000 on the same row."""
    make_indicator(value=Decimal("34.73"), unit=Unit.CNY, unit_multiplier=8)
    page = editor_client.get(admin_url(Indicator, "changelist")).content.decode()
    assert "34.73 亿元" in page
    assert "3473000000" in page


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
