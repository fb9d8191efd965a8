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


@pytest.mark.parametrize(("lang", "suffix"), [("zh", "zh"), ("en", "en")])
@pytest.mark.parametrize("resource", ["clusters", "enterprises", "indicators", "parks"])
def test_names_are_in_the_language_asked_for(resource, lang, suffix, api_client, dataset):
    """The language is read once per serializer: every row and every related record in brief
    still speaks the request's language."""
    rows = api_client.get(f"/api/v1/{resource}/", {"lang": lang}).json()["results"]
    assert rows
    for row in rows:
        assert row["name"] == row[f"name_{suffix}"]
        assert row["description"] == row[f"description_{suffix}"]
        assert row["source"]["name"] == row["source"][f"name_{suffix}"]


@pytest.mark.parametrize("zone", ["UTC", "Asia/Shanghai", "America/Los_Angeles"])
def test_a_time_is_written_as_drf_writes_it(zone):
    """The time zone is read once per serializer; the text is DRF's, in the zone in force."""
    import datetime
    import zoneinfo

    from django.utils import timezone

    from apps.core.api.serializers import DateTimeField

    times = [
        datetime.datetime(2024, 3, 6, 2, 0, tzinfo=datetime.UTC),
        datetime.datetime(2023, 12, 31, 23, 59, 59, 999999, tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo")),
        datetime.datetime(2024, 7, 1, 12, 30),
    ]
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        ours, drf = DateTimeField(), serializers.DateTimeField()
        ours.bind("updated_at", serializers.Serializer())
        drf.bind("updated_at", serializers.Serializer())
        written = [drf.to_representation(moment) for moment in times]
        assert [ours.to_representation(moment) for moment in times] == written
    # Bound in one zone, it keeps that zone for the serializer's life.
    with timezone.override(zoneinfo.ZoneInfo("Europe/London")):
        assert [ours.to_representation(moment) for moment in times] == written
    unbound = DateTimeField()
    assert unbound.to_representation(times[0]) == serializers.DateTimeField().to_representation(
        times[0]
    )


@pytest.mark.parametrize(
    "value", ["18.3", "0.00005", "3473000000", "-0.5", "12345678901234.56785", "1E+3", "7"]
)
@pytest.mark.parametrize(("max_digits", "places"), [(20, 4), (6, 2), (None, 3)])
def test_a_decimal_is_rounded_as_drf_rounds_it(value, max_digits, places):
    """The quantum and context are made once per field; the rounding is DRF's."""
    from decimal import Decimal, InvalidOperation

    from apps.core.api.serializers import DecimalNumberField

    ours = DecimalNumberField(max_digits=max_digits, decimal_places=places)
    drf = serializers.DecimalField(max_digits=max_digits, decimal_places=places)
    for _ in range(2):  # made, then kept
        try:
            expected = drf.quantize(Decimal(value))
        except InvalidOperation:
            with pytest.raises(InvalidOperation):
                ours.quantize(Decimal(value))
            continue
        assert ours.quantize(Decimal(value)) == expected
        assert str(ours.quantize(Decimal(value))) == str(expected)
    assert DecimalNumberField(max_digits=5, decimal_places=None).quantize(Decimal("1.23")) == (
        Decimal("1.23")
    )


@pytest.mark.parametrize(
    "value",
    ["district", "zongshen-group", "a_b.c~d", "", "两江", "a b", "a&b=c", "100%", "x+y", "/?#", 7],
)
def test_a_query_value_is_written_as_urlencode_writes_it(value):
    from urllib.parse import urlencode

    from apps.core.api.serializers import _quoted

    assert f"{_quoted('subject')}={_quoted(value)}" == urlencode({"subject": value})


def test_a_related_record_is_made_once_per_serializer_and_each_row_owns_its_copy(dataset):
    """Rows that cite the same record share its brief form's content, never its dict."""
    request = Request(APIRequestFactory().get("/api/v1/"))
    brief = BriefRecordSerializer(context={"request": request})
    source = dataset.biomedicine.source
    # A record of another model with the same key (unsaved: the keys of two tables differ).
    cluster = type(dataset.biomedicine)(
        pk=source.pk, slug="same-key", name_zh="同键", name_en="Same key"
    )
    first, second = brief.to_representation(source), brief.to_representation(source)
    assert first == second == serializers.Serializer.to_representation(brief, source)
    first["name"] = "changed"
    assert brief.to_representation(source)["name"] != "changed"
    # Records of two models may share a key.
    assert brief.to_representation(cluster)["slug"] == cluster.slug
    assert len(brief._made) == 2


def test_urls_hold_the_script_prefix_the_service_is_mounted_under(client, dataset):
    """Each request reverses its detail URLs under its own prefix (which Django's WSGI handler
    sets, and the test client does not), kept per request."""
    from django.test.utils import override_script_prefix

    plain = client.get("/api/v1/clusters/").json()["results"][0]["url"]
    with override_script_prefix("/data/"):
        response = client.get("/api/v1/clusters/", SCRIPT_NAME="/data")
    mounted = response.json()["results"][0]["url"]
    assert plain.startswith("http://testserver/api/v1/clusters/")
    assert mounted == plain.replace("testserver/api/", "testserver/data/api/")
    assert client.get("/api/v1/clusters/").json()["results"][0]["url"] == plain
