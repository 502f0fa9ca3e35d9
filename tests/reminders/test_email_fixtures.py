"""Sample emails, one per case, kept under tests/fixtures/email/: a change to an email shows in review
as a change to its file. Each file is the message's headers and plain-text part, with database ids and
signed tokens written as placeholders. Run with UPDATE_EMAIL_FIXTURES=1 to write them afresh."""

import email
import os
import re
from datetime import datetime
from email import policy
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from meetings.services import cancel_meeting, reschedule_meeting
from reminders.models import Reminder
from tests.factories import PersonFactory
from tests.meetings.factories import schedule
from tests.reminders.test_mail import send_due

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent.parent / "fixtures" / "email"
LONDON = ZoneInfo("Europe/London")
HEADERS = [
    "From",
    "To",
    "Subject",
    "Message-ID",
    "Auto-Submitted",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
]
CASES = ["invitation", "change", "cancellation", "optional_reminder"]


def sample(message) -> str:
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    head = "".join(f"{name}: {str(parsed[name]).strip()}\n" for name in HEADERS if parsed[name])
    text = parsed.get_body(("plain",)).get_content()
    sample = f"{head}\n{text}"
    sample = re.sub(r"<reminder-\d+@", "<reminder-ID@", sample)
    sample = re.sub(r"/meetings/\d+/", "/meetings/ID/", sample)
    return re.sub(r"/(reminders/unsubscribe|meetings/answer)/[^/\s>]+/", r"/\1/TOKEN/", sample)


@pytest.fixture
def samples(partnership, hlep):
    PersonFactory(
        first_name="Helen", last_name="Ashby", email="helen.ashby@example.org", roles=[(hlep, "board_member")]
    )
    sent = {}
    with time_machine.travel(datetime(2027, 8, 2, 9, 0, tzinfo=LONDON), tick=False):
        meeting = schedule(partnership, hlep, starts_at=datetime(2027, 9, 15, 10, 0, tzinfo=LONDON))
        [sent["invitation"]] = send_due()
        Reminder.objects.filter(kind="meeting_upcoming", context__days_before=28).update(
            due_at=datetime(2027, 8, 1, tzinfo=LONDON)
        )
        [sent["optional_reminder"]] = send_due()
        starts = datetime(2027, 9, 22, 13, 0, tzinfo=LONDON)
        reschedule_meeting(meeting, starts_at=starts, ends_at=starts.replace(hour=15))
        [sent["change"]] = send_due()
        cancel_meeting(meeting, reason="The board would not be quorate.")
        [sent["cancellation"]] = send_due()
    return {case: sample(message) for case, message in sent.items()}


@pytest.mark.parametrize("case", CASES)
def test_each_email_is_as_its_sample(samples, case):
    path = FIXTURES / f"{case}.eml"
    if os.environ.get("UPDATE_EMAIL_FIXTURES"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(samples[case])
    assert samples[case] == path.read_text()


@pytest.mark.parametrize("case", CASES)
def test_the_samples_parse_as_email_with_the_headers_mail_clients_read(case):
    message = email.message_from_string((FIXTURES / f"{case}.eml").read_text(), policy=policy.default)
    assert (
        message["To"] == "Helen Ashby <helen.ashby@example.org>" or message["To"] == "helen.ashby@example.org"
    )
    assert message["Auto-Submitted"] == "auto-generated"
    assert "Manage your email preferences: " in message.get_content()
    # Optional kinds offer RFC 8058 one-click unsubscribe; invitations, changes, cancellations do not.
    if case == "optional_reminder":
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert re.fullmatch(r"<https?://[^>]+/reminders/unsubscribe/TOKEN/>", message["List-Unsubscribe"])
    else:
        assert message["List-Unsubscribe"] is None and message["List-Unsubscribe-Post"] is None
