"""iCalendar files: one per meeting, and each person's private feed.

The feed is built from FEED_SOURCES, functions that each yield the events of one kind for a person;
other apps add theirs when they start (funding adds closing dates in its AppConfig.ready).
"""

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from partnership.bounds import is_within_bounds
from partnership.models import Person
from partnership.site import absolute_url
from partnership.templatetags import accord

from .models import Action, Meeting

PRODID = "-//Accord//Partnership meetings//EN"


def _calendar(method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _said(moment: datetime) -> str:
    # A time stored outside Accord's years (bypassing the forms) may have no London time: say it in UTC.
    if is_within_bounds(moment):
        return accord.moment(moment)
    return f"{_utc(moment):%-d %B %Y, %H:%M} UTC"


def meeting_event(meeting: Meeting) -> Event:
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", _utc(timezone.now()))
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at))
    event.add("summary", meeting.title)
    place = ", ".join(filter(None, [meeting.location, meeting.online_url]))
    if place:
        event.add("location", place)
    if meeting.online_url:
        event.add("url", meeting.online_url)
    event.add(
        "description",
        f"Hosted by {meeting.host.name}. Papers are due by "
        f"{_said(meeting.papers_deadline)}.\n"
        f"Agenda and papers: {absolute_url(meeting.get_absolute_url())}",
    )
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    event.add("organizer", f"mailto:{address}", parameters={"CN": name or "Accord"})
    return event


def meeting_calendar(meeting: Meeting) -> bytes:
    """The meeting as an invitation calendar apps can add, update or remove (by UID and SEQUENCE)."""
    calendar = _calendar("CANCEL" if meeting.is_cancelled else "PUBLISH")
    calendar.add_component(meeting_event(meeting))
    return calendar.to_ical()


def all_day_event(uid: str, day, summary: str, url: str) -> Event:
    """A whole-day entry (a deadline, a due date) that leaves the day free in the calendar."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", _utc(timezone.now()))
    event.add("dtstart", day)
    # A stored date may sit at the calendar's end (9999-12-31), with no next day to end on; without a
    # DTEND an all-day event lasts its one day anyway (RFC 5545, 3.6.1), so one record never breaks a feed.
    if day < date.max:
        event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def _their_meetings(person: Person) -> Iterable[Meeting]:
    return Meeting.objects.for_person(person).select_related("host").order_by("starts_at")


def meeting_events(person: Person) -> Iterable[Event]:
    for meeting in _their_meetings(person):
        yield meeting_event(meeting)


def papers_deadline_events(person: Person) -> Iterable[Event]:
    for meeting in _their_meetings(person).filter(status=Meeting.Status.SCHEDULED):
        event = Event()
        event.add("uid", f"papers-{meeting.uid}")
        event.add("sequence", meeting.sequence)
        event.add("dtstamp", _utc(timezone.now()))
        event.add("dtstart", _utc(meeting.papers_deadline))
        event.add("dtend", _utc(meeting.papers_deadline))
        event.add("summary", f"Papers due: {meeting.title}")
        event.add("url", absolute_url(meeting.get_absolute_url()))
        event.add("transp", "TRANSPARENT")
        yield event


def action_events(person: Person) -> Iterable[Event]:
    for action in Action.objects.open().filter(owner=person):
        yield all_day_event(
            f"action-{action.pk}@accord",
            action.due_date,
            f"Action due: {action.description}",
            absolute_url(action.get_absolute_url()),
        )


FEED_SOURCES: list[Callable[[Person], Iterable[Event]]] = [
    meeting_events,
    papers_deadline_events,
    action_events,
]


def person_feed(person: Person) -> bytes:
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", f"Accord – {person.get_full_name() or person.email}")
    for source in FEED_SOURCES:
        for event in source(person):
            calendar.add_component(event)
    return calendar.to_ical()
