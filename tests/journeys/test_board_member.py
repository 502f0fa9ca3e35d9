"""A board member signs in, reads the dashboard, opens a red project from it, downloads the review
pack — with the mouse, and again with the keyboard alone."""

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.journeys.conftest import sign_in

BOARD_MEMBER = "helen@hlep.accord.localhost"


def test_a_board_member_reads_the_dashboard_and_the_agreement(page):
    sign_in(page, BOARD_MEMBER)
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="2.3.7", exact=False).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("information")
    assert axe_violations(page) == []
