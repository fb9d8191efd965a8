"""Enterprise, Person and Statement: valid kinds, listing facts, partial dates, speakers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.enterprises.choices import EnterpriseKind
from apps.enterprises.models import Enterprise
from tests.factories import make_enterprise, make_park, make_person, make_statement

pytestmark = pytest.mark.django_db


def test_unknown_kind_is_refused():
    """Only the listed kinds of organisation exist."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_enterprise(kind="club")


def test_listing_month_is_stored_as_a_span():
    """ "Listed in June 2023" is stored as 2023-06-01..2023-06-30 and reads back as 2023-06."""
    exchange = make_enterprise(kind=EnterpriseKind.EXCHANGE)
    company = make_enterprise(
        listing_exchange=exchange,
        listed_earliest=datetime.date(2023, 6, 1),
        listed_latest=datetime.date(2023, 6, 30),
    )
    assert company.listed == "2023-06"
    assert list(exchange.listed_enterprises.all()) == [company]


def test_listing_span_needs_both_ends():
    """Half a span would be a made-up precision; the database refuses it."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_enterprise(listed_earliest=datetime.date(2023, 6, 1))


def test_an_enterprise_cannot_be_listed_on_itself():
    """The listing exchange is another organisation."""
    company = make_enterprise()
    with pytest.raises(IntegrityError), transaction.atomic():
        Enterprise.objects.filter(pk=company.pk).update(listing_exchange=company)


def test_a_person_has_a_role_in_an_organisation():
    """The role as the source states it is required; the person is found from the organisation."""
    person = make_person(role_zh="董事长", role_en="Chairman")
    assert list(person.organisation.people.all()) == [person]
    with pytest.raises(IntegrityError), transaction.atomic():
        make_person(role_zh="")


@pytest.mark.parametrize(
    "speakers",
    [{}, {"person": True, "park": True}, {"organisation": True, "park": True}],
    ids=["none", "person-and-park", "organisation-and-park"],
)
def test_a_statement_has_exactly_one_speaker(speakers):
    """A named person, or the organisation or park an unnamed speaker speaks for: one of them."""
    fields = {
        "person": make_person() if speakers.get("person") else None,
        "organisation": make_enterprise() if speakers.get("organisation") else None,
        "park": make_park() if speakers.get("park") else None,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        make_statement(**fields)


def test_a_statement_is_part_of_its_quote_word_for_word():
    """The words are a substring of the quote, case included; % and _ are not wildcards."""
    kept = make_statement(text_zh="增长18.3%_", source_quote="工业投资增长18.3%_、增速居全市第4位")
    assert kept.pk
    for text_zh in ("增长18%", "增长18.3%__", ""):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_statement(text_zh=text_zh, source_quote="工业投资增长18.3%_、增速居全市第4位")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_statement(text_zh="77g毫米波雷达", source_quote="77G毫米波雷达")


def test_a_statement_speech_and_speaker_are_required():
    """Unknown speech and a blank speaker are refused by the database."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_statement(speech="sung")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_statement(speaker_zh="")


def test_a_statement_date_is_a_span_read_as_its_label():
    """4 March 2024 reads 2024-03-04; no date is None, never an invented one."""
    dated = make_statement(
        stated_earliest=datetime.date(2024, 3, 4), stated_latest=datetime.date(2024, 3, 4)
    )
    assert dated.stated == "2024-03-04"
    assert make_statement().stated is None


def test_the_form_reports_a_statement_outside_its_quote():
    """full_clean gives the constraint's message, as the admin and the API show it."""
    statement = make_statement()
    statement.text_zh = "不在引文中"
    with pytest.raises(ValidationError, match="must be part of its quote"):
        statement.full_clean()
