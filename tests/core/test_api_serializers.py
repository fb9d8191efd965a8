"""What every resource's serializer shares (apps.core.api.serializers)."""

import pytest
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from apps.core.api.serializers import BriefRecordSerializer, ResourceSerializer
from banan_service.api_urls import router

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


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    "viewset", [viewset for _, viewset, _ in router.registry], ids=lambda viewset: viewset.__name__
)
def test_a_resource_is_what_drf_makes_of_its_fields(viewset, language, published_dataset):
    """Plain columns are read straight off the record, for speed; every record of every
    resource must stay what DRF's own walk over the fields gives, in the same order."""
    from django.utils import translation

    request = Request(APIRequestFactory().get("/api/v1/"))
    serializer = viewset.serializer_class(context={"request": request})
    records = list(viewset.queryset.all())
    assert records
    with translation.override(language):
        for record in records:
            generic = serializers.Serializer.to_representation(serializer, record)
            assert serializer.to_representation(record) == generic
            assert list(serializer.to_representation(record)) == list(generic)


def test_only_plain_columns_are_read_directly():
    """A column under its own name is read with getattr; a relation, a computed field and a
    dotted source go through their field."""
    from apps.enterprises.api.serializers import EnterpriseSerializer

    readings = {name: column for name, _, column in EnterpriseSerializer()._readings}
    assert readings["slug"] == "slug"
    assert readings["name_en"] == "name_en"
    for computed in ("url", "name", "clusters"):
        assert readings[computed] is None
    assert issubclass(EnterpriseSerializer, ResourceSerializer)
