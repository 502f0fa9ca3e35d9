"""Email that mail clients and people trust: one-click unsubscribe (RFC 8058) on optional kinds, a
preferences link on every email, subjects that name the partnership and say what changed, answer links
in invitations that work without signing in, and failures explained in words."""

import re
import smtplib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import signing
from django.urls import reverse

from meetings.models import Invitation
from meetings.services import cancel_meeting, reschedule_meeting, update_meeting
from partnership.models import Membership
from reminders.failures import error_text, explain
from reminders.models import Delivery, Preference, Reminder
from reminders.services import dispatch_due
from tests.factories import PersonFactory
from tests.meetings.factories import held_at, schedule
from tests.outbox import send_due

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
LINK = re.compile(r"https?://\S+?/(?:reminders/unsubscribe|meetings/answer)/[^/\s]+/")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2027, 8, 2, 9, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def helen(hlep):
    return PersonFactory(
        first_name="Helen", last_name="Ashby", email="helen.ashby@example.org", roles=[(hlep, "board_member")]
    )


@pytest.fixture
def meeting(partnership, hlep, helen):
    return schedule(partnership, hlep, starts_at=datetime(2027, 9, 15, 10, 0, tzinfo=LONDON))


def only(messages, subject_start: str):
    found = [m for m in messages if m.subject.startswith(subject_start)]
    assert len(found) == 1, [m.subject for m in messages]
    return found[0]


def links(message, path: str) -> list[str]:
    return [link for link in LINK.findall(message.body) if f"/{path}/" in link]


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def upcoming_reminder(meeting) -> Reminder:
    """The next optional "meeting coming up" reminder, made due now."""
    reminder = Reminder.objects.filter(kind="meeting_upcoming", status="planned").first()
    Reminder.objects.filter(pk=reminder.pk).update(due_at=datetime(2027, 8, 1, tzinfo=LONDON))
    return reminder


# 1. Headers and preferences


def test_an_optional_email_offers_one_click_unsubscribe_and_a_mandatory_one_does_not(meeting):
    invitation = only(send_due(), "Invitation")
    assert "List-Unsubscribe" not in invitation.extra_headers
    upcoming_reminder(meeting)
    reminder = only(send_due(), "Reminder")
    assert reminder.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(
        r"<https?://\S+/reminders/unsubscribe/\S+/>", reminder.extra_headers["List-Unsubscribe"]
    )
    for message in (invitation, reminder):
        assert "Manage your email preferences: http" in message.body
        assert "Manage your email preferences</a>" in message.alternatives[0][0]
    assert "always sent" in invitation.body


def test_a_mail_clients_one_click_post_switches_that_kind_off_without_a_session(client, meeting, helen, hlep):
    colleague = PersonFactory(roles=[(hlep, Membership.Role.BOARD_MEMBER)])
    send_due()
    upcoming_reminder(meeting)
    [message] = [m for m in send_due() if m.to == [helen.email]]
    header_link = message.extra_headers["List-Unsubscribe"].strip("<>")

    client.handler.enforce_csrf_checks = True  # as a mail client: no cookie, no token
    response = client.post(path_of(header_link), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert Preference.objects.get(person=helen).switched_off == ["meeting_upcoming"]
    # The next reminder of that kind is for the colleague only: no delivery is made for Helen.
    next_one = upcoming_reminder(meeting)
    dispatch_due()
    assert list(next_one.deliveries.values_list("person", flat=True)) == [colleague.pk]


def test_following_the_unsubscribe_link_only_asks(client, meeting, helen):
    send_due()
    upcoming_reminder(meeting)
    link = links(only(send_due(), "Reminder"), "reminders/unsubscribe")[0]
    page = client.get(path_of(link))
    assert page.status_code == 200
    assert "Stop these emails" in page.content.decode()
    assert not Preference.objects.filter(person=helen, switched_off__len__gt=0).exists()


def test_a_tampered_unsubscribe_link_gets_a_clear_page(client, helen):
    token = signing.dumps({"person": helen.pk, "kind": "meeting_upcoming"}, salt="reminders.unsubscribe")
    for bad in (
        token[:-2] + "xx",
        signing.dumps({"person": helen.pk, "kind": "meeting_scheduled"}, salt="x"),
    ):
        response = client.post(reverse("reminders:unsubscribe", args=[bad]))
        assert response.status_code == 400
        assert "This link is not valid" in response.content.decode()
    # A signed link for a mandatory kind switches nothing off.
    mandatory = signing.dumps({"person": helen.pk, "kind": "meeting_scheduled"}, salt="reminders.unsubscribe")
    assert client.post(reverse("reminders:unsubscribe", args=[mandatory])).status_code == 400
    assert not Preference.objects.filter(person=helen).exists()


def test_a_person_switches_a_kind_off_and_keeps_the_digest_on_the_preferences_page(client, helen):
    client.force_login(helen)
    page = client.get(reverse("reminders:preferences")).content.decode()
    assert "Always sent" in page and "Meeting cancelled" in page
    response = client.post(
        reverse("reminders:preferences"), {"daily_digest": "True", "receive": ["papers_due", "action_due"]}
    )
    assert response.status_code == 302
    preference = Preference.objects.get(person=helen)
    assert preference.daily_digest is True
    assert "meeting_upcoming" in preference.switched_off and "papers_due" not in preference.switched_off
    assert "meeting_scheduled" not in preference.switched_off  # mandatory kinds cannot be switched off


def test_an_unknown_kind_on_the_preferences_page_is_a_form_error(client, helen):
    client.force_login(helen)
    response = client.post(
        reverse("reminders:preferences"), {"daily_digest": "False", "receive": ["meeting_scheduled"]}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


# 2. Content


def test_subjects_name_the_partnership(meeting, partnership):
    invitation = only(send_due(), "Invitation")
    assert invitation.subject == f"Invitation: Six-monthly review, 15 September 2027 – {partnership.name}"


@pytest.mark.parametrize(
    ("starts", "summary"),
    [
        ((2027, 9, 15, 13, 0), "Moved to 1pm"),
        ((2027, 9, 22, 10, 0), "Moved to 22 September"),
        ((2027, 9, 22, 13, 0), "Moved to 22 September at 1pm"),
    ],
)
def test_a_change_says_what_moved(meeting, starts, summary):
    send_due()
    new_start = datetime(*starts, tzinfo=LONDON)
    reschedule_meeting(meeting, starts_at=new_start, ends_at=new_start.replace(hour=new_start.hour + 2))
    changed = only(send_due(), summary)
    assert changed.subject.startswith(f"{summary}: Six-monthly review, ")


def test_a_change_of_place_says_so(meeting):
    send_due()
    update_meeting(meeting, location="Town Hall, Cambridge")
    assert only(send_due(), "Place changed: Six-monthly review, 15 September 2027")


def test_a_cancellation_has_no_papers_line(meeting):
    send_due()
    cancel_meeting(meeting, reason="No quorum")
    cancelled = only(send_due(), "Cancelled")
    assert "Papers due" not in cancelled.body and "Papers due" not in cancelled.alternatives[0][0]
    assert "Reason: No quorum" in cancelled.body


# 3. Answer links


def test_an_invitation_answers_by_link_without_signing_in(client, meeting, helen):
    attend, not_attend = links(only(send_due(), "Invitation"), "meetings/answer")
    page = client.get(path_of(attend))
    assert page.status_code == 200 and "I will attend" in page.content.decode()
    assert not Invitation.objects.filter(person=helen, response="attending").exists()  # GET changes nothing

    assert client.post(path_of(not_attend)).status_code == 200
    assert Invitation.objects.get(meeting=meeting, person=helen).response == "not_attending"


def test_an_answer_link_expires_after_30_days_and_with_the_meetings_start(client, meeting):
    attend = path_of(links(only(send_due(), "Invitation"), "meetings/answer")[0])
    with time_machine.travel(datetime(2027, 9, 2, 10, 0, tzinfo=LONDON)):
        response = client.post(attend)
    assert response.status_code == 400 and "This link has expired" in response.content.decode()
    assert not Invitation.objects.filter(meeting=meeting, response="attending").exists()


def test_an_answer_link_is_refused_once_the_meeting_has_started(client, meeting):
    attend = path_of(links(only(send_due(), "Invitation"), "meetings/answer")[0])
    held_at(meeting, datetime(2027, 8, 20, 10, 0, tzinfo=LONDON))
    with time_machine.travel(datetime(2027, 8, 20, 10, 30, tzinfo=LONDON)):
        response = client.post(attend)
    assert response.status_code == 400 and "has started" in response.content.decode()


def test_a_tampered_answer_link_gets_a_clear_page(client, meeting, helen):
    forged = signing.dumps({"person": helen.pk, "meeting": meeting.pk, "response": "attending"}, salt="other")
    for token in (forged, "nonsense"):
        assert client.get(reverse("meetings:answer-by-email", args=[token])).status_code == 400
        assert client.post(reverse("meetings:answer-by-email", args=[token])).status_code == 400
    assert not Invitation.objects.filter(meeting=meeting, response="attending").exists()


# 4. Failures explained


def test_the_servers_reason_is_kept_in_words():
    refused = smtplib.SMTPRecipientsRefused(
        {"a@b.org": (550, b"5.1.1 <a@b.org>: Recipient address rejected")}
    )
    assert error_text(refused) == "SMTPRecipientsRefused: 550 5.1.1 <a@b.org>: Recipient address rejected"
    full = explain(error_text(smtplib.SMTPDataError(552, b"5.2.2 Mailbox full")))
    assert "mailbox was full" in full.for_person and "make room" in full.what_to_do
    later = explain(error_text(smtplib.SMTPRecipientsRefused({"a@b.org": (451, b"4.7.1 Try again later")})))
    assert "for now" in later.for_person
    unreachable = explain(error_text(ConnectionRefusedError(111, "Connection refused")))
    assert "EMAIL_URL" in unreachable.what_to_do


def test_a_failed_delivery_is_explained_to_the_person_and_the_admin(client, meeting, helen, admin_person):
    dispatch_due()
    delivery = Delivery.objects.get(person=helen, reminder__kind="meeting_scheduled")
    refused = smtplib.SMTPRecipientsRefused({helen.email: (550, b"5.1.1 User unknown")})
    Delivery.objects.filter(pk=delivery.pk).update(status="failed", last_error=error_text(refused))

    client.force_login(helen)
    mine = client.get(reverse("reminders:index")).content.decode()
    assert "Your mail server refused the message: the address may be wrong." in mine

    client.force_login(admin_person)
    theirs = client.get(reverse("reminders:index")).content.decode()
    assert "550 5.1.1 User unknown" in theirs and "check the email address on their profile" in theirs
