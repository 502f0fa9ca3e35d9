"""The calendar feed page under its real Content Security Policy: "Copy the address" copies it."""

import pytest
from playwright.sync_api import expect

from meetings.models import CalendarFeed
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clipboard_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    yield page
    context.close()


def test_copy_the_address_puts_the_feed_on_the_clipboard(clipboard_page, hlep_board_member):
    page = clipboard_page
    feed = CalendarFeed.objects.create(person=hlep_board_member)
    sign_in(page, hlep_board_member)
    page.goto("/meetings/calendar/")
    expect(page.get_by_role("button", name="Subscribe in your calendar")).to_have_attribute(
        "href", feed.webcal_url()
    )
    page.get_by_role("button", name="Copy the address").click()
    expect(page.get_by_role("status")).to_have_text("Address copied. Paste it into your calendar app.")
    assert page.evaluate("navigator.clipboard.readText()") == feed.url()


def test_without_the_script_the_address_is_there_to_select_and_no_button_pretends_to_copy(
    browser, live_server, hlep_board_member
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    feed = CalendarFeed.objects.create(person=hlep_board_member)
    sign_in(page, hlep_board_member)
    page.goto("/meetings/calendar/")
    expect(page.locator("#feed-url")).to_have_text(feed.url())
    expect(page.get_by_role("button", name="Copy the address")).to_be_hidden()
    context.close()
