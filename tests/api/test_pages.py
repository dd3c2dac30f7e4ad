"""The UI's pages as HTTP answers: each shell with the security headers (a Content-Security-Policy
that admits only this origin and the shells' own inline script, no framing), an HTML 404 for
browsers and JSON for API clients."""

from __future__ import annotations

import base64
import hashlib
import re

import httpx
import pytest

from codejudge import web
from codejudge.api.pages import CONTENT_SECURITY_POLICY

HTML = {"Accept": "text/html,application/xhtml+xml"}
PAGES = ["/", "/problems/two-sum", "/tester", "/dashboard"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_the_security_headers(client: httpx.Client, path: str) -> None:
    r = client.get(path, headers=HTML)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    policy = dict(part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";"))
    assert policy["frame-ancestors"] == "'none'"
    assert policy["default-src"] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"]  # scripts: this origin + hashes only


def test_every_inline_script_of_the_shells_is_admitted_by_its_hash() -> None:
    for shell in web.PAGES.glob("*.html"):
        for body in re.findall(r"<script>(.*?)</script>", shell.read_text(), re.S):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in CONTENT_SECURITY_POLICY, shell.name


def test_a_browser_gets_an_html_404_with_the_headers(client: httpx.Client) -> None:
    for path in ("/no/such/page", "/problems/no-such-problem"):
        r = client.get(path, headers=HTML)
        assert r.status_code == 404
        assert r.headers["content-type"].startswith("text/html")
        assert "Not found" in r.text and 'href="/"' in r.text
        assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_api_clients_get_json_and_no_page_policy(client: httpx.Client) -> None:
    r = client.get("/no/such/page")
    assert r.status_code == 404
    assert r.json()["error"] == "not_found"
    r = client.get("/api/v1/problems/no-such-problem", headers=HTML)  # /api is always JSON
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    r = client.get("/api/v1/problems")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in r.headers


def test_the_openapi_console_keeps_loading_its_assets(client: httpx.Client) -> None:
    r = client.get("/docs", headers=HTML)
    assert r.status_code == 200
    assert "content-security-policy" not in r.headers


def test_the_site_icon_is_served(client: httpx.Client) -> None:
    r = client.get("/favicon.ico")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("image/svg+xml")
    assert r.text.startswith("<svg")


def test_the_problems_path_leads_to_the_list(client: httpx.Client) -> None:
    r = client.get("/problems", headers=HTML, follow_redirects=False)
    assert r.status_code == 308 and r.headers["location"] == "/"
