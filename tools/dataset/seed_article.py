"""The seed article's own repair rules: ``fixtures/articles/banan-1246.raw.txt``.

``repair_article(raw, CASE_RULES)`` gives ``fixtures/articles/banan-1246.repaired.txt``, the text
every record quotes (tests/sources/test_repair.py holds both to it). How the article was damaged
is told in docs/dataset.md.
"""

import re
from pathlib import Path

from apps.sources.repair import CaseRule, repair_article

ARTICLES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"
RAW_PATH = ARTICLES / "banan-1246.raw.txt"
REPAIRED_PATH = ARTICLES / "banan-1246.repaired.txt"

# Every Latin run of the seed article and its decision. A run is a maximal stretch of ASCII
# letters, so "ic" inside "music" is never a run of its own. Runs with no rule stay as written.
CASE_RULES: tuple[CaseRule, ...] = (
    CaseRule(re.compile("nda"), None, "New Drug Application: 进入NDA阶段"),
    CaseRule(re.compile("ic"), None, "integrated circuit: IC设计"),
    CaseRule(re.compile(r"(?<=\d)ghz"), "GHz", "gigahertz after a number: 77GHz毫米波雷达"),
    # After other numbers a bare "g" is usually grams; only the radar band reads as 77G.
    CaseRule(re.compile(r"(?<=77)(?<!\d77)g"), None, "77G millimetre-wave radar band"),
    CaseRule(re.compile(r"(?<=\d)l"), None, "litres after a number: 20000L抗体原液"),
    CaseRule(re.compile("(?:i{1,3}|iv)(?=期)"), None, "phase of a project or trial: I期"),
    CaseRule(re.compile(r"(?<=17)(?<!\d17)a(?=靶)"), None, "IL-17A, target of 赛立奇单抗: 17A靶点"),
)


def repaired_seed_article() -> str:
    """The seed article as the service serves it: the general repair plus its case rules."""
    return repair_article(RAW_PATH.read_text(encoding="utf-8"), CASE_RULES)
