import re

import pytest
from playwright.sync_api import expect

from meetings.models import Minutes
from tests.browser.conftest import assert_accessible, axe_violations, sign_in
from tests.meetings.conftest import meeting, next_month  # noqa: F401 (fixtures)
from tests.meetings.factories import ActionFactory, PriorityFactory, ProposalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def full_meeting(meeting, partnership, hlep, hlep_officer, commitment, admin_person):  # noqa: F811
    ActionFactory(meeting=meeting, owner=hlep_officer, owner_organisation=hlep)
    PriorityFactory(meeting=meeting).commitments.add(commitment)
    Minutes.objects.create(meeting=meeting, text="Draft minutes.", drafted_by=admin_person)
    ProposalFactory(partnership=partnership).commitments.add(commitment)
    return meeting


def test_an_admin_manages_meetings_on_accessible_pages(page, admin_person, full_meeting):
    sign_in(page, admin_person)
    m = full_meeting.pk
    item = full_meeting.agenda_items.first().pk
    proposal = full_meeting.partnership.proposals.get().pk
    for path in [
        "/meetings/",
        f"/meetings/{m}/",
        "/meetings/actions/",
        "/meetings/actions/?overdue=true",
        "/meetings/decisions/",
        f"/meetings/proposals/{proposal}/",
        f"/meetings/proposals/{proposal}/decision/",
        "/meetings/proposals/new/",
        "/meetings/series/",
        "/meetings/new/",
        f"/meetings/{m}/edit/",
        f"/meetings/{m}/cancel/",
        f"/meetings/{m}/agenda/new/",
        f"/meetings/agenda/{item}/edit/",
        f"/meetings/agenda/{item}/papers/new/",
        f"/meetings/{m}/attendance/",
        f"/meetings/{m}/minutes/",
        f"/meetings/{m}/minutes/approve/",
        f"/meetings/{m}/actions/new/",
        f"/meetings/{m}/priorities/new/",
        "/meetings/calendar/",
    ]:
        assert_accessible(page, path)


def test_a_board_member_answers_and_subscribes_on_accessible_pages(page, hlep_board_member, meeting):  # noqa: F811
    sign_in(page, hlep_board_member)
    assert_accessible(page, f"/meetings/{meeting.pk}/answer/")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Attending", exact=True).check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("You said: Attending")).to_be_visible()

    page.goto("/meetings/calendar/")
    page.get_by_role("button", name="Create your calendar feed").click()
    expect(page.locator("#feed-url")).to_have_text(re.compile(r"/meetings/calendar/.+\.ics$"))
    assert axe_violations(page) == []


def test_a_meeting_form_with_errors_is_still_accessible(page, admin_person, hlep):
    sign_in(page, admin_person)
    page.goto("/meetings/new/")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert axe_violations(page) == []


def test_the_agenda_is_reordered_without_a_page_reload(page, admin_person, meeting):  # noqa: F811
    sign_in(page, admin_person)
    page.goto(f"/meetings/{meeting.pk}/")
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Move up Future priorities").click()
    headings = page.locator("[data-agenda] > li h3")
    expect(headings.nth(1)).to_have_text("2. Future priorities")
    assert page.evaluate("window.notReloaded === true")
    assert list(meeting.agenda_items.values_list("title", flat=True))[1] == "Future priorities"
