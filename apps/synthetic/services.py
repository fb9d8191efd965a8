"""Fill an empty database with synthetic records at scale, for benchmarks.

Everything made here is marked: every slug starts with ``synthetic-``, every record cites one
Source named as synthetic, whose text says so, and quotes that text. The generator refuses a
database holding anything else (``RealDataPresent``), so synthetic rows never mix with the real
dataset, and the real dataset's loader never meets synthetic rows unawares.

Rows go in with ``bulk_create`` in batches (no history rows, no per-row signals), built lazily
batch by batch, so memory stays bounded whatever the counts.
"""

import datetime
import itertools
import random
import sys
import time
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db import connections, transaction

from apps.clusters.choices import TIER_SIZES
from apps.clusters.models import Cluster
from apps.enterprises.choices import EnterpriseKind
from apps.enterprises.models import Enterprise
from apps.indicators.choices import IndicatorKind, SubjectType, Unit
from apps.indicators.models import Indicator
from apps.sources.choices import SourceLanguage
from apps.sources.models import Source

PREFIX = "synthetic-"
SOURCE_SLUG = f"{PREFIX}source"
QUOTE = "This record is synthetic: generated for benchmarks, it states no fact."
SOURCE_TEXT = (
    "Synthetic data. Nothing in this source is true of Banan District or of anyone. " + QUOTE
)
# The models whose rows the generator makes, and so checks for rows it did not make.
CHECKED_MODELS = (Source, Cluster, Enterprise, Indicator)


class RealDataPresent(Exception):
    """The database holds records that are not synthetic."""


def real_records(using: str = "default") -> dict[str, int]:
    """How many records of each checked model are not synthetic (empty when there are none)."""
    counts = {
        model._meta.label: model.objects.using(using).exclude(slug__startswith=PREFIX).count()
        for model in CHECKED_MODELS
    }
    return {label: count for label, count in counts.items() if count}


class Progress:
    """A one-line progress bar on standard error: what, done of total, rate."""

    def __init__(self, what: str, total: int, stream=None):
        self.what, self.total, self.done = what, total, 0
        self.stream = stream or sys.stderr
        self.started = time.monotonic()

    def advance(self, count: int) -> None:
        self.done += count
        fraction = self.done / self.total if self.total else 1
        bar = "#" * int(fraction * 30)
        rate = self.done / max(time.monotonic() - self.started, 1e-9)
        self.stream.write(
            f"\r{self.what:12} [{bar:30}] {self.done:>9,}/{self.total:,} {rate:9,.0f}/s"
        )
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _insert(model, rows: Iterable[dict], *, total: int, batch_size: int, using: str, progress_to):
    """Insert ``rows`` (column -> value, adapted for the database) in batches of one
    ``executemany`` each: no model instances, no per-row SQL compilation. A column a row leaves
    out takes its blank value (empty text, NULL, the field's default)."""
    connection = connections[using]
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not field.generated
    ]
    blank = {field.column: _blank(field, connection) for field in fields}
    columns = list(blank)
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    one_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    # Many rows per INSERT: one statement (and one PostgreSQL statement trigger) per thousand.
    per_statement = min(1000, (connection.features.max_query_params or 999) // len(columns))
    progress = Progress(str(model._meta.verbose_name_plural).title(), total, progress_to)
    for batch in _batches(rows, batch_size):
        with transaction.atomic(using=using), connection.cursor() as cursor:
            for start in range(0, len(batch), per_statement):
                part = batch[start : start + per_statement]
                values = ", ".join([one_row] * len(part))
                params = [row.get(column, blank[column]) for row in part for column in columns]
                cursor.execute(f"INSERT INTO {table} ({names}) VALUES {values}", params)
        progress.advance(len(batch))


def _blank(field, connection):
    if field.has_default():
        return field.get_db_prep_save(field.get_default(), connection)
    return None if field.null else ""


def synthetic_source(using: str = "default") -> Source:
    source, _ = Source.objects.using(using).get_or_create(
        slug=SOURCE_SLUG,
        defaults={
            "name_zh": "合成数据（非真实）",
            "name_en": "Synthetic data (not real)",
            "publisher_en": "Generated by manage.py generate_synthetic",
            "language": SourceLanguage.EN,
            "raw_text": SOURCE_TEXT,
            "repaired_text": SOURCE_TEXT,
        },
    )
    return source


def _cited(source) -> dict:
    return {"source": source, "source_quote": QUOTE}


def generate(
    *,
    enterprises: int,
    indicators: int,
    batch_size: int = 5000,
    seed: int = 1246,
    using: str = "default",
    progress_to=None,
) -> None:
    """Add ``enterprises`` enterprises and ``indicators`` indicators, all synthetic.

    Half the indicators measure the district, half an enterprise (so the filtered lists the
    benchmark reads, ``subject_type=district`` or ``enterprise``, both run deep). Refuses a
    database that holds any record not made here (``RealDataPresent``).
    """
    if found := real_records(using):
        raise RealDataPresent(
            "This database holds records that are not synthetic ("
            + ", ".join(f"{count} {label}" for label, count in found.items())
            + "): generate synthetic data in a database of its own."
        )
    rng = random.Random(seed)
    connection = connections[using]
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        # A throw-away database: no fsync while filling it (a crash means generating again).
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    operations = connection.ops
    source = synthetic_source(using)
    clusters = _clusters(source, using)
    now = Enterprise._meta.get_field("created_at").get_db_prep_save(
        datetime.datetime.now(datetime.UTC), connection
    )
    cited = {"created_at": now, "updated_at": now, "source_id": source.pk, "source_quote": QUOTE}
    first_enterprise = Enterprise.objects.using(using).count()
    enterprise_rows = (
        {
            "slug": f"{PREFIX}enterprise-{number:07d}",
            "name_zh": f"合成企业{number}",
            "name_en": f"Synthetic enterprise {number}",
            "kind": EnterpriseKind.COMPANY.value,
            **cited,
        }
        for number in range(first_enterprise + 1, first_enterprise + enterprises + 1)
    )
    _insert(
        Enterprise,
        enterprise_rows,
        total=enterprises,
        batch_size=batch_size,
        using=using,
        progress_to=progress_to,
    )
    _link_clusters(clusters, batch_size, using, progress_to)
    enterprise_ids = list(
        Enterprise.objects.using(using)
        .filter(slug__startswith=PREFIX)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    first_indicator = Indicator.objects.using(using).count()
    units = [Unit.PERCENT.value, Unit.CNY.value, Unit.COUNT.value, Unit.VEHICLE.value]
    kinds = [IndicatorKind.ACTUAL.value, IndicatorKind.TARGET.value]
    years = {
        year: (
            operations.adapt_datefield_value(datetime.date(year, 1, 1)),
            operations.adapt_datefield_value(datetime.date(year, 12, 31)),
        )
        for year in range(2015, 2025)
    }

    def indicator(number):
        period_start, period_end = years[2015 + number % 10]
        on_enterprise = number % 2 == 1 and enterprise_ids
        value = Decimal(rng.randint(1, 10**8)).scaleb(-2)
        return {
            "slug": f"{PREFIX}indicator-{number:08d}",
            "name_zh": f"合成指标{number}",
            "name_en": f"Synthetic indicator {number}",
            "subject_type": SubjectType.ENTERPRISE.value
            if on_enterprise
            else SubjectType.DISTRICT.value,
            "enterprise_id": rng.choice(enterprise_ids) if on_enterprise else None,
            "value": operations.adapt_decimalfield_value(value, 16, 4),
            "unit": units[number % len(units)],
            "unit_multiplier": (0, 4, 8)[number % 3],
            "period_start": period_start,
            "period_end": period_end,
            "kind": kinds[number % len(kinds)],
            **cited,
        }

    _insert(
        Indicator,
        (indicator(n) for n in range(first_indicator + 1, first_indicator + indicators + 1)),
        total=indicators,
        batch_size=batch_size,
        using=using,
        progress_to=progress_to,
    )
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # What an operator does after a bulk load, and autovacuum only minutes later: statistics
        # for the planner, and the visibility map without which a page cannot read its keys
        # from an index alone (apps.core.models.page_index).
        with connection.cursor() as cursor:
            for model in (Enterprise, Enterprise.clusters.through, Indicator):
                cursor.execute(f'VACUUM ANALYZE "{model._meta.db_table}"')


def _clusters(source, using) -> list[Cluster]:
    """One synthetic cluster at every place of the 1-2-4-6 structure (the tiers' sizes)."""
    clusters = []
    for tier, size in TIER_SIZES.items():
        for position in range(1, size + 1):
            cluster, _ = Cluster.objects.using(using).get_or_create(
                slug=f"{PREFIX}cluster-{tier}-{position}".replace("_", "-"),
                defaults={
                    "name_zh": f"合成集群{tier}{position}",
                    "name_en": f"Synthetic cluster {tier} {position}",
                    "tier": tier,
                    "position": position,
                    **_cited(source),
                },
            )
            clusters.append(cluster)
    return clusters


def _link_clusters(clusters, batch_size, using, progress_to):
    """Each synthetic enterprise not yet in a cluster joins one, in turn."""
    through = Enterprise.clusters.through
    unlinked = (
        Enterprise.objects.using(using)
        .filter(slug__startswith=PREFIX, clusters=None)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    # The keys first (small), then rows batch by batch: SQLite cannot write under an open cursor.
    keys = list(unlinked)
    rows = (
        {"enterprise_id": pk, "cluster_id": clusters[index % len(clusters)].pk}
        for index, pk in enumerate(keys)
    )
    _insert(
        through, rows, total=len(keys), batch_size=batch_size, using=using, progress_to=progress_to
    )
