"""An editor's journey in a real browser: Playwright driving Debian's Chromium.

The journey is a sequence of steps on one ``EditorJourney``; later steps (reading the change back
from the public API, opening the API docs) are further methods called from the same test.
Screenshots of every step are kept in ``test-artifacts/<test>/``.

Every page is read under the service's Content-Security-Policy: the journey records each policy
violation, console error and uncaught script error, and each HTML page served without the policy,
and the tests assert there are none while the admin, Swagger UI, ReDoc and the landing page work.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, sync_playwright

from tests.factories import make_cluster, make_enterprise

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
EDITOR, PASSWORD = "journey-editor", "banan-journey-2024"

pytestmark = [
    pytest.mark.browser,
    # The live server runs in another thread, so the data must be committed; serialized
    # rollback brings back the groups the roles migration created once the test is done.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


# Logged by the page itself on every violation, so a violation is seen even where Chromium's own
# console message would not be (in a worker, say).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => console.error(
    `CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"}` +
    ` at ${event.sourceFile}:${event.lineNumber}`));
"""


@dataclass
class EditorJourney:
    page: Page
    base_url: str
    artifacts: Path
    screenshots: list[Path] = field(default_factory=list)
    # Console errors, CSP violations and uncaught errors, each with the page it happened on.
    problems: list[str] = field(default_factory=list)
    # The Content-Security-Policy of every HTML page the browser loaded, by URL.
    page_policies: dict[str, str | None] = field(default_factory=dict)

    def watch(self):
        self.page.add_init_script(REPORT_VIOLATIONS)
        self.page.on("console", self._record_console_error)
        self.page.on("pageerror", lambda error: self.problems.append(f"{self.page.url}: {error}"))
        self.page.on("response", self._record_policy)

    def _record_console_error(self, message):
        if message.type == "error":
            self.problems.append(f"{self.page.url}: {message.text}")

    def _record_policy(self, response):
        if response.request.resource_type == "document" and response.headers.get(
            "content-type", ""
        ).startswith("text/html"):
            self.page_policies[response.url] = response.headers.get("content-security-policy")

    def go(self, path):
        self.page.goto(self.base_url + path)

    def screenshot(self, name, full_page=True):
        path = self.artifacts / f"{len(self.screenshots) + 1:02d}-{name}.png"
        self.page.screenshot(path=path, full_page=full_page)
        self.screenshots.append(path)

    def log_in(self, username, password):
        self.go("/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("input[type=submit]")
        self.page.wait_for_url(self.base_url + "/admin/")
        self.screenshot("admin-index")

    def find_enterprise(self, search_term, name_zh):
        self.go("/admin/enterprises/enterprise/")
        self.page.fill("#searchbar", search_term)
        self.page.press("#searchbar", "Enter")
        self.page.wait_for_url("**/enterprise/?q=*")
        self.screenshot("search-results")
        self.page.click(f"#result_list a:text-is('{name_zh}')")
        self.page.wait_for_url(re.compile(r"/change/"))

    def rename_in_english(self, name_en):
        self.page.fill("#id_name_en", name_en)
        self.screenshot("change-form")
        self.page.click("input[name=_save]")
        self.page.wait_for_url(re.compile(r"/enterprises/enterprise/(\?|$)"))
        self.screenshot("saved")
        return self.page.inner_text(".messagelist")

    def open_history(self, enterprise_pk):
        self.go(f"/admin/enterprises/enterprise/{enterprise_pk}/change/")
        self.page.click("a.historylink")
        self.page.wait_for_url("**/history/")
        self.screenshot("history")
        return self.page.inner_text("#change-history")

    def read_from_api(self, slug):
        response = self.page.goto(f"{self.base_url}/api/v1/enterprises/{slug}/")
        self.screenshot("api-detail")
        return response.json()

    def choose_cluster(self, search_term, cluster_name):
        """Pick a cluster with the autocomplete widget (select2, asking the admin's JSON view)."""
        self.page.click(".field-clusters .select2-selection")
        self.page.fill(".select2-search__field", search_term)
        option = self.page.locator(".select2-results__option", has_text=cluster_name)
        option.wait_for()
        self.screenshot("autocomplete")
        option.click()
        return self.page.locator(".field-clusters .select2-selection__choice").all_inner_texts()

    def open_export(self):
        """The export page; its "select all" box (an inline handler) clears every field box."""
        self.go("/admin/enterprises/enterprise/export/")
        self.page.wait_for_selector("input.select-toggle")
        fields = self.page.locator(".selectable-field-export-row input[type=checkbox]")
        checked_before = sum(box.is_checked() for box in fields.all())
        self.page.click("input.select-toggle")
        checked_after = sum(box.is_checked() for box in fields.all())
        self.screenshot("export")
        return checked_before, checked_after

    def open_import(self):
        self.go("/admin/enterprises/enterprise/import/")
        self.page.wait_for_selector("input[type=file]")
        self.screenshot("import")

    # --- The editor's desk (issue 12) ---------------------------------------------------------

    def admin_app_order(self):
        self.go("/admin/")
        self.screenshot("desk-index")
        return self.page.locator("#content-main .module[class*=app-]").evaluate_all(
            "modules => modules.map(m => [...m.classList].find(c => c.startsWith('app-')))"
        )

    def indicator_list_fit(self):
        """Whether the list's table fits its box at this width, and whether every kind label
        stays on one line."""
        self.go("/admin/indicators/indicator/")
        self.page.wait_for_selector("#result_list")
        self.screenshot("desk-indicator-list", full_page=False)
        return self.page.evaluate(
            """() => {
                const results = document.querySelector("#changelist-form .results");
                const filter = document.querySelector("#changelist-filter");
                const table = document.querySelector("#result_list");
                const kinds = [...document.querySelectorAll("td.field-kind_short")];
                // The line boxes of a cell's text: more than one means it wrapped.
                const lines = (td) => {
                    const range = document.createRange();
                    range.selectNodeContents(td);
                    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
                };
                return {
                    scrolls: results.scrollWidth > results.clientWidth,
                    overlapsFilter: filter !== null &&
                        table.getBoundingClientRect().right > filter.getBoundingClientRect().left,
                    wrappedKinds: kinds.filter(td => lines(td) > 1).length,
                    text: table.innerText,
                };
            }"""
        )

    def open_indicator(self, pk):
        self.go(f"/admin/indicators/indicator/{pk}/change/")
        self.page.wait_for_selector("#id_value")
        return {
            name: self.page.locator(f".form-row.field-{name}").is_visible()
            for name in ("park", "cluster", "enterprise", "project")
        }

    def choose_subject_type(self, value):
        self.page.select_option("#id_subject_type", value)
        self.screenshot(f"desk-subject-{value}", full_page=False)
        return {
            name: self.page.locator(f".form-row.field-{name}").is_visible()
            for name in ("park", "cluster", "enterprise", "project")
        }

    def save_value_with_reason(self, value, reason):
        self.page.fill("#id_value", value)
        self.page.fill("#id_change_reason", reason)
        self.page.click("input[name=_continue]")
        self.page.wait_for_selector(".messagelist")
        self.screenshot("desk-warning")
        return self.page.locator(".messagelist .warning").all_inner_texts()

    def open_indicator_history(self, pk):
        self.go(f"/admin/indicators/indicator/{pk}/history/")
        self.page.wait_for_selector("#change-history")
        self.screenshot("desk-history")
        headers = self.page.locator("#change-history th").all_inner_texts()
        reasons = self.page.locator("#change-history td.history-reason").all_inner_texts()
        changes = self.page.locator("#change-history td.history-changes").all_inner_texts()
        return headers, reasons, changes

    def open_indicator_import(self):
        self.go("/admin/indicators/indicator/import/")
        self.page.wait_for_selector("table.import-columns")
        self.screenshot("desk-import")
        return self.page.locator("table.import-columns code").all_inner_texts()

    def open_source_view(self, pk, name):
        self.go(f"/admin/sources/source/{pk}/reading/")
        self.page.wait_for_selector(".reading-text")
        self.screenshot(f"source-view-{name}")
        return {
            "cited": self.page.locator(".reading-text mark.reading-cited").count(),
            "uncovered": self.page.locator(
                ".reading-text mark.reading-uncovered"
            ).all_inner_texts(),
            "non_facts": self.page.locator(".reading-text .reading-non-fact").count(),
            "candidates": self.page.locator("#candidates tbody tr").count(),
            "background": self.page.locator("mark.reading-cited").first.evaluate(
                "m => getComputedStyle(m).backgroundColor"
            )
            if self.page.locator("mark.reading-cited").count()
            else None,
        }

    def follow_first_citation(self):
        self.page.locator(".reading-ref a").first.click()
        self.page.wait_for_url(re.compile(r"/change/$"))
        return self.page.url

    def candidate_to_indicator(self, numeral):
        row = self.page.locator("#candidates tbody tr", has_text=numeral).first
        row.locator("a.button[href*='/indicators/indicator/add/']").click()
        self.page.wait_for_url(re.compile(r"/indicators/indicator/add/"))
        self.screenshot("intake-indicator-form", full_page=False)
        return {
            field: self.page.input_value(f"#id_{field}")
            for field in ("value", "unit", "unit_multiplier", "qualifier", "source_quote")
        }

    def candidate_to_non_fact(self, source_pk, numeral, reason):
        self.go(f"/admin/sources/source/{source_pk}/reading/")
        row = self.page.locator("#candidates tbody tr", has_text=numeral).first
        row.locator("a.button[href*='/sources/nonfact/add/']").click()
        self.page.wait_for_url(re.compile(r"/sources/nonfact/add/"))
        self.page.fill("#id_reason_en", reason)
        self.screenshot("intake-non-fact-form", full_page=False)
        self.page.click("input[name=_save]")
        self.page.wait_for_url(re.compile(r"/sources/nonfact/(\?|$)"))

    def open_api_docs(self):
        self.go("/api/docs/")
        # Swagger UI renders one block per operation once it has fetched the schema.
        self.page.wait_for_selector(".opblock-summary-path")
        self.screenshot("api-docs")
        paths = self.page.locator(".opblock-summary-path").all_inner_texts()
        scripts = self.page.locator("script[src], link[rel=stylesheet]").evaluate_all(
            "elements => elements.map(e => e.src || e.href)"
        )
        return paths, scripts

    def try_out_in_swagger(self, operation_id):
        """Run one operation from Swagger UI: the request goes out and its status comes back."""
        operation = self.page.locator(f"#operations-{operation_id}")
        operation.locator(".opblock-summary").click()
        operation.locator(".try-out__btn").click()
        operation.locator(".execute").click()
        status = operation.locator(".live-responses-table .response .response-col_status")
        status.wait_for()
        self.screenshot("api-docs-try-out", full_page=False)
        return status.inner_text()

    def open_redoc_and_search(self, term):
        """ReDoc renders its sidebar; its search (a web worker) finds the term."""
        self.go("/api/redoc/")
        self.page.wait_for_selector(".menu-content [role=menuitem]")
        entries = self.page.locator(".menu-content [role=menuitem]").count()
        self.page.fill(".menu-content [role=search] input", term)
        results = self.page.locator("[data-role='search:results'] [role=menuitem]")
        results.first.wait_for()
        self.screenshot("redoc-search", full_page=False)  # ReDoc's page holds the whole API
        return entries, results.count()

    def open_landing(self):
        self.go("/")
        self.page.wait_for_selector("h1")
        self.screenshot("landing")
        # The style sheet is a file of ours: the heading is styled although no <style> is allowed.
        return self.page.locator("h1").evaluate("h1 => getComputedStyle(h1).fontSize")

    def break_the_policy(self):
        """A <style> element of its own: the policy must refuse it, and the journey notice."""
        self.page.evaluate(
            """() => {
                const style = document.createElement("style");
                style.textContent = "body { outline: 1px solid red; }";
                document.head.append(style);
            }"""
        )
        self.page.wait_for_timeout(200)


# Records are made before the browser starts and every step reads through the browser. While
# Playwright's event loop runs, Django refuses ORM calls in this thread, and forcing them with
# DJANGO_ALLOW_ASYNC_UNSAFE opens a database connection that is never closed.
@pytest.fixture
def enterprise():
    return make_enterprise(
        name_zh="示例生物制药股份有限公司", short_name_zh="示例生物", name_en="Example Biopharma"
    )


@pytest.fixture
def cluster():
    return make_cluster(slug="biomedicine", name_zh="生物医药", name_en="Biomedicine")


@pytest.fixture
def editor_account():
    call_command("createeditor", EDITOR, "--password", PASSWORD, "--no-input")
    return EDITOR, PASSWORD


# Each test's screenshots in a folder of its own.
ARTIFACT_FOLDERS = {
    "test_an_editor_finds_renames_and_sees_the_change_in_the_history_and_the_api": "editor-journey",
    "test_the_public_pages_work_under_the_policy": "public-pages",
    "test_an_editor_walks_the_desk_and_the_source_view": "editor-desk",
}


@pytest.fixture
def journey(live_server, request):
    if not CHROMIUM.exists():
        missing = f"no browser: {CHROMIUM} is missing (apt-get install -y chromium)"
        # CI installs Chromium and sets this, so there a missing browser fails instead of skipping.
        if os.environ.get("BANAN_REQUIRE_BROWSER"):
            pytest.fail(missing)
        pytest.skip(missing)
    params = getattr(getattr(request.node, "callspec", None), "params", {})
    locale = params.get("browser_locale", "en-US")
    artifacts = ARTIFACTS / ARTIFACT_FOLDERS[request.node.originalname]
    if "browser_locale" in params:
        artifacts = artifacts / locale
    artifacts.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # 1,366 px: the narrowest desktop an editor works at (issue 12).
        page = browser.new_page(locale=locale, viewport={"width": 1366, "height": 900})
        # ReDoc renders the whole schema before its sidebar appears: seconds on a busy 2-core
        # machine under coverage, so a bound that waits for it without hanging the suite.
        page.set_default_timeout(30_000)
        journey = EditorJourney(page, live_server.url, artifacts)
        journey.watch()
        try:
            yield journey
        finally:
            browser.close()


def test_an_editor_finds_renames_and_sees_the_change_in_the_history_and_the_api(
    enterprise, cluster, editor_account, journey
):
    """Log in, search, pick a cluster with the autocomplete and rename in English; see it in the
    history and the API; open export and import; all under the Content-Security-Policy, with no
    violation and no console error."""
    username, password = editor_account
    journey.log_in(username, password)
    journey.find_enterprise("示例生物", enterprise.name_zh)
    chosen = journey.choose_cluster("Bio", cluster.name_en)
    message = journey.rename_in_english("Example Biopharmaceutical Co.")
    history = journey.open_history(enterprise.pk)
    published = journey.read_from_api(enterprise.slug)
    checked_before, checked_after = journey.open_export()
    journey.open_import()

    assert any(cluster.name_en in choice or cluster.name_zh in choice for choice in chosen), chosen
    assert "was changed successfully" in message
    assert "Example Biopharma" in history
    assert "Example Biopharmaceutical Co." in history
    assert username in history
    assert published["name_en"] == "Example Biopharmaceutical Co."
    assert published["name_zh"] == enterprise.name_zh
    assert cluster.slug in str(published["clusters"])
    assert (checked_before > 0, checked_after) == (True, 0)
    assert journey.problems == []
    assert journey.page_policies
    assert all(journey.page_policies.values()), journey.page_policies
    assert all(path.stat().st_size > 0 for path in journey.screenshots)


def test_the_public_pages_work_under_the_policy(published_dataset, journey):
    """The landing page, Swagger UI (rendering and running an operation, with the examples the
    schema gives, which name published records) and ReDoc (its sidebar and search) load only the
    service's own assets and break no rule of the policy, which does refuse what it should (an
    injected <style>)."""
    heading_size = journey.open_landing()
    operation_paths, assets = journey.open_api_docs()
    status = journey.try_out_in_swagger("clusters-clusters_list")
    menu_entries, search_results = journey.open_redoc_and_search("enterprise")
    problems_before_the_breach = list(journey.problems)
    journey.break_the_policy()

    assert heading_size != "16px"  # landing.css applies
    assert "/api/v1/enterprises/{slug}/" in [path.replace("\u200b", "") for path in operation_paths]
    assert assets
    assert all(asset.startswith(journey.base_url) for asset in assets), assets
    assert status.strip() == "200"
    assert menu_entries > 10
    assert search_results > 0
    assert problems_before_the_breach == []
    assert any("CSP violation: style-src-elem" in problem for problem in journey.problems)
    assert journey.page_policies
    assert all(journey.page_policies.values()), journey.page_policies
    assert all(path.stat().st_size > 0 for path in journey.screenshots)


# The article an editor imports next: a header date, an amount in 亿 with a qualifier, a rate.
NEXT_ARTICLE = "2024年5月8日\n巴南区工业产值超1200亿元,同比增长6.2%。\n"


@pytest.fixture
def desk(published_dataset, tmp_path):
    """The published dataset, a freshly imported article, and the records the walk opens."""
    from apps.indicators.models import Indicator
    from apps.sources.models import Source

    article = tmp_path / "next.txt"
    article.write_text(NEXT_ARTICLE, encoding="utf-8")
    call_command(
        "import_article",
        article,
        "--title",
        "下一篇",
        "--title-en",
        "Next article",
        "--language",
        "zh-hans",
        verbosity=0,
    )
    return {
        "indicator": Indicator.objects.get(slug="zhixiang-jintai-ipo-financing").pk,
        "seed": Source.objects.get(slug="banan-1246-report-2024").pk,
        "next": Source.objects.get(slug="next-article").pk,
    }


@pytest.mark.parametrize(
    ("browser_locale", "words"),
    [
        (
            "en-US",
            {
                "warning": "does not occur in the quoted sentence",
                "reason": "Reason for this change",
                "changes": "What changed",
                "add": "add as indicator",
            },
        ),
        (
            "zh-CN",
            {
                "warning": "没有出现在引文中",
                "reason": "修改原因",
                "changes": "改动内容",
                "add": "新增为指标",
            },
        ),
    ],
    ids=["en", "zh"],
)
def test_an_editor_walks_the_desk_and_the_source_view(
    browser_locale, words, desk, editor_account, journey
):
    """At 1,366 px, in English and in Chinese: the apps in the domain's order; the indicator
    list fits, kinds on one line, values as read; the form shows the one subject field its type
    needs; a value its quote lacks is saved with a warning; the history shows the reason and the
    change; the import lists typed columns only; the source view marks every quoted passage and
    leaves no numeral unaccounted for; a new article's numerals become a pre-filled indicator or
    a reviewed non-fact in one click. No policy violation, no console error."""
    journey.log_in(*editor_account)
    order = journey.admin_app_order()
    fit = journey.indicator_list_fit()
    shown_at_first = journey.open_indicator(desk["indicator"])
    shown_for_park = journey.choose_subject_type("park")
    shown_for_district = journey.choose_subject_type("district")
    journey.open_indicator(desk["indicator"])  # back to the record as saved
    warnings = journey.save_value_with_reason("34.74", "校对")
    headers, reasons, changes = journey.open_indicator_history(desk["indicator"])
    columns = journey.open_indicator_import()
    seed = journey.open_source_view(desk["seed"], "seed")
    cited_record = journey.follow_first_citation()
    new = journey.open_source_view(desk["next"], "next-article")
    prefilled = journey.candidate_to_indicator("1200")
    journey.candidate_to_non_fact(desk["next"], "2024年5月8日", "The article's date.")
    after = journey.open_source_view(desk["next"], "next-article-reviewed")

    assert order[:6] == [
        "app-clusters",
        "app-parks",
        "app-enterprises",
        "app-projects",
        "app-indicators",
        "app-sources",
    ]
    assert fit["scrolls"] is False
    assert fit["overlapsFilter"] is False
    assert fit["wrappedKinds"] == 0
    assert "超 1,000 亿元" in fit["text"]
    assert "100,000,000,000 元" in fit["text"]
    assert shown_at_first == {"park": False, "cluster": False, "enterprise": True, "project": False}
    assert shown_for_park == {"park": True, "cluster": False, "enterprise": False, "project": False}
    assert not any(shown_for_district.values())
    assert len(warnings) == 1
    assert words["warning"] in warnings[0]
    assert "34.74 亿元" in warnings[0]
    assert words["reason"].upper() in [header.upper() for header in headers]
    assert words["changes"].upper() in [header.upper() for header in headers]
    assert reasons[0] == "校对"
    assert "34.73\u00a0→\u00a034.74" in changes[0]
    assert "value" in columns
    assert "value_normalized" not in columns
    assert "created_at" not in columns
    assert seed["cited"] > 40
    # 34.73 is still stated by the statement quoting the same sentence.
    assert seed["uncovered"] == []
    assert seed["non_facts"] == 12
    assert seed["background"] not in (None, "rgba(0, 0, 0, 0)")  # reading.css applies
    assert "/change/" in cited_record
    assert new["candidates"] == len(new["uncovered"]) == 5
    assert prefilled == {
        "value": "1200",
        "unit": "cny",
        "unit_multiplier": "8",
        "qualifier": "more_than",
        "source_quote": "巴南区工业产值超1200亿元,同比增长6.2%",
    }
    assert after["candidates"] == 4
    assert after["non_facts"] == 1
    assert journey.problems == []
    assert journey.page_policies
    assert all(journey.page_policies.values()), journey.page_policies
    assert all(path.stat().st_size > 0 for path in journey.screenshots)
