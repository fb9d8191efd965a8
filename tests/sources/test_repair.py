"""Tests of apps.sources.repair: each repair on small inputs, then on the seed article with its
own case rules (tools/dataset/seed_article.py)."""

from pathlib import Path

import pytest

from apps.sources.repair import (
    find_lowercase_acronyms,
    find_lowercase_latin_runs,
    find_mojibake,
    find_pinyin_notes,
    find_served_text_damage,
    find_traditional_characters,
    find_unbalanced_quotes,
    is_pinyin_syllable,
    repair_article,
    repair_mojibake,
    restore_latin_case,
    strip_pinyin_notes,
    to_simplified,
)
from tools.dataset.seed_article import CASE_RULES

ARTICLES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"
RAW_PATH = ARTICLES / "banan-1246.raw.txt"
REPAIRED_PATH = ARTICLES / "banan-1246.repaired.txt"

# The bracketed text the article really has; none of it is a pinyin note.
LEGITIMATE_BRACKETS = (
    "(以下简称“智翔金泰”)",
    "(新药上市许可申请)",
    "(“简称桴之科”)",
    "(套)",
    "(以下简称“平山机电”)",
    "(2022—2025年)",
    "(中建隧道总部大楼)",
    "(软件与信息服务外包产业园)",
)


@pytest.fixture(scope="module")
def raw() -> str:
    """The scraped article exactly as received."""
    return RAW_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def repaired(raw: str) -> str:
    """The article after the whole repair pipeline."""
    return repair_article(raw, CASE_RULES)


# --------------------------------------------------------------------------------------------
# Pinyin notes
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "token", ["chuàng", "qū", "lǜ", "nǚ", "yè", "zhǔn", "de", "men", "ê", "ế", "ń", "ň", "m̀"]
)
def test_is_pinyin_syllable_accepts_syllables(token: str) -> None:
    """Tone-marked and toneless syllables, ü, ê and the syllabic nasals are pinyin."""
    assert is_pinyin_syllable(token)


@pytest.mark.parametrize(
    "token", ["nda", "ic", "ghz", "Chuàng", "AI", "chuàngxīn", "xǐà", "套", "2022", ""]
)
def test_is_pinyin_syllable_rejects_other_text(token: str) -> None:
    """Latin acronyms, capitals, two syllables, two tone marks and Han text are not pinyin."""
    assert not is_pinyin_syllable(token)


def test_strip_pinyin_notes_removes_tone_marked_notes() -> None:
    """A tone-marked syllable in brackets right after a Han character is dropped."""
    assert strip_pinyin_notes("大江科創(chuàng)城園區(qū)") == "大江科創城園區"


def test_strip_pinyin_notes_removes_neutral_tone_notes() -> None:
    """Common neutral-tone readings carry no tone mark and are still notes."""
    assert strip_pinyin_notes("我們(men)的(de)車來了(le)") == "我們的車來了"


def test_strip_pinyin_notes_removes_umlaut_and_nasal_notes() -> None:
    """Notes spelled with ü or a syllabic nasal are recognised."""
    assert strip_pinyin_notes("綠(lǜ)色,嗯(ń)") == "綠色,嗯"


@pytest.mark.parametrize(
    "text",
    [
        "公司(以下簡稱“智翔金泰”)的",
        "公司(“簡稱桴之科”)董事長",
        "進入nda(新藥上市許可申請)階段",
        "設備150余臺(套),",
        "行動計劃(2022—2025年)》",
        "星溪座(中建隧道總部大樓)、",
    ],
)
def test_strip_pinyin_notes_keeps_legitimate_brackets(text: str) -> None:
    """Real bracketed text of the article is not a note and stays as written."""
    assert strip_pinyin_notes(text) == text


@pytest.mark.parametrize("text", ["人工智能(ai)", "人工智能(AI)", "編號(a1)", "綑C(jī)", "號 (jī)"])
def test_strip_pinyin_notes_keeps_ambiguous_or_detached_brackets(text: str) -> None:
    """Toneless non-particles, capitals and brackets not glued to a Han character stay."""
    assert strip_pinyin_notes(text) == text


def test_strip_pinyin_notes_is_idempotent_and_keeps_clean_text() -> None:
    """Stripping twice equals stripping once; text without notes is unchanged."""
    once = strip_pinyin_notes("發(fā)展(fā)")
    assert once == "發展"
    assert strip_pinyin_notes(once) == once
    assert strip_pinyin_notes("") == ""


def test_find_pinyin_notes_reports_what_strip_removes() -> None:
    """The detector gives position and snippet of each note, and nothing for clean text."""
    findings = find_pinyin_notes("科創(chuàng)城(套)")
    assert [(finding.position, finding.snippet) for finding in findings] == [(2, "(chuàng)")]
    assert find_pinyin_notes("科创城(套)") == []


def test_raw_article_has_512_pinyin_notes(raw: str) -> None:
    """511 notes are visible at once; the 512th follows 機 once the mojibake is repaired."""
    assert len(find_pinyin_notes(raw)) == 511
    assert len(find_pinyin_notes(repair_mojibake(raw))) == 512


# --------------------------------------------------------------------------------------------
# Mojibake
# --------------------------------------------------------------------------------------------


def test_repair_mojibake_realigns_first_spot() -> None:
    """「局?!敝貞c國」 is 「局。”重慶國」 read one GBK byte out of step after a lost lead byte."""
    damaged = "“逐步形成新格局?!敝貞c國際生物城負責人介紹"
    assert repair_mojibake(damaged) == "“逐步形成新格局。”重慶國際生物城負責人介紹"


def test_repair_mojibake_realigns_second_spot() -> None:
    """「%?!逼缴綑C(jī)」 is 「%。”平山機(jī)」 shifted the same way."""
    damaged = "“同比增長22.5%?!逼缴綑C(jī)電的工作人員"
    assert repair_mojibake(damaged) == "“同比增長22.5%。”平山機(jī)電的工作人員"


def test_repair_mojibake_needs_an_open_quotation() -> None:
    """Without a quotation to close the recovered ” would be a guess, so nothing changes."""
    assert repair_mojibake("新格局?!敝貞c國際") == "新格局?!敝貞c國際"


@pytest.mark.parametrize(
    "text", ["“為什麼?他說OK”", "“真的?!被騙了QQ”", "“是嗎?2023年的iPhone”", "“?”", ""]
)
def test_repair_mojibake_keeps_clean_text(text: str) -> None:
    """A question mark in ordinary text is never rewritten."""
    assert repair_mojibake(text) == text
    assert find_mojibake(text) == []


@pytest.mark.parametrize("text", ["“甲?!c", "“甲?😀c", "“甲?!被騙了QQ"])
def test_repair_mojibake_rejects_runs_that_do_not_realign(text: str) -> None:
    """Runs that are not in GBK, do not decode, or decode to symbols are left as written."""
    assert repair_mojibake(text) == text


def test_repair_mojibake_is_idempotent(raw: str) -> None:
    """Repairing twice equals repairing once."""
    once = repair_mojibake(raw)
    assert repair_mojibake(once) == once


def test_find_mojibake_reports_frame_shift_and_lost_quote() -> None:
    """A damaged quotation is reported both as a frame shift and as an open quote."""
    damaged = "“新格局?!敝貞c國際"
    reasons = [finding.reason for finding in find_mojibake(damaged)]
    assert reasons == ["“ left open in the paragraph", "GBK frame shift"]
    assert find_mojibake(repair_mojibake(damaged)) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("新格局銆傗€", "UTF-8 decoded as GBK"),
        ("标题锟斤拷", "UTF-8 decoded as GBK"),
        ("重\ufffd庆", "U+FFFD replacement character"),
    ],
)
def test_find_mojibake_reports_utf8_read_as_gbk(text: str, reason: str) -> None:
    """Signature characters of UTF-8 read as GBK and replacement characters are reported."""
    assert reason in [finding.reason for finding in find_mojibake(text)]


def test_find_unbalanced_quotes_per_paragraph() -> None:
    """Each line must pair its quotes, except a quotation continued by the next paragraph."""
    assert find_unbalanced_quotes("“甲”\n“乙”") == []
    assert find_unbalanced_quotes("“第一段\n“第二段。”") == []
    assert [finding.position for finding in find_unbalanced_quotes("“甲”\n“乙\n丙")] == [4]
    assert [finding.reason for finding in find_unbalanced_quotes("甲”乙")] == ["” without “"]


# --------------------------------------------------------------------------------------------
# Latin case
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("進入nda(新藥", "進入NDA(新藥"),
        ("與ic設計", "與IC設計"),
        ("77ghz毫米波", "77GHz毫米波"),
        ("77g多功能", "77G多功能"),
        ("新增20000l抗體", "新增20000L抗體"),
        ("該公司i期改擴建", "該公司I期改擴建"),
        ("進入ii期臨床", "進入II期臨床"),
        ("首個17a靶點", "首個17A靶點"),
        ("首个17a靶点", "首个17A靶点"),
    ],
)
def test_restore_latin_case_restores_the_article_runs(text: str, expected: str) -> None:
    """Each lower-cased acronym or unit of the article gets its case back."""
    assert restore_latin_case(text, CASE_RULES) == expected


@pytest.mark.parametrize(
    "text",
    [
        "music",
        "topic設計",
        "500g麵粉",
        "177g",
        "a靶點",
        "iPhone",
        "ic_x",
        "www.ic.gov",
        "ic@example.com",
        "NDA",
        "GHz",
        "",
    ],
)
def test_restore_latin_case_leaves_other_runs(text: str) -> None:
    """Runs inside words or addresses, grams, runs out of context and restored text stay."""
    assert restore_latin_case(text, CASE_RULES) == text
    assert find_lowercase_acronyms(text, CASE_RULES) == []


def test_find_lowercase_acronyms_reports_runs() -> None:
    """The detector reports the run and its position."""
    findings = find_lowercase_acronyms("進入nda階段", CASE_RULES)
    assert [(finding.position, finding.snippet) for finding in findings] == [(2, "nda")]


# --------------------------------------------------------------------------------------------
# Traditional to simplified
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("巴南區", "巴南区"),
        ("產業", "产业"),
        ("億元", "亿元"),
        ("臺(套)", "台(套)"),
        ("顯著提升", "显著提升"),
        ("著名企業", "著名企业"),
        ("介紹著企業", "介绍着企业"),
        ("介紹著名專家", "介绍著名专家"),
        ("巴南著力培育", "巴南着力培育"),
        ("顯著力量", "显著力量"),
        ("隨著發展", "随着发展"),
        ("乾隆", "乾隆"),
    ],
)
def test_to_simplified_converts_to_mainland_usage(text: str, expected: str) -> None:
    """OpenCC t2s plus the 著/着 fix give mainland simplified Chinese."""
    assert to_simplified(text) == expected


def test_to_simplified_keeps_simplified_text() -> None:
    """Simplified text, including 坏 (which OpenCC 1.4.0 turned into 坯), is unchanged."""
    text = "巴南区坏账率下降,产业集群着力发展。"
    assert to_simplified(text) == text
    assert to_simplified("") == ""


def test_find_traditional_characters() -> None:
    """Characters t2s would change are listed once each, in order; simplified text has none."""
    assert find_traditional_characters("巴南區產業區") == ["區", "產", "業"]
    assert find_traditional_characters("巴南区产业,乾隆,显著") == []


# --------------------------------------------------------------------------------------------
# Whole pipeline
# --------------------------------------------------------------------------------------------


def test_repair_article_keeps_lines_and_whitespace() -> None:
    """Line endings become \\n, trailing newlines go, other whitespace stays."""
    assert repair_article("  第一段(duàn)\r\n第二段\n\n") == "  第一段\n第二段"
    assert repair_article("") == ""


def test_find_served_text_damage_reports_every_kind(raw: str) -> None:
    """The combined detector reports notes, mojibake, acronyms and traditional characters."""
    messages = " ".join(find_served_text_damage(raw, CASE_RULES))
    for kind in ("pinyin note", "GBK frame shift", "lower-cased acronym", "traditional"):
        assert kind in messages


def test_repaired_article_has_no_damage_left(repaired: str) -> None:
    """No pinyin note, mojibake, lower-cased acronym or traditional character is served."""
    assert find_served_text_damage(repaired, CASE_RULES) == []


def test_repaired_article_detectors_each_empty(repaired: str) -> None:
    """Each detector on its own finds nothing in the repaired article."""
    assert find_pinyin_notes(repaired) == []
    assert find_mojibake(repaired) == []
    assert find_lowercase_acronyms(repaired, CASE_RULES) == []
    assert find_traditional_characters(repaired) == []


def test_repaired_article_quotes_balance_in_every_paragraph(repaired: str) -> None:
    """Every paragraph opens and closes the same number of quotations."""
    for paragraph in repaired.split("\n"):
        assert paragraph.count("“") == paragraph.count("”"), paragraph


def test_repaired_article_keeps_paragraphs(raw: str, repaired: str) -> None:
    """One paragraph per line, as many as the raw article, none empty, no trailing newline."""
    assert len(repaired.split("\n")) == len(raw.split("\n")) == 38
    assert all(paragraph.strip() for paragraph in repaired.split("\n"))
    assert not repaired.endswith("\n")


def test_repaired_article_keeps_punctuation_as_written(raw: str, repaired: str) -> None:
    """ASCII commas stay ASCII; only the legitimate brackets remain; no "?" or "!" is left."""
    assert repaired.count(",") == raw.count(",") == 129
    assert "，" not in repaired
    assert "?" not in repaired
    assert "!" not in repaired
    assert repaired.count("(") == repaired.count(")") == len(LEGITIMATE_BRACKETS)
    for bracket in LEGITIMATE_BRACKETS:
        assert bracket in repaired


@pytest.mark.parametrize(
    "acronym",
    ["进入NDA(", "IC设计", "77GHz毫米波", "77G多功能", "20000L抗体", "I期改扩建", "17A靶点"],
)
def test_repaired_article_restores_acronyms(repaired: str, acronym: str) -> None:
    """Acronyms and units of the article are back in their case."""
    assert acronym in repaired


def test_repaired_article_renders_everywhere(repaired: str) -> None:
    """Every character is in GBK, so no OpenCC output falls outside common fonts."""
    repaired.encode("gbk")


@pytest.mark.parametrize(
    "paragraph",
    [
        "“目前,我们生物城已集聚项目120余个,协议产值超1000亿元,逐步形成生物制药为核心,"
        "化学药、现代中药、医疗器械全领域发展新格局。”重庆国际生物城负责人介绍,"
        "国际生物城已成为全市生物医药产业集聚度最高、项目最优、发展最快的产业园区,"
        "也成为巴南区加快产业转型升级的重要力量。",
        "平山机电是一家集研发、生产、销售各种矿山机电设备为一体的综合性煤机企业,"
        "2021年跻身国家级专精特新“小巨人”企业行列。“2023年公司实现产值1.3亿元,"
        "同比增长8.6%;实现利润1700万元,同比增长22.5%。”平山机电的工作人员信心满满地说,"
        "2024年公司计划完成总产值1.8亿元。",
        "目前,该公司I期改扩建项目已建设完毕并进入调试阶段,新增20000L抗体原液产能和生产线投产后,"
        "将进一步提升公司的商业化能力。",
        "大江科创城园区",
    ],
)
def test_repaired_article_paragraphs(repaired: str, paragraph: str) -> None:
    """Repaired paragraphs read exactly as the simplified original."""
    assert paragraph in repaired.split("\n")


def test_repaired_article_fixes_zhe(repaired: str) -> None:
    """The article's two 著 read zhe/zhuó and are 着 in mainland text; 显著 keeps 著."""
    assert "介绍着企业" in repaired
    assert "巴南着力培育" in repaired
    assert "显著提升" in repaired


def test_repair_article_is_idempotent(repaired: str) -> None:
    """Running the pipeline on its own output changes nothing."""
    assert repair_article(repaired, CASE_RULES) == repaired


def test_raw_fixture_is_the_seed_article(raw: str) -> None:
    """The fixture is the damaged article as scraped, not an already repaired copy."""
    assert find_served_text_damage(raw, CASE_RULES) != []
    assert raw.startswith("大江科創(chuàng)城園區(qū)\n")


def test_committed_repaired_fixture_matches_pipeline(raw: str) -> None:
    """The committed repaired file is exactly what repair_article produces from the raw file."""
    assert REPAIRED_PATH.read_bytes().decode("utf-8") == repair_article(raw, CASE_RULES)


def test_without_the_seed_rules_no_latin_run_changes_case() -> None:
    """The general repair decides no acronym: a new article's runs stay as written."""
    assert restore_latin_case("進入nda階段, 77ghz") == "進入nda階段, 77ghz"
    assert find_lowercase_acronyms("進入nda階段") == []


def test_lowercase_latin_runs_beside_han_characters_are_listed_for_review() -> None:
    """Runs touching a Han character are listed; English words and capitalised runs are not."""
    findings = find_lowercase_latin_runs("聚焦ic设计, a music box, 77ghz毫米波, NDA阶段")
    assert [(finding.position, finding.snippet) for finding in findings] == [(2, "ic"), (23, "ghz")]
