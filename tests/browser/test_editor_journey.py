"""An editor's journey in a real browser: Playwright driving Debian's Chromium.

The journey is a sequence of steps on one ``EditorJourney``; later steps (reading the change back
from the public API, opening the API docs) are further methods called from the same test.
Screenshots of every step are kept in ``test-artifacts/editor-journey/``.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, sync_playwright

from tests.factories import make_enterprise

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
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "editor-journey"
EDITOR, PASSWORD = "journey-editor", "banan-journey-2024"

pytestmark = [
    pytest.mark.browser,
    # The live server runs in another thread, so the data must be committed; serialized
    # rollback brings back the groups the roles migration created once the test is done.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@dataclass
class EditorJourney:
    page: Page
    base_url: str
    screenshots: list[Path] = field(default_factory=list)

    def go(self, path):
        self.page.goto(self.base_url + path)

    def screenshot(self, name):
        path = ARTIFACTS / f"{len(self.screenshots) + 1:02d}-{name}.png"
        self.page.screenshot(path=path, full_page=True)
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


# Records are made before the browser starts and every step reads through the browser. While
# Playwright's event loop runs, Django refuses ORM calls in this thread, and forcing them with
# DJANGO_ALLOW_ASYNC_UNSAFE opens a database connection that is never closed.
@pytest.fixture
def enterprise():
    return make_enterprise(
        name_zh="示例生物制药股份有限公司", short_name_zh="示例生物", name_en="Example Biopharma"
    )


@pytest.fixture
def editor_account():
    call_command("createeditor", EDITOR, "--password", PASSWORD, "--no-input")
    return EDITOR, PASSWORD


@pytest.fixture
def journey(live_server):
    if not CHROMIUM.exists():
        missing = f"no browser: {CHROMIUM} is missing (apt-get install -y chromium)"
        # CI installs Chromium and sets this, so there a missing browser fails instead of skipping.
        if os.environ.get("BANAN_REQUIRE_BROWSER"):
            pytest.fail(missing)
        pytest.skip(missing)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="en-US")
        page.set_default_timeout(10_000)
        try:
            yield EditorJourney(page, live_server.url)
        finally:
            browser.close()


def test_an_editor_finds_renames_and_sees_the_change_in_the_history_and_the_api(
    enterprise, editor_account, journey
):
    """Log in, search, rename in English, see it in the history and the API; open the docs."""
    username, password = editor_account
    journey.log_in(username, password)
    journey.find_enterprise("示例生物", enterprise.name_zh)
    message = journey.rename_in_english("Example Biopharmaceutical Co.")
    history = journey.open_history(enterprise.pk)
    published = journey.read_from_api(enterprise.slug)
    operation_paths, assets = journey.open_api_docs()

    assert "was changed successfully" in message
    assert "Example Biopharma" in history
    assert "Example Biopharmaceutical Co." in history
    assert username in history
    assert published["name_en"] == "Example Biopharmaceutical Co."
    assert published["name_zh"] == enterprise.name_zh
    assert "/api/v1/enterprises/{slug}/" in [path.replace("\u200b", "") for path in operation_paths]
    assert assets
    assert all(asset.startswith(journey.base_url) for asset in assets), assets
    assert all(path.stat().st_size > 0 for path in journey.screenshots)
