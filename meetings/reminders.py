"""The reminders meetings cause: notices when a meeting is scheduled, changed or cancelled (with its
.ics), reminders before it and before its papers deadline, and reminders of actions due or overdue.

Meetings' services call `meeting_changed` inside their own `transaction.atomic()` block, so the
reminders are planned (reminders.Reminder rows) in the same transaction as the change: the outbox.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from partnership.models import Person
from partnership.templatetags.accord import day, day_month, time_of_day
from reminders.kinds import ReminderKind, register
from reminders.services import cancel_planned, plan_before, plan_now

from .answer_links import answer_url
from .calendar import meeting_calendar, meeting_method
from .models import Action, Invitation, Meeting

INVITED = (
    "You are invited: you sit on the board of a party to the partnership, or were named on this meeting."
)


def _ics(meeting: Meeting, reminder) -> list:
    method = meeting_method(meeting)
    return [("meeting.ics", meeting_calendar(meeting), f"text/calendar; method={method}; charset=utf-8")]


def _going_ahead(meeting: Meeting, reminder) -> bool:
    return not meeting.is_cancelled


def _invitees(meeting: Meeting):
    return meeting.invitees()


def _partnership(meeting: Meeting):
    return meeting.partnership


def _to_everyone_invited(name: str, label: str, **kwargs) -> ReminderKind:
    """The meeting's notices: to everyone invited, never in a digest, with the meeting's .ics."""
    return register(
        ReminderKind(
            name=name,
            label=label,
            record_model="meetings.Meeting",
            recipients=_invitees,
            partnership=_partnership,
            reason=INVITED,
            optional=False,
            attachments=_ics,
            **kwargs,
        )
    )


def _answer_links(meeting: Meeting, person) -> dict:
    """Signed links that answer the invitation for this person, without signing in."""
    return {
        "answers": [
            ("I will attend", answer_url(person, meeting, Invitation.Response.ATTENDING)),
            ("I will not attend", answer_url(person, meeting, Invitation.Response.NOT_ATTENDING)),
        ]
    }


def _moved_to(old: datetime, new: datetime) -> str:
    old, new = timezone.localtime(old), timezone.localtime(new)
    on = day(new) if new.year != old.year else day_month(new)
    if old.date() == new.date():
        return f"moved to {time_of_day(new)}"
    if old.time() == new.time():
        return f"moved to {on}"
    return f"moved to {on} at {time_of_day(new)}"


def what_changed(changes: list[dict]) -> str:
    """A meeting change record in a few words, for the email's subject: "Moved to 15 September at 1pm",
    "Place changed"."""
    by_field = {change["field"]: change for change in changes}
    said = []
    starts, ends = by_field.get("starts_at"), by_field.get("ends_at")
    if starts and "old_at" in starts:
        said.append(
            _moved_to(datetime.fromisoformat(starts["old_at"]), datetime.fromisoformat(starts["new_at"]))
        )
    elif ends and "new_at" in ends:
        said.append(f"now ends at {time_of_day(datetime.fromisoformat(ends['new_at']))}")
    if "papers_deadline" in by_field and "new_at" in by_field["papers_deadline"]:
        said.append(
            f"papers now due {day_month(datetime.fromisoformat(by_field['papers_deadline']['new_at']))}"
        )
    words = {"location": "place", "online_url": "online link", "host": "host", "title": "title"}
    said += [f"{word} changed" for field, word in words.items() if field in by_field]
    text = "; ".join(said) or "details changed"
    return text[0].upper() + text[1:]


MEETING_SCHEDULED = _to_everyone_invited(
    "meeting_scheduled", "Meeting scheduled", still_due=_going_ahead, extra_context=_answer_links
)
MEETING_CHANGED = _to_everyone_invited(
    "meeting_changed", "Meeting changed", still_due=_going_ahead, extra_context=_answer_links
)
MEETING_CANCELLED = _to_everyone_invited("meeting_cancelled", "Meeting cancelled")
MEETING_UPCOMING = register(
    ReminderKind(
        name="meeting_upcoming",
        label="Meeting coming up",
        record_model="meetings.Meeting",
        recipients=_invitees,
        partnership=_partnership,
        reason=INVITED,
        anchor=lambda meeting: meeting.starts_at,
        default_offsets=(28, 7, 1),
        still_due=_going_ahead,
    )
)
PAPERS_DUE = register(
    ReminderKind(
        name="papers_due",
        label="Papers due",
        record_model="meetings.Meeting",
        recipients=lambda meeting: meeting.presenters_missing_papers(),
        partnership=_partnership,
        reason="You present an item on this meeting's agenda and its papers have not been uploaded yet.",
        anchor=lambda meeting: meeting.papers_deadline,
        default_offsets=(3,),
        still_due=_going_ahead,
    )
)


def _actions_to_remind(today):
    return (Action.objects.overdue() | Action.objects.due_within(7)).select_related("meeting")


ACTION_DUE = register(
    ReminderKind(
        name="action_due",
        label="Action due or overdue",
        record_model="meetings.Action",
        recipients=lambda action: Person.objects.filter(pk=action.owner_id),
        partnership=lambda action: action.meeting.partnership,
        reason="You own this action from a partnership meeting.",
        still_due=lambda action, reminder: action.status in Action.OPEN_STATUSES,
        scan=_actions_to_remind,
        min_interval=timedelta(days=7),  # once a week at most per action
    )
)

BEFORE_MEETING = [MEETING_UPCOMING.name, PAPERS_DUE.name]
NOTICES = {
    "scheduled": MEETING_SCHEDULED.name,
    "rescheduled": MEETING_CHANGED.name,
    "updated": MEETING_CHANGED.name,
    "cancelled": MEETING_CANCELLED.name,
}


def meeting_changed(meeting, *, change: str) -> None:
    """`change` is "scheduled", "rescheduled", "updated" or "cancelled". Called inside the change's
    transaction: notices and reminders not yet sent are replaced by ones that fit the meeting now."""
    if change != "scheduled":
        cancel_planned(meeting)
    latest = meeting.changes.order_by("-at", "-pk").first()
    plan_now(
        NOTICES[change],
        meeting,
        context={
            "change": change,
            "sequence": meeting.sequence,
            "changes": latest.changes if latest else [],
            "summary": what_changed(latest.changes)
            if latest and change in ("rescheduled", "updated")
            else "",
            "at": timezone.now().isoformat(),
        },
    )
    if change != "cancelled":
        for kind in BEFORE_MEETING:
            plan_before(kind, meeting)
