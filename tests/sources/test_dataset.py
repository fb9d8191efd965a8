"""The published dataset: every record cited, every number accounted for, all text clean."""

import datetime
import hashlib
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.db import models

from apps.clusters.choices import TIER_SIZES
from apps.clusters.models import Cluster, KeyDirection
from apps.enterprises.models import Enterprise, Person, Statement
from apps.indicators.choices import IndicatorKind
from apps.indicators.models import Indicator, IndicatorComparison
from apps.parks.models import Park
from apps.projects.models import Project
from apps.sources.audit import (
    cited_models,
    cited_records,
    covering_records,
    misquoted,
    non_fact_position,
    reviewed_non_facts,
    unclassified_fields,
    uncovered_numerals,
    unmarked_inferences,
)
from apps.sources.inferences import inferable_field_names, inferred_fields
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
    uncovered = uncovered_numerals(source, records, reviewed_non_facts(source))
    assert [(n.text, source.repaired_text[n.start - 10 : n.end + 5]) for n in uncovered] == []


def test_every_non_fact_quote_is_an_exact_substring_occurring_once(source):
    """Each reviewed non-fact quotes a passage of the article, once, that holds its numeral."""
    non_facts = reviewed_non_facts(source)
    assert non_facts
    for non_fact in non_facts:
        assert source.repaired_text.count(non_fact.source_quote) == 1, non_fact
        assert non_fact.numeral in non_fact.source_quote


def test_non_facts_are_not_also_published(source, records):
    """The reviewed list only holds numerals that no record states, so it stays minimal."""
    text = source.repaired_text
    for non_fact in reviewed_non_facts(source):
        numeral = non_fact_position(text, non_fact)
        assert covering_records(text, numeral, records) == [], non_fact
        assert non_fact.reason_en.strip()
        assert non_fact.reason_zh.strip()


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


# --- Inference marks, editors' notes and the rules the corrections follow ----------------------


def test_every_record_validates_as_the_admin_validates_it(records):
    """full_clean passes for every published record: its inference marks name real fields of
    its own model, with a basis in both languages, and every constraint holds."""
    for record in records:
        record.full_clean()


def test_every_inference_names_a_field_of_its_record(records):
    """No mark names a field the record's model does not have or that states nothing."""
    wrong = [
        (record, field)
        for record in records
        for field in inferred_fields(record)
        if field not in inferable_field_names(type(record))
    ]
    assert wrong == []


def test_every_field_of_a_cited_record_is_judged_by_a_reviewed_rule():
    """A new field must be classified (found in the quote, or exempt and why) before it can be
    published, so that an inference in it cannot go unmarked."""
    assert unclassified_fields() == []


def test_every_value_the_quote_does_not_state_outright_is_marked_as_inferred(records):
    """Names, relations, dates, numbers, tiers and qualifiers not found in the record's quote
    (上海证券交易所 for 上交所, 2023-06 for 去年6月, a park from another sentence) are named in
    the record's inferences."""
    unmarked = [
        (type(u.record).__name__, u.record.slug, u.field, u.why)
        for u in unmarked_inferences(records)
    ]
    assert unmarked == []


def test_the_dataset_marks_the_inferences_its_review_found(records):
    """The inferences the review listed are marked, including those a literal reading cannot
    detect (Lingyao in Dajiang, the doubling plan's start)."""
    by_slug = {(type(record).__name__, record.slug): inferred_fields(record) for record in records}
    expected = {
        ("Enterprise", "zhixiang-jintai"): {"park", "clusters", "listed_earliest", "name_en"},
        ("Enterprise", "shanghai-stock-exchange"): {"name_zh"},
        ("Enterprise", "lingyao-new-energy-vehicle"): {"park", "clusters"},
        ("Enterprise", "fuzhike-technology"): {"clusters"},
        ("Enterprise", "zongshen-power"): {"clusters"},
        ("Enterprise", "pingshan-electromechanical"): {"clusters"},
        ("Indicator", "zongshen-motorcycle-sales-2023"): {"enterprise"},
        ("Indicator", "bio-city-innovative-drugs-in-development"): {"period_start", "period_end"},
        ("Indicator", "optoelectronic-wafer-center-annual-capacity"): {"period_start"},
        ("Initiative", "biopharma-rd-doubling-plan"): {"launched_earliest", "launched_latest"},
        ("Park", "chongqing-international-bio-city"): {"clusters"},
        ("Project", "zhixiang-jintai-phase-i-expansion"): {"completed_latest", "enterprise"},
        ("Cluster", "automobiles-motorcycles"): {"tier"},
    }
    assert {key: fields & by_slug[key] for key, fields in expected.items()} == expected


# Words that talk about the source or the editing rather than the subject. They belong in the
# editors' note: third parties display descriptions as statements about the record.
EDITORIAL_WORDS_ZH = (
    "原文",
    "引文",
    "小标题",
    "此处",
    "本条",
    "推定",
    "推断",
    "理解为",
    "图片说明",
    "编者",
)
EDITORIAL_WORDS_EN = re.compile(
    r"\b(the source|source says|paragraph|section heading|read as|read in context|here|"
    r"inferred|photo caption|editor)\b",
    re.IGNORECASE,
)


def test_descriptions_carry_no_reasoning_about_the_source(records):
    """No description says “原文…”, “按小标题…” or “the source says…”: such reasoning lives in
    editors_note_zh / editors_note_en."""
    editorial = [
        (record.slug, field)
        for record in records
        for field, value in (
            ("description_zh", getattr(record, "description_zh", "")),
            ("description_en", getattr(record, "description_en", "")),
        )
        if any(word in value for word in EDITORIAL_WORDS_ZH) or EDITORIAL_WORDS_EN.search(value)
    ]
    assert editorial == []


def test_the_reasoning_removed_from_descriptions_is_in_the_editors_notes(records):
    """The pillar tier, the low-altitude cluster and the ambiguous readings are told to editors."""
    notes = {record.slug: record.editors_note_zh for record in records if record.editors_note_zh}
    assert "支柱" in notes["automobiles-motorcycles"]
    assert "航空航天" in notes["low-altitude-economy"]
    assert "两大产业" in notes["pillar-clusters-output-value-2023"]
    assert "全市占比" in notes["bio-city-share-of-city-total"]


def test_one_kind_rule_for_stocks(published_dataset):
    """A stock the source gives as of a date (目前…在研创新药物53个, 已集聚项目120余个) is
    `actual`, like a flow over its period; `cumulative` is kept for a total the quote accumulates
    over a span it states (累计…, …以来). The rule is also written atop 06_indicators.yaml."""
    indicators = list(Indicator.objects.all())
    for indicator in indicators:
        if indicator.kind == IndicatorKind.CUMULATIVE:
            assert "累计" in indicator.source_quote or "以来" in indicator.source_quote, indicator
    stocks = [
        indicator
        for indicator in indicators
        if "目前" in indicator.source_quote
        and indicator.kind not in (IndicatorKind.TARGET, IndicatorKind.PROJECTION)
    ]
    assert len(stocks) == 8
    assert {indicator.kind for indicator in stocks} == {IndicatorKind.ACTUAL}


def test_undated_plans_and_stocks_say_their_period_is_inferred(published_dataset):
    """A figure the source gives without a date takes the article's month as the date as of
    which it is stated, and says so on period_start and period_end."""
    for indicator in Indicator.objects.filter(period_start=datetime.date(2024, 3, 1)):
        assert {"period_start", "period_end"} <= inferred_fields(indicator), indicator.slug


# A listed company's English name is the one it files under; the romanisation it replaced must
# not survive in any English text.
FILED_ENGLISH_NAMES = {
    "zhixiang-jintai": ("Chongqing Genrix Biopharmaceutical Co., Ltd.", "Genrix Bio", "Zhixiang"),
    "meilixin-technology": ("Chongqing Millison Technologies Inc.", "", "Meilixin"),
}


def test_listed_companies_carry_the_english_name_they_file_under(source, records):
    """Genrix Bio and Millison are named as in their filings, with the basis marked; any
    company shown as listed on an exchange has a reviewed filed name here."""
    for slug, (name, short_name, _superseded) in FILED_ENGLISH_NAMES.items():
        enterprise = Enterprise.objects.get(slug=slug)
        assert (enterprise.name_en, enterprise.short_name_en) == (name, short_name)
        assert "name_en" in inferred_fields(enterprise)
    listed = Enterprise.objects.filter(listing_exchange__isnull=False).values_list(
        "slug", flat=True
    )
    assert set(listed) <= set(FILED_ENGLISH_NAMES)
    superseded = [entry[2] for entry in FILED_ENGLISH_NAMES.values()]
    stale = [
        (instance, name)
        for instance in _served_instances(source, records)
        for name, value in _served_strings(instance)
        if name.endswith("_en") and any(old in value for old in superseded)
    ]
    assert stale == []


def test_the_first_china_developed_il_17a_drug_is_not_called_china_s_first(published_dataset):
    """国内首个17A靶点药物 is the first China-developed IL-17A drug: imported ones were sold."""
    statement = Statement.objects.get(slug="xeligekimab-expected-on-the-market")
    assert "国内首个17A靶点药物" in statement.text_zh
    assert "the first China-developed IL-17A drug" in statement.text_en
    english = " ".join(
        getattr(record, field)
        for model in cited_models()
        for record in model.objects.all()
        for field in ("description_en", "text_en")
        if hasattr(record, field)
    )
    assert "China's first drug" not in english


def test_the_six_key_directions_of_the_introduction_point_at_their_clusters(published_dataset):
    """生物技术药 … 大排量摩托车, in the introduction's order, each with its cluster."""
    directions = KeyDirection.objects.select_related("cluster")
    assert [(d.position, d.name_zh, d.cluster.slug) for d in directions] == [
        (1, "生物技术药", "biomedicine"),
        (2, "新型显示", "new-display"),
        (3, "智能网联新能源乘用车", "automobiles-motorcycles"),
        (4, "光电子", "optoelectronics"),
        (5, "软件信息", "software-information"),
        (6, "大排量摩托车", "automobiles-motorcycles"),
    ]


def test_the_named_speakers_with_their_roles_and_statements(published_dataset):
    """董理理, chairman of 桴之科, and 曹林荫, brand manager of 智翔金泰, and what they say."""
    people = {
        person.name_zh: (person.role_zh, person.organisation.short_name_zh)
        for person in Person.objects.select_related("organisation")
    }
    assert people == {"董理理": ("董事长", "桴之科"), "曹林荫": ("品牌宣传经理", "智翔金泰")}
    said = Statement.objects.filter(person__isnull=False)
    assert sorted(said.values_list("person__name_zh", "speech")) == [
        ("曹林荫", "direct"),
        ("曹林荫", "reported"),
        ("董理理", "reported"),
    ]


def test_the_bio_city_claims_are_statements_of_its_head(published_dataset):
    """集聚度最高、项目最优、发展最快 and its make-up are attributed, not asserted."""
    claims = " ".join(
        Statement.objects.filter(park__slug="chongqing-international-bio-city").values_list(
            "text_zh", flat=True
        )
    )
    assert "集聚度最高、项目最优、发展最快" in claims
    assert "生物制药为核心,化学药、现代中药、医疗器械" in claims
    bio_city = Park.objects.get(slug="chongqing-international-bio-city")
    assert "集聚度最高" not in bio_city.description_zh


def test_the_expansion_was_completed_by_march_2024(published_dataset):
    """已建设完毕 in March 2024: completed on or before 2024-03-31, since when unknown."""
    project = Project.objects.get(slug="zhixiang-jintai-phase-i-expansion")
    assert (project.completed_earliest, project.completed_latest) == (
        None,
        datetime.date(2024, 3, 31),
    )
    assert project.completed == "../2024-03-31"
    assert "completed_latest" in inferred_fields(project)
