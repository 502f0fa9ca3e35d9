"""Each meeting's .ics and each person's private, revocable calendar feed."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from meetings import calendar
from meetings.calendar import meeting_calendar, person_feed
from meetings.models import CalendarFeed
from meetings.services import cancel_meeting, reschedule_meeting
from tests.meetings.factories import ActionFactory


def events(ics: bytes):
    return [c for c in Calendar.from_ical(ics).walk("VEVENT")]


def test_a_meetings_calendar_keeps_its_uid_and_counts_its_changes(meeting, admin_person):
    first = events(meeting_calendar(meeting))[0]
    new_start = meeting.starts_at + timedelta(days=1)
    reschedule_meeting(meeting, starts_at=new_start, ends_at=new_start + timedelta(hours=2), by=admin_person)
    meeting.refresh_from_db()
    moved = events(meeting_calendar(meeting))[0]
    assert moved["UID"] == first["UID"] == meeting.uid
    assert (first["SEQUENCE"], moved["SEQUENCE"]) == (0, 1)
    assert moved.decoded("DTSTART") == new_start


def test_a_cancelled_meeting_is_a_cancellation(meeting, admin_person):
    cancel_meeting(meeting, by=admin_person)
    meeting.refresh_from_db()
    calendar = Calendar.from_ical(meeting_calendar(meeting))
    assert calendar["METHOD"] == "CANCEL"
    assert events(meeting_calendar(meeting))[0]["STATUS"] == "CANCELLED"


def test_members_download_the_meetings_ics(board_client, meeting):
    response = board_client.get(f"/meetings/{meeting.pk}/meeting.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert events(response.content)[0]["SUMMARY"] == "Six-monthly review"


def test_the_feed_holds_their_meetings_papers_deadlines_and_actions(meeting, hlep, hlep_board_member):
    ActionFactory(meeting=meeting, owner=hlep_board_member, description="Circulate the data pack")
    summaries = {str(e["SUMMARY"]) for e in events(person_feed(hlep_board_member))}
    assert summaries == {
        "Six-monthly review",
        "Papers due: Six-monthly review",
        "Action due: Circulate the data pack",
    }


def test_other_apps_add_their_dates_to_the_feed(monkeypatch, hlep_board_member):
    def closing_dates(person):
        event = Event()
        event.add("uid", "fund-1@accord")
        event.add("summary", "Fund closes: Levelling Up")
        event.add("dtstart", timezone.localdate())
        yield event

    monkeypatch.setattr(calendar, "FEED_SOURCES", [*calendar.FEED_SOURCES, closing_dates])
    summaries = {str(e["SUMMARY"]) for e in events(calendar.person_feed(hlep_board_member))}
    assert "Fund closes: Levelling Up" in summaries


def test_someone_creates_subscribes_to_and_revokes_their_feed(
    client, board_client, meeting, hlep_board_member
):
    board_client.post("/meetings/calendar/", {"action": "create"})
    feed = CalendarFeed.objects.get(person=hlep_board_member)
    assert feed.url() in board_client.get("/meetings/calendar/").content.decode()
    client.logout()
    subscribed = client.get(f"/meetings/calendar/{feed.token}.ics")
    assert subscribed.status_code == 200
    assert meeting.uid in subscribed.content.decode()

    board_client.force_login(hlep_board_member)
    board_client.post("/meetings/calendar/", {"action": "regenerate"})
    client.logout()
    assert client.get(f"/meetings/calendar/{feed.token}.ics").status_code == 404
    renewed = CalendarFeed.objects.get(person=hlep_board_member)
    assert client.get(f"/meetings/calendar/{renewed.token}.ics").status_code == 200

    board_client.force_login(hlep_board_member)
    board_client.post("/meetings/calendar/", {"action": "revoke"})
    client.logout()
    assert client.get(f"/meetings/calendar/{renewed.token}.ics").status_code == 404


def test_a_feed_of_someone_who_can_no_longer_sign_in_is_not_found(client, hlep_board_member):
    feed = CalendarFeed.objects.create(person=hlep_board_member)
    hlep_board_member.is_active = False
    hlep_board_member.save()
    assert client.get(f"/meetings/calendar/{feed.token}.ics").status_code == 404


def test_the_feed_times_are_utc(meeting, hlep_board_member):
    start = events(person_feed(hlep_board_member))[0].decoded("DTSTART")
    assert start.utcoffset() == timedelta(0)
    assert start == meeting.starts_at
