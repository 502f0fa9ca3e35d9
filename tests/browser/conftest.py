"""Playwright for Python driving Debian's Chromium against Django's live server, with axe-core."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django must still be allowed to query.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def page(browser, live_server):
    # bypass_csp lets axe-core be injected; the pages themselves run under the real policy.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, person, password: str = PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:3]],
        }
        for v in result["violations"]
    ]


def assert_accessible(page, path: str):
    response = page.goto(path)
    assert response.status == 200, f"{path} answered {response.status}"
    violations = axe_violations(page)
    assert violations == [], f"{path}: {violations}"
