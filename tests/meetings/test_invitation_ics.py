"""A meeting's .ics is an invitation calendar apps update in place (RFC 5545 and 5546): the
partnership organises it, each invitee is an ATTENDEE with their answer, a change is a new REQUEST and a
cancellation a CANCEL of the same UID with a higher SEQUENCE. Sample files are kept in
tests/fixtures/ics/: set ACCORD_WRITE_FIXTURES=1 to write them afresh, and review the diff."""

import os
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from icalendar import Calendar

from config import settings as accord_settings
from meetings.calendar import meeting_calendar
from meetings.models import Invitation, Meeting
from meetings.services import (
    answer_invitation,
    cancel_meeting,
    invite_officers,
    reschedule_meeting,
    sync_invitations,
)
from partnership.models import Membership
from reminders.models import Sender
from tests.factories import PersonFactory
from tests.meetings.factories import MeetingFactory, schedule

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ics"
LONDON = ZoneInfo("Europe/London")
ORGANISER = "partnership@hlep-cpca.example.gov.uk"


@pytest.fixture(autouse=True)
def organiser(settings):
    settings.ACCORD_ORGANISER_EMAIL = f"Partnership team <{ORGANISER}>"
    settings.ACCORD_SITE_URL = "https://accord.example.gov.uk"


def the_event(ics: bytes):
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def attendees(event) -> dict[str, dict]:
    """Each ATTENDEE's address and parameters."""
    lines = event.get("ATTENDEE", [])
    lines = lines if isinstance(lines, list) else [lines]
    return {str(line).removeprefix("mailto:"): dict(line.params) for line in lines}


@pytest.fixture
def officer(hlep):
    return PersonFactory(first_name="Hugo", last_name="Dale", roles=[(hlep, Membership.Role.OFFICER)])


@pytest.fixture
def invitation(meeting, officer):
    invite_officers(meeting, officers=[officer])
    return meeting


def test_the_partnership_organises_and_each_invitee_is_asked_to_answer(
    invitation, partnership, hlep_board_member, cpca_board_member, officer
):
    calendar, event = the_event(meeting_calendar(invitation))
    assert calendar["METHOD"] == "REQUEST"
    assert event["SUMMARY"] == f"{partnership.name}: Six-monthly review"
    assert event["ORGANIZER"] == f"mailto:{ORGANISER}"
    assert event["ORGANIZER"].params["CN"] == partnership.name
    assert event["STATUS"] == "CONFIRMED"
    asked = {"PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
    assert attendees(event) == {
        hlep_board_member.email: {"CN": "Helen Ashby", "ROLE": "REQ-PARTICIPANT", **asked},
        cpca_board_member.email: {"CN": "Colin Fraser", "ROLE": "REQ-PARTICIPANT", **asked},
        officer.email: {"CN": "Hugo Dale", "ROLE": "OPT-PARTICIPANT", **asked},
    }


def test_a_partnership_with_its_own_sending_address_organises_from_it(invitation, partnership):
    """The invitation email comes from that address; calendar apps expect the organiser to match."""
    Sender.objects.create(partnership=partnership, from_email="HLEP and CPCA <partnership@hlep.example>")
    _, event = the_event(meeting_calendar(Meeting.objects.get(pk=invitation.pk)))
    assert event["ORGANIZER"] == "mailto:partnership@hlep.example"
    assert event["ORGANIZER"].params["CN"] == partnership.name


def test_the_organiser_defaults_to_the_address_emails_come_from():
    assert "ACCORD_ORGANISER_EMAIL" not in os.environ
    assert accord_settings.ACCORD_ORGANISER_EMAIL == accord_settings.DEFAULT_FROM_EMAIL


@pytest.mark.parametrize(
    ("response", "partstat"),
    [
        (Invitation.Response.ATTENDING, "ACCEPTED"),
        (Invitation.Response.NOT_ATTENDING, "DECLINED"),
        # Sending someone else: they do not come themselves.
        (Invitation.Response.SUBSTITUTE, "DECLINED"),
    ],
)
def test_each_answer_shows_in_the_invitation(invitation, hlep_board_member, response, partstat):
    answer_invitation(invitation, person=hlep_board_member, response=response, substitute_name="Sue Stand-in")
    _, event = the_event(meeting_calendar(invitation))
    assert attendees(event)[hlep_board_member.email]["PARTSTAT"] == partstat


def test_a_change_is_a_new_request_for_the_same_invitation(
    invitation, admin_person, hlep_board_member, cpca_board_member, officer
):
    _, before = the_event(meeting_calendar(invitation))
    answer_invitation(invitation, person=hlep_board_member, response=Invitation.Response.ATTENDING)
    moved_to = invitation.starts_at + timedelta(hours=3)
    reschedule_meeting(invitation, starts_at=moved_to, ends_at=moved_to + timedelta(hours=2), by=admin_person)
    invitation.refresh_from_db()

    calendar, after = the_event(meeting_calendar(invitation))
    assert calendar["METHOD"] == "REQUEST"
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after.decoded("DTSTART") == moved_to
    assert after["ORGANIZER"] == f"mailto:{ORGANISER}"
    answers = {email: params["PARTSTAT"] for email, params in attendees(after).items()}
    assert answers == {
        hlep_board_member.email: "ACCEPTED",
        cpca_board_member.email: "NEEDS-ACTION",
        officer.email: "NEEDS-ACTION",
    }
    assert all(params["RSVP"] == "TRUE" for params in attendees(after).values())


def test_a_cancellation_cancels_the_same_invitation_for_everyone(
    invitation, partnership, admin_person, hlep_board_member, cpca_board_member, officer
):
    _, before = the_event(meeting_calendar(invitation))
    cancel_meeting(invitation, by=admin_person)
    invitation.refresh_from_db()

    calendar, cancelled = the_event(meeting_calendar(invitation))
    assert calendar["METHOD"] == "CANCEL"
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["UID"] == before["UID"]
    assert cancelled["SEQUENCE"] == before["SEQUENCE"] + 1
    assert cancelled["SUMMARY"] == f"{partnership.name}: Six-monthly review"
    assert cancelled["ORGANIZER"] == f"mailto:{ORGANISER}"
    # Every invitee's calendar removes it; nobody is asked to answer a cancellation.
    assert set(attendees(cancelled)) == {hlep_board_member.email, cpca_board_member.email, officer.email}
    assert not any("RSVP" in params for params in attendees(cancelled).values())
    assert "Papers are due" not in cancelled["DESCRIPTION"]


def test_the_invitation_takes_the_same_queries_for_many_invitees(
    partnership, hlep, cpca, admin_person, django_assert_num_queries
):
    meeting = schedule(partnership, hlep, by=admin_person)
    as_the_page_reads_it = Meeting.objects.select_related("host", "partnership")
    PersonFactory(roles=[(hlep, Membership.Role.BOARD_MEMBER)])
    few = as_the_page_reads_it.get(pk=meeting.pk)
    with django_assert_num_queries(2):  # the partnership's own address, the invitees with their answers
        meeting_calendar(few)
    for _ in range(10):
        PersonFactory(roles=[(cpca, Membership.Role.BOARD_MEMBER)])
    many = as_the_page_reads_it.get(pk=meeting.pk)
    with django_assert_num_queries(2):
        assert len(attendees(the_event(meeting_calendar(many))[1])) == 11


@pytest.fixture
def review(partnership, hlep, cpca):
    """Fixed people, key and UID: the same .ics on every run."""
    helen = PersonFactory(
        first_name="Helen",
        last_name="Ashby",
        email="helen.ashby@hlep.example.gov.uk",
        roles=[(hlep, Membership.Role.BOARD_MEMBER)],
    )
    PersonFactory(
        first_name="Colin",
        last_name="Fraser",
        email="colin.fraser@cpca.example.gov.uk",
        roles=[(cpca, Membership.Role.BOARD_MEMBER)],
    )
    hugo = PersonFactory(
        first_name="Hugo",
        last_name="Dale",
        email="hugo.dale@hlep.example.gov.uk",
        roles=[(hlep, Membership.Role.OFFICER)],
    )
    starts_at = datetime(2027, 9, 15, 10, 0, tzinfo=LONDON)
    meeting = MeetingFactory(
        pk=917,
        uid="six-monthly-review-2027-09@accord.example.gov.uk",
        partnership=partnership,
        host=hlep,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        papers_deadline=datetime(2027, 9, 8, 17, 0, tzinfo=LONDON),
        online_url="https://teams.example.gov.uk/meet/review",
    )
    sync_invitations(meeting)
    invite_officers(meeting, officers=[hugo])
    answer_invitation(meeting, person=helen, response=Invitation.Response.ATTENDING)
    return meeting


def matches_fixture(ics: bytes, name: str) -> bool:
    path = FIXTURES / name
    if os.environ.get("ACCORD_WRITE_FIXTURES"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(ics)
    return ics == path.read_bytes()


@time_machine.travel(datetime(2027, 8, 2, 9, 0, tzinfo=LONDON), tick=False)
def test_the_sample_invitation_change_and_cancellation_are_unchanged(review, admin_person):
    """A change to what calendar apps receive shows as a diff of these files."""
    assert matches_fixture(meeting_calendar(review), "invitation.ics")

    moved_to = datetime(2027, 9, 15, 13, 0, tzinfo=LONDON)
    reschedule_meeting(review, starts_at=moved_to, ends_at=moved_to + timedelta(hours=2), by=admin_person)
    review.refresh_from_db()
    assert matches_fixture(meeting_calendar(review), "reschedule.ics")

    cancel_meeting(review, by=admin_person, reason="Both boards meet the minister that day.")
    review.refresh_from_db()
    assert matches_fixture(meeting_calendar(review), "cancellation.ics")
