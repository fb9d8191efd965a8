"""What every resource's serializer shares (apps.core.api.serializers)."""

import pytest
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from apps.core.api.serializers import BriefRecordSerializer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_record_in_brief_is_what_its_declared_fields_give(language, dataset):
    """The brief form is read directly, for speed; it must stay what DRF makes of the fields."""
    from django.utils import translation

    request = Request(APIRequestFactory().get("/api/v1/enterprises/"))
    brief = BriefRecordSerializer(context={"request": request})
    records = [dataset.biomedicine, dataset.biomedicine.source]
    with translation.override(language):
        for record in records:
            declared = serializers.Serializer.to_representation(brief, record)
            assert brief.to_representation(record) == declared
            assert list(brief.to_representation(record)) == list(declared)
