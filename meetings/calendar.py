"""iCalendar files: one per meeting, and each person's private feed.

A meeting's file is an invitation (RFC 5546): METHOD:REQUEST with an ATTENDEE per invitee while it
goes ahead, METHOD:CANCEL once cancelled; calendar apps apply each to the invitation they hold by its
UID and rising SEQUENCE. The feed is a subscription (METHOD:PUBLISH), so its events name no attendees.

The feed is built from FEED_SOURCES, functions that each yield the events of one kind for a person;
other apps add theirs when they start (funding adds closing dates in its AppConfig.ready).
"""

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from partnership.bounds import is_within_bounds
from partnership.models import Partnership, Person
from partnership.site import absolute_url
from partnership.templatetags import accord
from reminders.models import Sender

from .models import Action, Invitation, Meeting

PRODID = "-//Accord//Partnership meetings//EN"
# Calendar apps fetch a subscription when they like (Outlook: every few hours); ask for hourly.
FEED_REFRESH = timedelta(hours=1)
# Papers are due at a time of day: a short event ending then shows that time, which a whole day hides.
PAPERS_DUE_LASTS = timedelta(minutes=30)

PARTSTAT = {
    Invitation.Response.NO_RESPONSE: "NEEDS-ACTION",
    Invitation.Response.ATTENDING: "ACCEPTED",
    Invitation.Response.NOT_ATTENDING: "DECLINED",
    # They will not come themselves; their substitute has no address to be DELEGATED-TO.
    Invitation.Response.SUBSTITUTE: "DECLINED",
}


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


def meeting_summary(meeting: Meeting) -> str:
    """Says whose meeting it is: a calendar holds meetings of many bodies called "Six-monthly review"."""
    return f"{meeting.partnership.name}: {meeting.title}"


def meeting_method(meeting: Meeting) -> str:
    return "CANCEL" if meeting.is_cancelled else "REQUEST"


def _organiser(meeting: Meeting) -> vCalAddress:
    """The address the partnership's emails come from, if it has its own: calendar apps compare the
    invitation's ORGANIZER with the email's sender. Otherwise the deployment's organiser address."""
    try:
        address = meeting.partnership.reminder_sender.from_email
    except Sender.DoesNotExist:
        address = settings.ACCORD_ORGANISER_EMAIL
    organiser = vCalAddress(f"mailto:{parseaddr(address)[1]}")
    organiser.params["CN"] = meeting.partnership.name
    return organiser


def _attendees(meeting: Meeting) -> Iterable[vCalAddress]:
    """Everyone the invitation goes to, with their answer, in one query."""
    invitation = Invitation.objects.filter(meeting=meeting, person=OuterRef("pk"))
    people = (
        meeting.invitees()
        .annotate(
            answer=Subquery(invitation.values("response")[:1]),
            capacity=Subquery(invitation.values("kind")[:1]),
        )
        .order_by("last_name", "first_name", "email")
    )
    for person in people:
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["CN"] = person.get_full_name() or person.email
        # Named officers come to present; the boards decide, and their quorum counts on them.
        officer = person.capacity == Invitation.Capacity.OFFICER
        attendee.params["ROLE"] = "OPT-PARTICIPANT" if officer else "REQ-PARTICIPANT"
        attendee.params["PARTSTAT"] = PARTSTAT[person.answer or Invitation.Response.NO_RESPONSE]
        if not meeting.is_cancelled:  # nobody answers a cancellation
            attendee.params["RSVP"] = "TRUE"
        yield attendee


def meeting_event(meeting: Meeting, *, with_attendees: bool = False) -> Event:
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", _utc(timezone.now()))
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at))
    event.add("summary", meeting_summary(meeting))
    place = ", ".join(filter(None, [meeting.location, meeting.online_url]))
    if place:
        event.add("location", place)
    if meeting.online_url:
        event.add("url", meeting.online_url)
    papers = "" if meeting.is_cancelled else f" Papers are due by {_said(meeting.papers_deadline)}."
    event.add(
        "description",
        f"{'Cancelled. ' if meeting.is_cancelled else ''}Hosted by {meeting.host.name}.{papers}\n"
        f"Agenda and papers: {absolute_url(meeting.get_absolute_url())}",
    )
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("organizer", _organiser(meeting))
    if with_attendees:
        for attendee in _attendees(meeting):
            event.add("attendee", attendee)
    return event


def meeting_calendar(meeting: Meeting) -> bytes:
    """The meeting as an invitation calendar apps can add, update or remove (by UID and SEQUENCE)."""
    calendar = _calendar(meeting_method(meeting))
    calendar.add_component(meeting_event(meeting, with_attendees=True))
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
    return (
        Meeting.objects.for_person(person)
        .select_related("host", "partnership__reminder_sender")
        .order_by("starts_at")
    )


def meeting_events(person: Person) -> Iterable[Event]:
    for meeting in _their_meetings(person):
        yield meeting_event(meeting)


def papers_deadline_events(person: Person) -> Iterable[Event]:
    for meeting in _their_meetings(person).filter(status=Meeting.Status.SCHEDULED):
        event = Event()
        event.add("uid", f"papers-{meeting.uid}")
        event.add("sequence", meeting.sequence)
        event.add("dtstamp", _utc(timezone.now()))
        deadline = meeting.papers_deadline
        # A time stored outside Accord's years (bypassing the forms) may have no half hour before it.
        lasts = PAPERS_DUE_LASTS if is_within_bounds(deadline) else timedelta(0)
        event.add("dtstart", _utc(deadline - lasts))
        event.add("dtend", _utc(deadline))
        event.add("summary", f"Papers due for {meeting_summary(meeting)}")
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


def _feed_name(person: Person) -> str:
    partnerships = Partnership.objects.filter(parties__memberships__person=person).distinct()
    return " and ".join(p.name for p in partnerships) or "Accord"


def person_feed(person: Person) -> bytes:
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", _feed_name(person))
    # RFC 7986's refresh interval, and the older name Outlook reads.
    calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for source in FEED_SOURCES:
        for event in source(person):
            calendar.add_component(event)
    return calendar.to_ical()
