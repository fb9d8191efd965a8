"""Enterprise: valid kinds, listing facts, partial listing dates."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from apps.enterprises.choices import EnterpriseKind
from apps.enterprises.models import Enterprise
from tests.factories import make_enterprise

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
