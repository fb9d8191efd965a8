"""A record's history reads in both languages: who, when, why, and what changed."""

import html
import re

import pytest

from apps.enterprises.models import Enterprise
from tests.admin_forms import admin_url, submit_form
from tests.factories import make_enterprise

pytestmark = pytest.mark.django_db


def _cells(page, css_class):
    return [
        re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", cell))).strip()
        for cell in re.findall(rf'<td class="{css_class}">(.*?)</td>', page, flags=re.S)
    ]


def _edit_and_read_history(client, language, **changes):
    enterprise = make_enterprise(name_en="Zongshen")
    headers = {"accept-language": language}
    response = submit_form(
        client, admin_url(Enterprise, "change", enterprise.pk), headers=headers, **changes
    )
    assert response.status_code == 302
    return client.get(admin_url(Enterprise, "history", enterprise.pk), headers=headers)


def test_the_reason_an_editor_gives_is_shown_and_none_reads_as_a_dash(editor_client):
    """The reason typed on the form is in the history; a save without one shows a dash."""
    page = _edit_and_read_history(
        editor_client, "en", name_en="Zongshen Group", change_reason="Name as the company files"
    ).content.decode()
    assert _cells(page, "history-reason") == ["Name as the company files", "—"]
    assert "None" not in "".join(_cells(page, "history-reason"))


def test_each_change_lists_the_fields_it_changed_without_timestamps(editor_client):
    """The changed field with its old and new value; the creation says so; no updated-at."""
    page = _edit_and_read_history(editor_client, "en", name_en="Zongshen Group").content.decode()
    changes = _cells(page, "history-changes")
    assert changes == ["Name (English): Zongshen → Zongshen Group", "Created"]
    assert "updated at" not in page.lower().split("change-history")[1]


@pytest.mark.parametrize(
    ("language", "headers", "created"),
    [
        ("en", ["Reason for this change", "What changed", "Changed by"], "Created"),
        ("zh-hans", ["修改原因", "改动内容", "修改人"], "创建"),
    ],
)
def test_the_history_headers_and_actions_read_in_the_editors_language(
    language, headers, created, editor_client
):
    """No English "CHANGES" header on a Chinese page, and no empty column."""
    page = _edit_and_read_history(
        editor_client, language, name_en="Zongshen Group", change_reason="x"
    ).content.decode()
    for header in headers:
        assert f'<th scope="col">{header}</th>' in page
    assert "Changes</th>" not in page
    assert _cells(page, "history-changes")[-1] == created


def test_a_changed_number_reads_without_padding(editor_client):
    """34.73 → 34.74, not 34.7300 → 34.7400."""
    from decimal import Decimal

    from apps.indicators.models import Indicator
    from tests.factories import make_indicator

    indicator = make_indicator(value=Decimal("34.73"))
    submit_form(editor_client, admin_url(Indicator, "change", indicator.pk), value="34.74")
    page = editor_client.get(admin_url(Indicator, "history", indicator.pk)).content.decode()
    assert "34.73 → 34.74" in _cells(page, "history-changes")[0]
