"""Repair scraped Chinese news articles before their text is served.

Scrapers damage articles in a few recurring ways: a pinyin note after converted characters
(``創(chuàng)``), text converted to traditional characters, GBK frame shifts that garble a few
characters, and Latin letters lower-cased. The functions here undo that damage one kind at a time
and, just as importantly, *detect* it, so tests can prove that no served string still carries
any of it. Every repair is a no-op on clean text, so ``repair_article`` is idempotent and safe to
run on every new article (``import_article``).

Lower-cased acronyms cannot be restored in general (``ic`` may be IC or a word): an article's
own case rules are passed in by the dataset tooling that prepared it
(``tools/dataset/seed_article.py`` for the seed). How the seed article was damaged, byte by byte,
is told in ``docs/dataset.md``. Pure Python plus OpenCC; nothing imports Django.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

import opencc

__all__ = [
    "CaseRule",
    "Finding",
    "find_lowercase_acronyms",
    "find_lowercase_latin_runs",
    "find_mojibake",
    "find_pinyin_notes",
    "find_served_text_damage",
    "find_traditional_characters",
    "find_unbalanced_quotes",
    "is_pinyin_syllable",
    "repair_article",
    "repair_mojibake",
    "restore_latin_case",
    "strip_pinyin_notes",
    "to_simplified",
]


class Finding(NamedTuple):
    """One spot of damage: where it starts in the text, the offending snippet, and why."""

    position: int
    snippet: str
    reason: str


# Han ideographs: CJK Unified (basic, extension A, extensions B-H) and compatibility ideographs.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_RE = re.compile(f"[{_HAN}]")

# --------------------------------------------------------------------------------------------
# Pinyin notes
# --------------------------------------------------------------------------------------------

# Initial + final grammar of Hanyu Pinyin, plus the syllabic nasals (m, n, ng, hm, hng) and ê.
# It accepts a few combinations Mandarin never uses (e.g. "fong"); what matters is that it
# rejects Latin text such as "nda", "ic" or "ghz".
_PINYIN_SYLLABLE_RE = re.compile(
    r"(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|üan|ai|ei|ao|ou|an|en|er|in|un|ün"
    r"|ia|ie|iu|ua|uo|ui|üe|ue|a|o|e|i|u|ü)"
    r"|h?m|h?ng?|ê"
)
# Tone marks in NFD: macron (1st), acute (2nd), caron (3rd), grave (4th).
_TONE_MARKS = frozenset("\u0304\u0301\u030c\u0300")
# Umlaut (ü) and circumflex (ê) are part of the letter, not a tone.
_LETTER_MARKS = frozenset("\u0308\u0302")
# A toneless bracketed syllable is ambiguous with a lower-cased acronym such as "(ai)", so it is
# only taken as a note when it is one of the common neutral-tone readings: particles
# (的地得 de, 了 le, 嗎 ma, 麼 me, 吧 ba, 呢 ne, 啊 a/ya/wa/na/la, 著 zhe), suffixes (們 men,
# 子 zi, 個 ge, 頭 tou) and localisers/directional complements (裡 li, 上 shang, 下 xia,
# 面 mian, 邊 bian, 過 guo, 來 lai, 去 qu).
_NEUTRAL_TONE_SYLLABLES = frozenset(
    {
        *("a", "ya", "wa", "na", "la", "ba", "de", "le", "ma", "me", "ne", "zhe"),
        *("men", "zi", "ge", "tou"),
        *("li", "shang", "xia", "mian", "bian", "guo", "lai", "qu"),
    }
)
# A candidate note: a short bracketed token directly after a Han character.
_NOTE_CANDIDATE_RE = re.compile(rf"(?<=[{_HAN}])\(([^()\s]{{1,8}})\)")


def is_pinyin_syllable(token: str) -> bool:
    """Tell whether ``token`` is one lower-case pinyin syllable with at most one tone mark.

    This is what separates a converter's note like ``(chuàng)`` from real bracketed text such
    as ``(套)``, ``(2022—2025年)`` or an acronym.
    """
    decomposed = unicodedata.normalize("NFD", token)
    tone_marks = sum(char in _TONE_MARKS for char in decomposed)
    letters = "".join(char for char in decomposed if char not in _TONE_MARKS)
    if tone_marks > 1 or not all("a" <= char <= "z" or char in _LETTER_MARKS for char in letters):
        return False
    return _PINYIN_SYLLABLE_RE.fullmatch(unicodedata.normalize("NFC", letters)) is not None


def _is_pinyin_note(token: str) -> bool:
    """A note is a tone-marked syllable, or a toneless one that is a common neutral tone."""
    if not is_pinyin_syllable(token):
        return False
    toned = any(char in _TONE_MARKS for char in unicodedata.normalize("NFD", token))
    return toned or token in _NEUTRAL_TONE_SYLLABLES


def find_pinyin_notes(text: str) -> list[Finding]:
    """List the pinyin notes ``strip_pinyin_notes`` would remove, to prove none is served."""
    return [
        Finding(match.start(), match.group(), "pinyin note after a Han character")
        for match in _NOTE_CANDIDATE_RE.finditer(text)
        if _is_pinyin_note(match.group(1))
    ]


def strip_pinyin_notes(text: str) -> str:
    """Drop ``(pinyin)`` notes after Han characters, keeping every other bracket as written.

    The converter that produced the article appended the reading of each converted character;
    the notes are noise to a reader and split words apart for OpenCC's phrase matching.
    """
    return _NOTE_CANDIDATE_RE.sub(
        lambda match: "" if _is_pinyin_note(match.group(1)) else match.group(),
        text,
    )


# --------------------------------------------------------------------------------------------
# Mojibake: GBK frame shifts
# --------------------------------------------------------------------------------------------
#
# A GBK frame shift: a lost lead byte, replaced by "?", makes a decoder pair every following byte
# with the wrong neighbour until an ASCII trail byte puts it back in step. Realigning re-encodes
# the run to GBK and decodes it one byte later; docs/dataset.md shows the seed's two spots.

# A damaged run: the "?" (or U+FFFD) standing for the lost lead byte, then characters that
# were decoded from misaligned byte pairs (ASCII 0x21-0x3F here is folded full-width
# punctuation or digits), then the ASCII character whose byte was the last trail (0x40-0x7E).
_SHIFTED_RUN_RE = re.compile(r"[?\ufffd]((?:[^\x00-\x7f\s]|[!-?])+?)([@-~])")

# Lost lead bytes, keyed by (surviving trail byte, first realigned character). Both spots of the
# seed article lost the lead of a character with trail A3 right before a closing quote. Of the
# GBK characters with trail A3 (。 A1A3, ⅲ A2A3, ＃ A3A3, and Han characters) only "。" ends a
# quoted sentence, as in the article's intact "...持续经营能力。”智翔金泰".
_LOST_LEAD_BYTES: dict[tuple[int, str], int] = {(0xA3, "”"): 0xA1}

# Punctuation a realigned run may contain; anything else (box drawing, Cyrillic, ...) means the
# run was not a frame shift after all.
_CJK_PUNCTUATION = frozenset("。，、；：？！“”‘’（）《》〈〉【】「」『』—…·")

# Signatures of UTF-8 read as GBK: the GBK readings of the UTF-8 lead bytes of CJK punctuation
# (E3 80 -> 銆, E2 80 -> 鈥, EF BC -> 锛, EF BD -> 锝) and of U+FFFD twice (锟斤拷), plus the
# forms an s2t conversion would make of them. Real text essentially never uses them.
_UTF8_AS_GBK_MARKERS_RE = re.compile(r"[銆鈥锛錛锝鍀]|[锟錕]斤拷")


def _unfold_to_gbk(char: str) -> bytes | None:
    """GBK bytes of one character of a damaged run, undoing the full-width-to-ASCII fold."""
    if char.isascii():
        char = chr(ord(char) + 0xFEE0)
    try:
        encoded = char.encode("gbk")
    except UnicodeEncodeError:
        return None
    return encoded if len(encoded) == 2 else None


def _open_quotes_before(text: str, index: int) -> int:
    """How many “ are still open on the paragraph (line) of ``text`` up to ``index``."""
    line = text[text.rfind("\n", 0, index) + 1 : index]
    return line.count("“") - line.count("”")


def _realign(text: str, match: re.Match[str]) -> str | None:
    """The original text of a damaged run, or None when the run is not a repairable shift."""
    parts = [_unfold_to_gbk(char) for char in match.group(1)]
    if None in parts:
        return None
    trail, *rest = b"".join(parts) + match.group(2).encode("ascii")
    try:
        shifted = bytes(rest).decode("gbk")
    except UnicodeDecodeError:
        return None
    lead = _LOST_LEAD_BYTES.get((trail, shifted[:1]))
    if lead is None:
        return None
    realigned = bytes((lead, trail)).decode("gbk") + shifted
    plausible = all(_HAN_RE.match(char) or char in _CJK_PUNCTUATION for char in realigned)
    # The recovered closing quote must close a quotation the paragraph opened.
    if not plausible or _open_quotes_before(text, match.start()) < 1:
        return None
    return realigned


def repair_mojibake(text: str) -> str:
    """Realign the GBK frame shifts described above, in place; clean text is left untouched.

    A run is only rewritten when the realigned bytes decode strictly, read as Han characters
    and CJK punctuation, and close a quotation left open in the paragraph, so a legitimate
    "?" in an article is never rewritten.
    """
    return _SHIFTED_RUN_RE.sub(lambda match: _realign(text, match) or match.group(), text)


def find_unbalanced_quotes(text: str) -> list[Finding]:
    """Paragraphs whose “ ” do not pair up; a lost byte often takes a quote mark with it.

    A quotation spanning paragraphs is allowed to stay open when the next paragraph opens with
    “, the usual convention for multi-paragraph quotes.
    """
    findings: list[Finding] = []
    lines = text.split("\n")
    offset = 0
    for number, line in enumerate(lines):
        depth = 0
        for index, char in enumerate(line):
            if char == "“":
                depth += 1
            elif char == "”":
                depth -= 1
                if depth < 0:
                    findings.append(Finding(offset + index, line[:40], "” without “"))
                    depth = 0
        following = next((later for later in lines[number + 1 :] if later.strip()), "")
        if depth > 0 and not following.startswith("“"):
            findings.append(Finding(offset, line[:40], "“ left open in the paragraph"))
        offset += len(line) + 1
    return findings


def find_mojibake(text: str) -> list[Finding]:
    """List remaining encoding damage; empty for clean text.

    Checks for replacement characters, signatures of UTF-8 read as GBK, GBK frame shifts that
    ``repair_mojibake`` knows how to realign, and quotation marks that do not pair up.
    """
    findings = [
        Finding(match.start(), match.group(), "U+FFFD replacement character")
        for match in re.finditer("\ufffd", text)
    ]
    findings += [
        Finding(match.start(), match.group(), "UTF-8 decoded as GBK")
        for match in _UTF8_AS_GBK_MARKERS_RE.finditer(text)
    ]
    findings += [
        Finding(match.start(), match.group(), "GBK frame shift")
        for match in _SHIFTED_RUN_RE.finditer(text)
        if _realign(text, match) is not None
    ]
    findings += find_unbalanced_quotes(text)
    return sorted(findings)


# --------------------------------------------------------------------------------------------
# Latin letter case
# --------------------------------------------------------------------------------------------


class CaseRule(NamedTuple):
    """Restore one lower-cased Latin run where its surroundings make the reading unambiguous.

    ``pattern`` must match the whole run; lookbehinds and lookaheads in it state the context.
    ``restore`` is the restored spelling, or None to upper-case the run.
    """

    pattern: re.Pattern[str]
    restore: str | None
    why: str


def _restore_run(text: str, run: re.Match[str], rules: Sequence[CaseRule]) -> str:
    """The Latin run ``run`` in its restored case, or as written when no rule applies."""
    for rule in rules:
        match = rule.pattern.match(text, run.start())
        if match is not None and match.end() == run.end():
            return rule.restore or run.group().upper()
    return run.group()


# Letters touching "_", ".", "/" or "@" belong to an identifier, file name, URL or e-mail
# address, whose case is not the scraper's doing to undo.
_LATIN_RUN_RE = re.compile(r"(?<![A-Za-z_./@])[A-Za-z]+(?![A-Za-z_./@])")


def restore_latin_case(text: str, rules: Sequence[CaseRule] = ()) -> str:
    """Put back the case of acronyms and units the scraper lower-cased, per the article's rules.

    Only the exact runs the rules name, in their stated context, are changed, so English words
    and units whose case is ambiguous (grams "g") keep what the article has.
    """
    return _LATIN_RUN_RE.sub(lambda match: _restore_run(text, match, rules), text)


def find_lowercase_latin_runs(text: str) -> list[Finding]:
    """Every all-lower-case Latin run touching a Han character: each may be an acronym or unit
    the scraper lower-cased (``ic设计``), for an editor to decide, since no general rule can."""
    return [
        Finding(match.start(), match.group(), "lower-case Latin run: check its case")
        for match in _LATIN_RUN_RE.finditer(text)
        if match.group().islower()
        and (
            _HAN_RE.match(text[match.start() - 1 : match.start()] or " ")
            or _HAN_RE.match(text[match.end() : match.end() + 1] or " ")
        )
    ]


def find_lowercase_acronyms(text: str, rules: Sequence[CaseRule] = ()) -> list[Finding]:
    """List Latin runs ``restore_latin_case`` would change under ``rules``, to prove none is
    served."""
    return [
        Finding(match.start(), match.group(), "lower-cased acronym or unit")
        for match in _LATIN_RUN_RE.finditer(text)
        if _restore_run(text, match, rules) != match.group()
    ]


# --------------------------------------------------------------------------------------------
# Traditional to simplified
# --------------------------------------------------------------------------------------------


# OpenCC's t2s leaves every 著 alone, because 著 (zhù, as in 著名 and 显著) is itself a
# simplified character (BYVoid/OpenCC#555). Mainland text writes 着 for the other readings,
# which the scraper's simplified-to-traditional step folded into 著. These rules put 着 back
# where the reading is certain, never where 著 ends or starts a zhù word (显著, 著名...).
_ZHU_BEFORE = "显卓昭名巨原编论土遗译专所合拙"
_ZHU_AFTER = "名作称述录书者"
_ZHE_RULES: tuple[re.Pattern[str], ...] = (
    # zhuó: 着力, 着手, 着眼, 着重.
    re.compile(f"(?<![{_ZHU_BEFORE}])著(?=[力手眼重])"),
    # The durative particle after a verb: 介绍着, 随着, 沿着, 朝着, 意味着, 围绕着.
    re.compile(f"(?:(?<=[随沿朝])|(?<=意味|围绕|介绍))著(?![{_ZHU_AFTER}])"),
)


@cache
def _t2s() -> opencc.OpenCC:
    """One shared OpenCC converter; loading its dictionaries is the slow part."""
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert traditional to mainland simplified Chinese with OpenCC ``t2s``, then fix 著.

    OpenCC converts phrase by phrase, so words such as 乾隆 and 显著 survive that a character
    table would break; ``_ZHE_RULES`` then corrects the 著/着 split OpenCC does not make.
    """
    simplified = _t2s().convert(text)
    for rule in _ZHE_RULES:
        simplified = rule.sub("着", simplified)
    return simplified


def find_traditional_characters(text: str) -> list[str]:
    """Characters OpenCC ``t2s`` would still change, in order of first appearance.

    The whole text is converted and compared rather than each character alone, so that a
    character that is correct simplified in its word (著 in 著名, 乾 in 乾隆) is not reported.
    """
    matcher = difflib.SequenceMatcher(None, text, to_simplified(text), autojunk=False)
    changed = (
        text[start:end]
        for tag, start, end, _, _ in matcher.get_opcodes()
        if tag in {"replace", "delete"}
    )
    return list(dict.fromkeys(char for chunk in changed for char in chunk))


# --------------------------------------------------------------------------------------------
# Whole article
# --------------------------------------------------------------------------------------------


def find_served_text_damage(text: str, case_rules: Sequence[CaseRule] = ()) -> list[str]:
    """Describe every kind of damage left in ``text``; empty means it is fit to serve."""
    findings = (
        find_pinyin_notes(text) + find_mojibake(text) + find_lowercase_acronyms(text, case_rules)
    )
    messages = [f"{reason} at {position}: {snippet!r}" for position, snippet, reason in findings]
    messages += [f"traditional character {char!r}" for char in find_traditional_characters(text)]
    return messages


def repair_article(raw: str, case_rules: Sequence[CaseRule] = ()) -> str:
    """Turn a scraped article into clean simplified text, one paragraph per line.

    The order matters. Frame shifts are realigned first, because their repair needs the GBK
    bytes of the damaged traditional characters and the note of a realigned character (機 of
    "綑C(jī)") is only recognisable once 機 is back. Notes go before the case rules and before
    OpenCC, whose phrase matching cannot see through "創(chuàng)新". Line endings become "\\n";
    trailing newlines are dropped so the result never ends with one.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = repair_mojibake(text)
    text = strip_pinyin_notes(text)
    text = restore_latin_case(text, case_rules)
    text = to_simplified(text)
    return text.rstrip("\n")
