"""Every HTML page carries the Content-Security-Policy and the Permissions-Policy; the data API's
JSON and CSV answers carry no CSP, so they stay small. The policy's effect in a browser is proved in
tests/browser/."""

import csp.middleware
import pytest
from rest_framework import status

pytestmark = pytest.mark.django_db

HTML_PAGES = ["/", "/admin/login/", "/api/docs/", "/api/redoc/", "/no-such-page/"]
DATA = ["/api/v1/", "/api/v1/clusters/?format=csv", "/api/v1/no-such-list/", "/api/schema/"]


def _directives(response):
    policy = response["Content-Security-Policy"]
    return {name: sources for name, *sources in map(str.split, policy.split("; "))}


@pytest.mark.parametrize("path", HTML_PAGES)
def test_html_pages_carry_a_strict_policy(client, path):
    """Nothing but the service's own scripts and styles, no eval, no framing, no plugins."""
    response = client.get(path)
    assert response["Content-Type"].startswith("text/html")
    directives = _directives(response)
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    policy = response["Content-Security-Policy"]
    for loophole in ("'unsafe-eval'", "'unsafe-inline'", "http:", "https:", " * "):
        assert loophole not in policy


@pytest.mark.parametrize("path", HTML_PAGES + DATA)
def test_every_answer_refuses_powerful_browser_features(client, path):
    """Camera, microphone, location and the like are off for the service and what it embeds."""
    policy = client.get(path)["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


@pytest.mark.parametrize("path", DATA)
def test_data_answers_carry_no_content_security_policy(client, path):
    """JSON, CSV and the schema are no documents: no policy, a smaller answer."""
    response = client.get(path)
    assert response.status_code in (status.HTTP_200_OK, status.HTTP_404_NOT_FOUND)
    assert "Content-Security-Policy" not in response


def test_no_policy_is_built_for_an_answer_that_carries_none(client, monkeypatch):
    """django-csp would build the policy and then drop it: a cost on every data read."""
    built = []
    monkeypatch.setattr(csp.middleware, "build_policy", lambda **parts: built.append(parts) or "")
    client.get("/api/v1/clusters/")
    assert built == []
    client.get("/")
    assert built


def test_a_report_only_policy_still_reaches_the_data_answers(client, settings):
    """Only a path that every configured policy excludes is left alone."""
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    response = client.get("/api/v1/clusters/")
    assert "Content-Security-Policy" not in response
    assert response["Content-Security-Policy-Report-Only"] == "default-src 'none'"


def test_only_the_documentation_pages_get_their_extras(client):
    """ReDoc's style hashes, blob worker and data: image, and Swagger UI's data: icons, are
    allowed on their own pages, not across the site."""
    redoc = _directives(client.get("/api/redoc/"))
    swagger = _directives(client.get("/api/docs/"))
    landing = _directives(client.get("/"))
    assert redoc["worker-src"] == ["blob:"]
    assert len(redoc["style-src"]) == 3
    assert "data:" in redoc["img-src"]
    assert "data:" in swagger["img-src"]
    assert "worker-src" not in swagger
    assert "worker-src" not in landing
    assert landing["img-src"] == landing["style-src"] == ["'self'"]


def test_swagger_ui_starts_from_a_script_url_not_inline(client):
    """The split view: the page loads its start-up script from ?script, as JavaScript."""
    page = client.get("/api/docs/").content.decode()
    assert 'src="/api/docs/?script="' in page
    assert "<script>" not in page
    script = client.get("/api/docs/", {"script": ""})
    assert script.status_code == status.HTTP_200_OK
    assert script["Content-Type"].startswith("application/javascript")
    assert b"/api/schema/" in script.content
