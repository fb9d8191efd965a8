"""Valid records built in one call, so each test states only what it is about."""

import datetime
import itertools
from decimal import Decimal

from apps.clusters.choices import Tier
from apps.clusters.models import Cluster, Initiative, KeyDirection
from apps.enterprises.choices import EnterpriseKind, Speech
from apps.enterprises.models import Enterprise, Person, Statement
from apps.indicators.choices import ComparisonKind, IndicatorKind, SubjectType, Unit
from apps.indicators.models import Indicator, IndicatorComparison
from apps.parks.models import Park
from apps.projects.choices import ProjectStatus
from apps.projects.models import Project
from apps.sources.choices import SourceLanguage
from apps.sources.models import Source

_sequence = itertools.count(1)


def _slug(prefix):
    return f"{prefix}-{next(_sequence)}"


def _named(prefix, fields):
    slug = fields.pop("slug", None) or _slug(prefix)
    return {"slug": slug, "name_zh": f"测试{slug}", "name_en": f"Test {slug}", **fields}


def make_source(**fields):
    return Source.objects.create(
        **_named(
            "source",
            {
                "language": SourceLanguage.ZH_HANT,
                "raw_text": "巴南區(qū)",
                "repaired_text": "巴南区",
                **fields,
            },
        )
    )


def _cited(fields):
    if "source" not in fields:
        fields["source"] = make_source()
    fields.setdefault("source_quote", "巴南区")
    return fields


def make_cluster(**fields):
    fields.setdefault("tier", Tier.NEW_STAR)
    if "position" not in fields:
        taken = set(Cluster.objects.filter(tier=fields["tier"]).values_list("position", flat=True))
        fields["position"] = min(set(range(1, 7)) - taken)
    return Cluster.objects.create(**_named("cluster", _cited(fields)))


def make_park(**fields):
    return Park.objects.create(**_named("park", _cited(fields)))


def make_enterprise(**fields):
    fields.setdefault("kind", EnterpriseKind.COMPANY)
    return Enterprise.objects.create(**_named("enterprise", _cited(fields)))


def make_project(**fields):
    fields.setdefault("status", ProjectStatus.SIGNED)
    return Project.objects.create(**_named("project", _cited(fields)))


def make_indicator(**fields):
    fields.setdefault("subject_type", SubjectType.DISTRICT)
    fields.setdefault("value", Decimal("3.6"))
    fields.setdefault("unit", Unit.PERCENT)
    fields.setdefault("kind", IndicatorKind.ACTUAL)
    fields.setdefault("period_start", datetime.date(2023, 1, 1))
    fields.setdefault("period_end", datetime.date(2023, 12, 31))
    return Indicator.objects.create(**_named("indicator", _cited(fields)))


def make_comparison(indicator, **fields):
    fields.setdefault("kind", ComparisonKind.RANK)
    fields.setdefault("value", Decimal("4"))
    fields.setdefault("unit", Unit.RANK)
    fields.setdefault("benchmark_zh", "全市中心城区")
    fields.setdefault("benchmark_en", "central districts of Chongqing")
    if "position" not in fields:
        fields["position"] = indicator.comparisons.count() + 1
    return IndicatorComparison.objects.create(indicator=indicator, **fields)


def make_initiative(**fields):
    return Initiative.objects.create(**_named("initiative", _cited(fields)))


def make_key_direction(**fields):
    if "cluster" not in fields:
        fields["cluster"] = make_cluster()
    _cited(fields)
    if "position" not in fields:
        taken = KeyDirection.objects.filter(source=fields["source"]).values_list(
            "position", flat=True
        )
        fields["position"] = max(taken, default=0) + 1
    return KeyDirection.objects.create(**_named("direction", fields))


def make_person(**fields):
    if "organisation" not in fields:
        fields["organisation"] = make_enterprise()
    fields.setdefault("role_zh", "董事长")
    fields.setdefault("role_en", "Chairman")
    return Person.objects.create(**_named("person", _cited(fields)))


def make_statement(**fields):
    """A statement of a named person unless an organisation or a park is given as the speaker."""
    if not {"person", "organisation", "park"} & set(fields):
        fields["person"] = make_person()
    fields.setdefault("speaker_zh", "董事长")
    fields.setdefault("speaker_en", "The chairman")
    fields.setdefault("speech", Speech.REPORTED)
    fields.setdefault("text_zh", "巴南")
    fields.setdefault("text_en", "Banan")
    return Statement.objects.create(**_named("statement", _cited(fields)))
