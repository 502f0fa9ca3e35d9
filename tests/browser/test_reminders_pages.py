import pytest
from django.db import transaction
from playwright.sync_api import expect

from reminders.models import Delivery
from reminders.services import dispatch_due
from tests.browser.conftest import assert_accessible, axe_violations, sign_in
from tests.meetings.factories import schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def meeting_with_a_failure(partnership, hlep, hlep_board_member, cpca_board_member, admin_person):
    meeting = schedule(partnership, hlep)
    with transaction.atomic():
        dispatch_due()
    Delivery.objects.filter(person=cpca_board_member).update(
        status=Delivery.Status.FAILED, attempts=9, last_error="SMTPServerDisconnected: closed"
    )
    Delivery.objects.exclude(person=cpca_board_member).update(status=Delivery.Status.SENT)
    return meeting


def test_an_admin_reviews_a_meetings_reminders_and_sends_a_failed_one_again(
    page, admin_person, meeting_with_a_failure
):
    sign_in(page, admin_person)
    assert_accessible(page, "/reminders/")
    assert_accessible(page, f"/reminders/meetings.meeting/{meeting_with_a_failure.pk}/")
    assert_accessible(page, "/reminders/settings/")
    assert_accessible(page, "/reminders/settings/meeting_upcoming/")
    page.get_by_label("Days before").fill("7, soon")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(f"/reminders/meetings.meeting/{meeting_with_a_failure.pk}/")
    page.get_by_role("button", name="Send again to Colin Fraser").click()
    expect(page.get_by_text("Sending the reminder to")).to_be_visible()
    assert axe_violations(page) == []


def test_a_board_member_chooses_one_email_a_day_on_an_accessible_page(
    page, hlep_board_member, meeting_with_a_failure
):
    sign_in(page, hlep_board_member)
    assert_accessible(page, "/reminders/")
    assert_accessible(page, "/reminders/preferences/")
    page.get_by_label("One email a day with all my reminders").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your email preferences are saved.")).to_be_visible()
    assert axe_violations(page) == []
