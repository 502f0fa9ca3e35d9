"""The API's documentation page, as a developer at a partner organisation opens it: Swagger UI drawn
from Accord's own files under the real CSP, with nothing fetched from elsewhere."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_documentation_renders_offline_under_the_csp(browser, live_server, hlep_officer):
    context = browser.new_context(base_url=live_server.url)  # no bypass_csp: the page's own policy
    elsewhere, refused = [], []
    # Offline: a request to any other host would fail, so it is recorded and refused.
    context.route(
        lambda url: not url.startswith(live_server.url),
        lambda route: (elsewhere.append(route.request.url), route.abort()),
    )
    page = context.new_page()
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    sign_in(page, hlep_officer)
    page.goto("/profile/api-key/")
    page.get_by_role("link", name="The API's documentation").click()

    expect(page.get_by_role("heading", name="API documentation", exact=True)).to_be_visible()
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Accord")
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.locator(".opblock").count() >= 14  # list and detail of seven resources at least
    assert refused == [] and elsewhere == []
    context.close()


def test_the_api_documentation_is_accessible_on_a_narrow_screen(page, hlep_officer):
    page.set_viewport_size({"width": 320, "height": 640})  # a phone zoomed to 400% (WCAG 1.4.10)
    sign_in(page, hlep_officer)
    page.goto("/api/docs/")
    page.locator(".opblock").first.wait_for()  # drawn by Swagger UI, so axe sees what people see
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    small = page.evaluate(
        """() => [...document.querySelectorAll('button, select, input, a.govuk-button')]
          .map((el) => el.getBoundingClientRect())
          .filter((box) => (box.width || box.height) && (box.width < 24 || box.height < 24)).length"""
    )
    assert small == 0  # every control at least 24 by 24 px (WCAG 2.2 2.5.8)
    assert axe_violations(page) == []
