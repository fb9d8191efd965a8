"""The source admin: the raw text and its checksum are kept exactly as received."""

import pytest
from rest_framework import status

from apps.sources.models import Source
from tests.admin_forms import admin_url, submitted_form_data
from tests.factories import make_source

pytestmark = pytest.mark.django_db


def test_adding_a_source_stores_the_checksum_of_its_raw_text(editor_client):
    """The editor pastes the raw text once; its SHA-256 is computed, not typed."""
    url = admin_url(Source, "add")
    data = {
        **submitted_form_data(editor_client.get(url)),
        "slug": "article",
        "language": "zh-hant",
        "name_zh": "文章",
        "name_en": "Article",
        "raw_text": "巴南區(qū)",
        "repaired_text": "巴南区",
    }
    response = editor_client.post(url, data)
    assert response.status_code == status.HTTP_302_FOUND
    assert Source.objects.get().raw_sha256 == Source.checksum("巴南區(qū)")


def test_the_raw_text_cannot_be_edited_after_it_is_received(editor_client):
    """On the change form the raw text and the checksum are read-only."""
    source = make_source()
    response = editor_client.get(admin_url(Source, "change", source.pk))
    form = response.context["adminform"].form
    assert "raw_text" not in form.fields
    assert "raw_sha256" not in form.fields
    assert "repaired_text" in form.fields
