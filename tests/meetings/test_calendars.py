"""Each meeting's .ics and each person's private, revocable calendar feed."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar, Event

from meetings import calendar
from meetings.calendar import meeting_calendar, person_feed
from meetings.models import CalendarFeed
from meetings.services import cancel_meeting, reschedule_meeting
from partnership.models import Person
from tests.meetings.factories import ActionFactory, schedule


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
    assert events(response.content)[0]["SUMMARY"] == f"{meeting.partnership.name}: Six-monthly review"


def test_the_feed_holds_their_meetings_papers_deadlines_and_actions(meeting, hlep, hlep_board_member):
    ActionFactory(meeting=meeting, owner=hlep_board_member, description="Circulate the data pack")
    summaries = {str(e["SUMMARY"]) for e in events(person_feed(hlep_board_member))}
    assert summaries == {
        "HLEP and CPCA strategic partnership: Six-monthly review",
        "Papers due for HLEP and CPCA strategic partnership: Six-monthly review",
        "Action due: Circulate the data pack",
    }


def test_the_feed_is_named_after_the_partnership_and_asks_to_be_refreshed_hourly(
    partnership, hlep_board_member
):
    feed = Calendar.from_ical(person_feed(hlep_board_member))
    assert feed["X-WR-CALNAME"] == "HLEP and CPCA strategic partnership"
    assert feed["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert feed.decoded("REFRESH-INTERVAL") == timedelta(hours=1)
    assert feed["X-PUBLISHED-TTL"] == "PT1H"
    assert feed["METHOD"] == "PUBLISH"


def test_papers_due_take_half_an_hour_up_to_the_deadline(meeting, hlep_board_member):
    (papers,) = [e for e in events(person_feed(hlep_board_member)) if e["UID"].startswith("papers-")]
    assert papers.decoded("DTEND") == meeting.papers_deadline
    assert papers.decoded("DTEND") - papers.decoded("DTSTART") == timedelta(minutes=30)
    assert papers["TRANSP"] == "TRANSPARENT"  # it does not make them look busy


def test_the_feed_names_nobody_else(meeting, hlep_board_member, cpca_board_member):
    """A subscription is published, not an invitation (RFC 5546): it lists no attendees' addresses."""
    feed = person_feed(hlep_board_member)
    assert all("ATTENDEE" not in event for event in events(feed))
    assert cpca_board_member.email.encode() not in feed


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


def test_the_feed_page_shows_the_whole_address_to_subscribe_to_or_copy(board_client, hlep_board_member):
    feed = CalendarFeed.objects.create(person=hlep_board_member)
    html = board_client.get("/meetings/calendar/").content.decode()
    assert f'<code id="feed-url">{feed.url()}</code>' in html  # all of it, not in a cut-off box
    assert f'href="{feed.webcal_url()}"' in html
    assert feed.webcal_url() == "webcal://" + feed.url().removeprefix("http://")
    # The script adds "Copy the address" (no inline script under the CSP); without it, there is none.
    assert '<script type="module" src="/static/accord/calendar-feed.js">' in html
    assert 'data-copy="feed-url"' in html
    assert "Copy the address" not in html


def test_the_feed_takes_the_same_queries_however_many_meetings(
    partnership, hlep, admin_person, hlep_board_member
):
    def queries_for_the_feed() -> int:
        person = Person.objects.get(pk=hlep_board_member.pk)
        with CaptureQueriesContext(connection) as captured:
            person_feed(person)
        return len(captured)

    schedule(partnership, hlep, days_ahead=30, by=admin_person)
    few = queries_for_the_feed()
    for days in range(40, 100, 10):
        schedule(partnership, hlep, days_ahead=days, by=admin_person)
    assert queries_for_the_feed() == few
