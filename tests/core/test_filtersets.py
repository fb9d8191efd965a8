"""The shared filter machinery: partial dates, generated ranges, ordering and search."""

import datetime
import re
from decimal import Decimal

import django_filters
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import QueryDict
from rest_framework import status

from apps.core.filtersets import (
    DATE_SPAN_PATTERN,
    BoundedIsoDateTimeField,
    InvalidDateSpan,
    ResourceFilterSet,
    parse_date_span,
    parse_partial_date,
)
from apps.enterprises.filtersets import EnterpriseFilterSet
from apps.enterprises.models import Enterprise
from apps.sources.models import Source
from tests.factories import make_project, make_source

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("2023", (D(2023, 1, 1), D(2023, 12, 31))),
        ("2024-02", (D(2024, 2, 1), D(2024, 2, 29))),
        ("2023-12-12", (D(2023, 12, 12), D(2023, 12, 12))),
    ],
)
def test_a_partial_date_is_the_span_of_days_it_means(text, span):
    """A year, a month or a day each stand for their first to last day."""
    assert parse_partial_date(text) == span


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("2023-11-21/2023-11-30", (D(2023, 11, 21), D(2023, 11, 30))),
        ("2023/2024-06", (D(2023, 1, 1), D(2024, 6, 30))),
        ("2023-06", (D(2023, 6, 1), D(2023, 6, 30))),
    ],
)
def test_an_interval_runs_from_the_first_day_of_its_start_to_the_last_of_its_end(text, span):
    """ISO 8601 intervals of partial dates are accepted."""
    assert parse_date_span(text) == span


@pytest.mark.parametrize(
    "text", ["23", "2023-13", "2023-02-30", "0000", "2023-1", "2023/", "２０２３"]
)
def test_an_impossible_date_is_refused(text):
    """Malformed or impossible dates raise InvalidDateSpan."""
    with pytest.raises(InvalidDateSpan):
        parse_date_span(text)


@pytest.mark.parametrize("value", ["2023-13", "yesterday", "2023-02-29"])
def test_a_bad_date_filter_value_is_a_400_naming_the_parameter(api_client, value):
    """Date filters report the formats they accept."""
    response = api_client.get(f"/api/v1/projects/?signed__gte={value}")
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    [error] = response.json()["errors"]
    assert error["attr"] == "signed__gte"
    assert "YYYY-MM" in error["detail"]


@pytest.mark.parametrize(
    "value", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00", "2024-13-01T00:00:00Z", "now"]
)
def test_a_timestamp_filter_refuses_values_outside_the_calendar(api_client, value):
    """updated_at bounds that cannot be stored in UTC answer 400, not a database error."""
    response = api_client.get("/api/v1/sources/", {"updated_at__gte": value})
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response.json()["errors"][0]["attr"] == "updated_at__gte"


def test_updated_at_bounds_select_recent_changes(api_client):
    """updated_at__gte keeps what changed since a moment: how a client syncs."""
    make_source(slug="old")
    moment = datetime.datetime.now(datetime.UTC)
    make_source(slug="new")
    after = api_client.get("/api/v1/sources/", {"updated_at__gte": moment.isoformat()}).json()
    before = api_client.get("/api/v1/sources/", {"updated_at__lte": moment.isoformat()}).json()
    assert [row["slug"] for row in after["results"]] == ["new"]
    assert [row["slug"] for row in before["results"]] == ["old"]


def test_a_timestamp_filter_takes_any_offset_python_reads(api_client):
    """An offset beyond PostgreSQL's ±15:59 is the same instant in UTC, not a database error."""
    make_source(slug="old")
    moment = datetime.datetime.now(datetime.UTC)
    make_source(slug="new")
    far_east = moment.astimezone(datetime.timezone(datetime.timedelta(hours=18, minutes=2)))
    after = api_client.get("/api/v1/sources/", {"updated_at__gte": far_east.isoformat()})
    before = api_client.get("/api/v1/sources/", {"updated_at__lte": far_east.isoformat()})
    assert after.status_code == before.status_code == status.HTTP_200_OK
    assert [row["slug"] for row in after.json()["results"]] == ["new"]
    assert [row["slug"] for row in before.json()["results"]] == ["old"]


def test_a_timestamp_filter_gives_the_database_utc():
    """The bound reaches the query in UTC whatever offset the client wrote."""
    value = BoundedIsoDateTimeField().clean("2023-06-01T00:00:00-22:30")
    assert value == datetime.datetime(2023, 6, 1, 22, 30, tzinfo=datetime.UTC)
    assert value.utcoffset() == datetime.timedelta(0)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-inf", "ten", "1e"])
def test_a_number_filter_refuses_what_is_no_finite_number(api_client, value):
    """NaN, infinities and words answer 400: the schema says a number."""
    response = api_client.get("/api/v1/projects/", {"investment_cny__gte": value})
    assert response.status_code == status.HTTP_400_BAD_REQUEST


@pytest.mark.parametrize("value", ["1e400", "12345678901234567890123", "-1e-400"])
def test_a_number_filter_takes_numbers_beyond_the_stored_precision(api_client, value):
    """Any finite number the schema admits is a bound the database can compare (200)."""
    response = api_client.get("/api/v1/projects/", {"investment_cny__gte": value})
    assert response.status_code == status.HTTP_200_OK


def test_a_slug_filter_refuses_characters_no_slug_has(api_client):
    """A NUL byte or spaces in a slug are a 400 before any query."""
    response = api_client.get("/api/v1/projects/", {"cluster": "bio\x00medicine"})
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response.json()["errors"][0]["attr"] == "cluster"


def test_a_slug_no_record_has_matches_nothing(api_client, dataset):
    """A well-formed slug naming no record is a filter that matches nothing: 200, no rows (the
    schema promises the slug's form, not which records exist)."""
    response = api_client.get("/api/v1/projects/", {"cluster": "atlantis"})
    assert response.status_code == status.HTTP_200_OK
    assert response.json()["count"] == 0
    either = api_client.get("/api/v1/projects/", {"cluster": ["atlantis", "optoelectronics"]})
    assert [row["slug"] for row in either.json()["results"]] == ["wafer-centre"]


def test_a_backwards_interval_is_an_empty_span(api_client, dataset):
    """2024/2023 holds no day: nothing signed within it, rather than a 400 the schema cannot
    foretell."""
    response = api_client.get("/api/v1/indicators/", {"period": "2024/2023"})
    assert response.status_code == status.HTTP_200_OK
    assert response.json()["count"] == 0


def test_a_slug_of_the_wrong_form_is_a_400(api_client):
    """A value no slug can have is refused before the database sees it."""
    response = api_client.get("/api/v1/projects/", {"cluster": "bad slug"})
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response.json()["errors"][0]["attr"] == "cluster"


def test_search_requires_every_word(api_client):
    """Each word must appear in one of the searched fields."""
    make_source(slug="a", name_en="Banan industry report")
    make_source(slug="b", name_en="Banan weather")
    body = api_client.get("/api/v1/sources/", {"search": "banan  INDUSTRY"}).json()
    assert [row["slug"] for row in body["results"]] == ["a"]


def test_search_refuses_a_nul_byte_and_overlong_text(api_client):
    """The search text is validated like any other value."""
    assert api_client.get("/api/v1/sources/", {"search": "a\x00"}).status_code == 400
    assert api_client.get("/api/v1/sources/", {"search": "x" * 101}).status_code == 400


def test_ordering_puts_empty_values_last_in_both_directions(api_client):
    """Records without the sort value come last, ascending or descending, on every database."""
    make_project(slug="none")
    make_project(slug="small", investment_amount=Decimal("1"))
    make_project(slug="large", investment_amount=Decimal("2"))
    ascending = api_client.get("/api/v1/projects/?ordering=investment_cny").json()
    descending = api_client.get("/api/v1/projects/?ordering=-investment_cny").json()
    assert [row["slug"] for row in ascending["results"]] == ["small", "large", "none"]
    assert [row["slug"] for row in descending["results"]] == ["large", "small", "none"]


def test_ordering_breaks_ties_by_slug(api_client):
    """Equal sort values keep a stable order, so pages never overlap."""
    for slug in ("c", "a", "b"):
        make_project(slug=slug, investment_amount=Decimal("5"))
    body = api_client.get("/api/v1/projects/?ordering=-investment_cny").json()
    assert [row["slug"] for row in body["results"]] == ["a", "b", "c"]


def test_ordering_by_several_fields(api_client):
    """The second field orders within equal values of the first."""
    make_source(slug="x", name_en="Same")
    make_source(slug="y", name_en="Same")
    make_source(slug="z", name_en="Alpha")
    body = api_client.get("/api/v1/sources/?ordering=name_en,-slug").json()
    assert [row["slug"] for row in body["results"]] == ["z", "y", "x"]


@pytest.mark.parametrize(
    ("value", "slugs"),
    [
        (",", ["x", "y", "z"]),
        (",,,", ["x", "y", "z"]),
        ("name_en,", ["z", "x", "y"]),
        (",name_en", ["z", "x", "y"]),
        ("name_en,,-slug", ["z", "y", "x"]),
    ],
)
def test_ordering_skips_empty_entries(api_client, value, slugs):
    """Empty entries of the list are ignored, as django-filter's own ordering ignores them."""
    make_source(slug="x", name_en="Same")
    make_source(slug="y", name_en="Same")
    make_source(slug="z", name_en="Alpha")
    response = api_client.get("/api/v1/sources/", {"ordering": value})
    assert response.status_code == status.HTTP_200_OK
    assert [row["slug"] for row in response.json()["results"]] == slugs


def test_an_unknown_ordering_field_is_a_400(api_client):
    """Only the listed fields may order a resource."""
    response = api_client.get("/api/v1/sources/?ordering=raw_text")
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response.json()["errors"][0]["attr"] == "ordering"


def test_every_resource_offers_the_common_filters_and_orderings():
    """updated_at ranges, search and the common ordering fields come from the base."""

    class SourceOnlyFilterSet(ResourceFilterSet):
        class Meta:
            model = Source
            fields = []

    filters = SourceOnlyFilterSet.base_filters
    assert {"search", "updated_at__gte", "updated_at__lte", "ordering"} <= set(filters)
    choices = {value for value, _ in filters["ordering"].extra["choices"]}
    assert {"slug", "-name_zh", "name_en", "-updated_at"} <= choices


def test_a_range_on_an_unsupported_field_is_a_configuration_error():
    """A range over a text field is a mistake caught when the class is defined."""
    with pytest.raises(ImproperlyConfigured):

        class BrokenFilterSet(ResourceFilterSet):
            range_fields = {"raw_text": "raw_text"}

            class Meta:
                model = Source
                fields = []


def test_a_filterset_without_a_model_has_only_its_declared_filters():
    """The base adds generated filters only once a model is known."""

    class Plain(ResourceFilterSet):
        extra = django_filters.CharFilter()

    assert set(Plain.base_filters) == {"search", "extra"}


@pytest.mark.parametrize("text", ["2024-02-29", "2000-02-29", "0400-02-29", "0001", "9999-12-31"])
def test_the_schema_pattern_admits_exactly_the_calendars_dates(text):
    """The pattern the schema promises and the parser agree on leap days and years 1-9999."""
    assert re.fullmatch(DATE_SPAN_PATTERN, text)
    parse_date_span(text)


@pytest.mark.parametrize("text", ["2023-02-29", "1900-02-29", "0000", "2023-04-31", "10000"])
def test_the_schema_pattern_refuses_what_the_parser_refuses(text):
    """A date the calendar lacks fails the pattern, as it fails the parser."""
    assert not re.fullmatch(DATE_SPAN_PATTERN, text)
    with pytest.raises(InvalidDateSpan):
        parse_date_span(text)


def test_a_filter_form_holds_the_fields_of_the_given_parameters_only():
    """Django copies each field of a form into every form: only those that will be read."""
    given = EnterpriseFilterSet(
        data=QueryDict("tier=pillar&ordering=-slug"), queryset=Enterprise.objects.all()
    )
    assert set(given.form.fields) == {"tier", "ordering"}
    assert given.is_valid()
    refused = EnterpriseFilterSet(
        data=QueryDict("tier=nonsense"), queryset=Enterprise.objects.all()
    )
    assert not refused.is_valid()
    assert set(refused.errors) == {"tier"}
    unbound = EnterpriseFilterSet(queryset=Enterprise.objects.all())
    assert set(unbound.form.fields) == set(EnterpriseFilterSet.base_filters)
