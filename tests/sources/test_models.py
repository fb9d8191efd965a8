"""The Source model and the citation every fact-bearing record carries."""

import pytest
from django.db import IntegrityError, transaction

from apps.sources.models import Source
from tests.factories import make_cluster, make_source

pytestmark = pytest.mark.django_db


def test_checksum_is_computed_from_the_raw_text():
    """Saving a source stores the SHA-256 of its raw text, so tampering is detectable."""
    source = make_source(raw_text="abc")
    assert source.raw_sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_slug_is_unique():
    """Two sources cannot share a slug."""
    make_source(slug="article")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_source(slug="article")


def test_language_must_be_a_known_choice():
    """The database refuses a language outside the choices."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_source(language="klingon")


def test_checksum_must_have_sha256_length():
    """A checksum written around save() must still look like a SHA-256 digest."""
    source = make_source()
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.filter(pk=source.pk).update(raw_sha256="short")


def test_cited_records_need_a_quote():
    """A fact without a quote is refused by the database."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_cluster(source_quote="")


def test_natural_key_is_the_slug():
    """Fixtures refer to sources by slug, so reloading finds the same row."""
    source = make_source(slug="article")
    assert source.natural_key() == ("article",)
    assert Source.objects.get_by_natural_key("article") == source
