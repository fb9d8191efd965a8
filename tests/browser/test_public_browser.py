"""A reader's journey through the public data browser in a real browser (Playwright, Chromium).

The overview, a cluster, an enterprise and the source page, in English and in Chinese (chosen
with the page's own language switch); a figure's citation is followed to its sentence in the
article; every page is checked by axe-core (the copy axe-playwright-python ships) for serious
and critical violations, and read under the Content-Security-Policy with no violation or console
error. Screenshots and the axe counts by impact are kept in ``test-artifacts/browser/``.
"""

import json
import os
import re
from collections import Counter

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.browser.test_editor_journey import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    EditorJourney,
)

pytestmark = [
    pytest.mark.browser,
    # The live server reads from another thread: the data must be committed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BLOCKING_IMPACTS = ("serious", "critical")


class ReaderJourney(EditorJourney):
    """The editor journey's page, screenshots and policy watch, with a reader's steps and an
    axe-core check of every page read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.axe = Axe()
        # Per page: the violations axe found, as (rule, impact, how many nodes).
        self.accessibility: dict[str, list[tuple[str, str, int]]] = {}

    def check_accessibility(self, name):
        results = self.axe.run(self.page)
        self.accessibility[name] = [
            (violation["id"], violation["impact"] or "unknown", len(violation["nodes"]))
            for violation in results.response["violations"]
        ]

    def read(self, name):
        """The page as loaded now: screenshot and accessibility."""
        self.page.wait_for_selector("main h1")
        self.screenshot(name)
        self.check_accessibility(name)

    def follow(self, link_text):
        with self.page.expect_navigation():
            self.page.locator("main").get_by_role("link", name=link_text).first.click()

    def language(self):
        return self.page.locator("html").get_attribute("lang")

    def follow_a_citation(self, name):
        """From a record's page to its sentence: the link's anchor is on screen, at the
        passage that starts with the quote the record shows."""
        quote = " ".join(self.page.locator(".citation blockquote").inner_text().split())
        with self.page.expect_navigation():
            self.page.locator(".citation a").first.click()
        anchor = self.page.url.partition("#")[2]
        target = self.page.locator(f"[id='{anchor}']")
        passage = target.evaluate(
            """anchor => {
                let text = "";
                for (let node = anchor.nextSibling; node && text.length < 400;
                     node = node.nextSibling) {
                    // The reference numbers of other citations are no part of the sentence.
                    if (node.nodeName !== "SUP") text += node.textContent;
                }
                return text;
            }"""
        )
        in_view = target.evaluate(
            """anchor => {
                const box = anchor.getBoundingClientRect();
                return box.top >= 0 && box.top < window.innerHeight;
            }"""
        )
        self.screenshot(name, full_page=False)
        self.check_accessibility(name)
        return quote, " ".join(passage.split()), in_view

    def counts_by_impact(self):
        counts = Counter()
        for violations in self.accessibility.values():
            for _rule, impact, _nodes in violations:
                counts[impact] += 1
        return dict(counts)


@pytest.fixture
def reader(live_server):
    if not CHROMIUM.exists():
        missing = f"no browser: {CHROMIUM} is missing (apt-get install -y chromium)"
        if os.environ.get("BANAN_REQUIRE_BROWSER"):
            pytest.fail(missing)
        pytest.skip(missing)
    artifacts = ARTIFACTS / "browser"
    artifacts.mkdir(parents=True, exist_ok=True)
    for old in artifacts.glob("*.png"):
        old.unlink()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="en-US", viewport={"width": 1280, "height": 900})
        page.set_default_timeout(10_000)
        journey = ReaderJourney(page, live_server.url, artifacts)
        journey.watch()
        try:
            yield journey
        finally:
            browser.close()
            summary = {
                "counts_by_impact": journey.counts_by_impact(),
                "pages": journey.accessibility,
            }
            (artifacts / "axe-results.json").write_text(
                json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8"
            )


def test_a_reader_browses_both_languages_and_follows_a_figure_to_its_sentence(
    published_dataset, reader
):
    """Overview, cluster, enterprise and source page in English, then in Chinese through the
    language switch; a citation leads to its sentence; the raw text is one click away; axe finds
    no serious or critical violation; nothing breaks the Content-Security-Policy."""
    languages = {}
    for code, switch in (("en", None), ("zh", "中文")):
        reader.go("/")
        if switch:
            with reader.page.expect_navigation():
                reader.page.locator("nav.languages").get_by_role("link", name=switch).click()
        reader.read(f"overview-{code}")
        languages[code] = [reader.language()]
        tiers = reader.page.locator("section.tier h3").all_inner_texts()
        cards = reader.page.locator(".card").count()
        assert len(tiers) == 4
        assert cards == 13
        assert reader.page.locator("figure.chart svg title").count() >= 1

        cluster = "Biomedicine" if code == "en" else "生物医药"
        reader.follow(cluster)
        reader.read(f"cluster-{code}")
        languages[code].append(reader.language())
        assert reader.page.locator("main h1").inner_text().startswith(cluster)

        enterprise = re.compile("Genrix" if code == "en" else "智翔金泰")
        reader.follow(enterprise)
        reader.read(f"enterprise-{code}")
        languages[code].append(reader.language())

        quote, passage, in_view = reader.follow_a_citation(f"citation-{code}")
        languages[code].append(reader.language())
        assert passage.startswith(quote), (quote, passage)
        assert in_view
        assert "/sources/" in reader.page.url

        reader.page.evaluate("window.scrollTo(0, 0)")
        reader.read(f"source-{code}")
        assert reader.page.locator(".article mark").count() > 10
        reader.follow(re.compile("Raw text|收到时的原始文本"))
        reader.read(f"source-raw-{code}")
        assert reader.page.locator(".article mark").count() == 0
        assert "text=raw" in reader.page.url

    assert languages == {"en": ["en"] * 4, "zh": ["zh-Hans"] * 4}
    blocking = {
        page: [violation for violation in violations if violation[1] in BLOCKING_IMPACTS]
        for page, violations in reader.accessibility.items()
    }
    assert all(not violations for violations in blocking.values()), blocking
    assert len(reader.accessibility) == 12
    assert reader.problems == []
    assert reader.page_policies
    assert all(reader.page_policies.values()), reader.page_policies
    assert all(path.stat().st_size > 0 for path in reader.screenshots)
