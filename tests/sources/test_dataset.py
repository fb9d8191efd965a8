"""The published dataset: every record cited, every number accounted for, all text clean."""

import hashlib
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.db import models

from apps.clusters.choices import TIER_SIZES
from apps.clusters.models import Cluster
from apps.indicators.models import IndicatorComparison
from apps.sources.audit import (
    cited_models,
    cited_records,
    covering_records,
    load_non_facts,
    misquoted,
    non_fact_position,
    uncovered_numerals,
)
from apps.sources.models import Source
from apps.sources.repair import find_served_text_damage, repair_article

ARTICLES = Path(settings.BASE_DIR) / "fixtures" / "articles"
SHARED_SEED = Path(settings.BASE_DIR).parent / "shared" / "seed" / "000_2d401e24cd2d6800.txt"


def _source_fixture():
    return yaml.safe_load(settings.DATASET_FIXTURES[0].read_text(encoding="utf-8"))[0]["fields"]


def test_source_fixture_keeps_the_raw_text_as_received():
    """The fixture's raw text is the committed copy of the article, byte for byte, checksummed."""
    fields = _source_fixture()
    raw = (ARTICLES / "banan-1246.raw.txt").read_text(encoding="utf-8")
    assert fields["raw_text"] == raw
    assert fields["raw_sha256"] == hashlib.sha256(raw.encode("utf-8")).hexdigest()


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="no shared/ folder beside this checkout")
def test_committed_article_is_the_shared_seed():
    """The committed raw article is the seed the product owner handed over."""
    assert (ARTICLES / "banan-1246.raw.txt").read_bytes() == SHARED_SEED.read_bytes()


def test_source_fixture_repaired_text_is_the_repair_of_its_raw_text():
    """The served text is exactly what the repair module makes of the raw text."""
    fields = _source_fixture()
    assert fields["repaired_text"] == repair_article(fields["raw_text"])


@pytest.fixture
def source(published_dataset):
    return Source.objects.get(slug="banan-1246-report-2024")


@pytest.fixture
def records(source):
    return cited_records(source)


def test_every_quote_is_an_exact_substring_of_the_repaired_text(source, records):
    """Each record's citation can be found, character for character, in the article."""
    assert {type(record) for record in records} == set(cited_models())
    assert misquoted(source, records) == []


def test_every_numeral_is_stated_by_a_record_or_reviewed_as_a_non_fact(source, records):
    """No number of the article is silently left out of the data."""
    uncovered = uncovered_numerals(source, records, load_non_facts())
    assert [(n.text, source.repaired_text[n.start - 10 : n.end + 5]) for n in uncovered] == []


def test_non_facts_are_not_also_published(source, records):
    """The reviewed list only holds numerals that no record states, so it stays minimal."""
    text = source.repaired_text
    for non_fact in load_non_facts():
        numeral = non_fact_position(text, non_fact)
        assert covering_records(text, numeral, records) == [], non_fact
        assert non_fact.reason.strip()


def _served_strings(instance, *, skip=("raw_text", "slug")):
    """Text fields served to clients; the raw text is kept as received, slugs are lower-case ids."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField) and field.name not in skip:
            yield field.name, getattr(instance, field.name)


def _served_instances(source, records):
    return [source, *records, *IndicatorComparison.objects.all()]


def test_served_text_carries_no_damage(source, records):
    """No pinyin note, mojibake, traditional character or lower-cased acronym reaches clients."""
    damaged = [
        (instance, name, problems)
        for instance in _served_instances(source, records)
        for name, value in _served_strings(instance)
        if (problems := find_served_text_damage(value))
    ]
    assert damaged == []


def test_every_chinese_text_has_an_english_translation(source, records):
    """A filled *_zh field always has its *_en counterpart filled."""
    missing = [
        (instance, name)
        for instance in _served_instances(source, records)
        for name, value in _served_strings(instance)
        if name.endswith("_zh") and value.strip()
        if not getattr(instance, name[:-3] + "_en").strip()
    ]
    assert missing == []


def test_thirteen_clusters_in_tiers_of_one_two_four_six(published_dataset):
    """The 1246 system: 1 leading, 2 pillar, 4 characteristic, 6 new-star clusters, numbered."""
    by_tier = {}
    for cluster in Cluster.objects.all():
        by_tier.setdefault(cluster.tier, []).append(cluster.position)
    assert Cluster.objects.count() == 13
    assert {tier: sorted(positions) for tier, positions in by_tier.items()} == {
        tier: list(range(1, size + 1)) for tier, size in TIER_SIZES.items()
    }
