"""Cluster and Initiative: the 1-2-4-6 structure is enforced by the database."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from apps.clusters.choices import TIER_SIZES, Tier
from apps.clusters.models import Cluster, Initiative
from tests.factories import make_cluster, make_key_direction, make_source

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("tier", "size"), list(TIER_SIZES.items()))
def test_each_tier_holds_at_most_its_size(tier, size):
    """Positions 1..size fill a tier; position size+1 is refused."""
    for position in range(1, size + 1):
        make_cluster(tier=tier, position=position)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_cluster(tier=tier, position=size + 1)


def test_position_zero_is_refused():
    """Positions count from 1."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_cluster(tier=Tier.PILLAR, position=0)


def test_two_clusters_cannot_share_a_tier_position():
    """(tier, position) is unique."""
    make_cluster(tier=Tier.PILLAR, position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_cluster(tier=Tier.PILLAR, position=1)


def test_unknown_tier_is_refused():
    """Only the four tiers exist."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_cluster(tier="emerging", position=1)


def test_clusters_sort_in_tier_order():
    """The default ordering follows the system (leading, pillar, ...), not the alphabet."""
    make_cluster(tier=Tier.NEW_STAR, position=1, slug="star")
    make_cluster(tier=Tier.CHARACTERISTIC, position=1, slug="characteristic")
    make_cluster(tier=Tier.LEADING, position=1, slug="leading")
    make_cluster(tier=Tier.PILLAR, position=2, slug="pillar-2")
    make_cluster(tier=Tier.PILLAR, position=1, slug="pillar-1")
    assert list(Cluster.objects.values_list("slug", flat=True)) == [
        "leading",
        "pillar-1",
        "pillar-2",
        "characteristic",
        "star",
    ]


def test_initiative_launch_span_must_run_forward():
    """An initiative cannot be launched at a latest day before its earliest day."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Initiative.objects.create(
            slug="backwards",
            name_zh="倒序",
            name_en="Backwards",
            source=make_source(),
            source_quote="巴南区",
            launched_earliest=datetime.date(2023, 12, 31),
            launched_latest=datetime.date(2023, 12, 1),
        )


def test_initiative_launch_label():
    """A whole-month span reads as the month."""
    initiative = Initiative(
        launched_earliest=datetime.date(2023, 12, 1), launched_latest=datetime.date(2023, 12, 31)
    )
    assert initiative.launched == "2023-12"


def test_a_key_direction_points_at_its_cluster_in_the_sources_order():
    """Directions of one source are ordered by their position in its list."""
    cluster = make_cluster(tier=Tier.LEADING)
    source = make_source()
    second = make_key_direction(cluster=cluster, source=source, position=2, slug="second")
    first = make_key_direction(cluster=cluster, source=source, position=1, slug="first")
    assert list(cluster.key_directions.all()) == [first, second]
    assert str(first) == f"{first.name_zh} ({first.name_en})"


def test_two_key_directions_of_one_source_cannot_share_a_position():
    """(source, position) is unique; another source may use the same position."""
    source = make_source()
    make_key_direction(source=source, position=1)
    make_key_direction(position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_key_direction(source=source, position=1)


def test_a_key_direction_position_counts_from_one():
    """Position 0 is refused by the database."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_key_direction(position=0)
