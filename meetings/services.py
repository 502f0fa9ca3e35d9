"""Workflows that change several records at once: scheduling, moving and cancelling meetings,
taking attendance, recording a board's decision. Each runs in one transaction and tells the
reminders app what changed, inside that transaction."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from partnership.models import Board, Clause, Membership, Organisation, Partnership, Person
from partnership.once import unique_or_invalid
from partnership.templatetags.accord import moment, weekday
from partnership.writes import done_by, save_record

from . import reminders
from .models import (
    STANDING_AGENDA,
    Action,
    AgendaItem,
    Decision,
    Invitation,
    Meeting,
    MeetingChange,
    MeetingSeries,
    Minutes,
    Paper,
    Priority,
    Proposal,
)
from .selectors import REVIEW_CLAUSES, STANDING_CLAUSES, clauses_numbered

# Why a meeting that has started is not changed (see refuse_once_started).
RESCHEDULE_REFUSED = "it can no longer be changed or rescheduled"
CANCEL_REFUSED = "it can no longer be cancelled"
AGENDA_REFUSED = "its agenda can no longer change"
PAPERS_REFUSED = "its papers are the record of what it discussed and can no longer be removed"

# What a change to these fields means to people's calendars.
TIMING_FIELDS = ["starts_at", "ends_at"]
DETAIL_FIELDS = ["title", "location", "online_url", "host", "papers_deadline"]
LABELS = {
    "title": "Title",
    "starts_at": "Starts",
    "ends_at": "Ends",
    "location": "Place",
    "online_url": "Online link",
    "host": "Host",
    "papers_deadline": "Papers deadline",
    "status": "Status",
}


def _shown(value: object) -> str:
    if isinstance(value, datetime):
        return moment(value)
    return "" if value is None else str(value)


def refuse_once_started(meeting: Meeting, *, so: str) -> None:
    """Meeting.has_started, held by each service that changes what a meeting is to be (its time, its
    agenda, its papers), so no caller changes the record of a meeting that has begun."""
    if meeting.has_started:
        raise ValidationError(f"The meeting has started, so {so}.")


def _record(meeting: Meeting, kind: str, changes: list[dict], by: Person | None) -> MeetingChange:
    change = MeetingChange.objects.create(meeting=meeting, kind=kind, changes=changes, by=by)
    reminders.meeting_changed(meeting, change=kind)
    return change


def sync_invitations(meeting: Meeting) -> None:
    """Board members who joined a party's board since the meeting was scheduled, and each board's
    secretary, get their invitation; each person is invited once."""
    boards = {
        b.organisation_id: b
        for b in Board.objects.filter(organisation__in=meeting.partnership.parties.all()).select_related(
            "secretary"
        )
    }
    invited = set(meeting.invitations.values_list("person_id", flat=True))
    memberships = Membership.objects.filter(
        organisation__in=boards, role=Membership.Role.BOARD_MEMBER, person__is_active=True
    ).exclude(person__in=invited)
    Invitation.objects.bulk_create(
        [
            Invitation(
                meeting=meeting,
                person_id=m.person_id,
                kind=Invitation.Capacity.BOARD_MEMBER,
                board=boards[m.organisation_id],
            )
            for m in memberships
        ],
        ignore_conflicts=True,
    )
    # Board members first: a secretary who also sits on a board counts towards its quorum.
    Invitation.objects.bulk_create(
        [
            Invitation(meeting=meeting, person=b.secretary, kind=Invitation.Capacity.SECRETARY)
            for b in boards.values()
            if b.secretary is not None and b.secretary.is_active
        ],
        ignore_conflicts=True,
    )


def invite_officers(meeting: Meeting, *, officers: Iterable[Person]) -> None:
    Invitation.objects.bulk_create(
        [Invitation(meeting=meeting, person=p, kind=Invitation.Capacity.OFFICER) for p in officers],
        ignore_conflicts=True,
    )


def set_officers(meeting: Meeting, *, officers: Iterable[Person]) -> None:
    """The officers named on the meeting become exactly `officers`."""
    with transaction.atomic():
        meeting.invitations.filter(kind=Invitation.Capacity.OFFICER).exclude(person__in=officers).delete()
        invite_officers(meeting, officers=officers)


def schedule_meeting(
    *,
    partnership: Partnership,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    host: Organisation,
    papers_deadline: datetime,
    location: str = "",
    online_url: str = "",
    series: MeetingSeries | None = None,
    series_number: int | None = None,
    officers: Iterable[Person] = (),
    commitments: Iterable[Clause] | None = None,
    by: Person | None = None,
) -> Meeting:
    """A new meeting with the standing agenda of 3.2.1, invitations to every board member and
    the named officers, and its change recorded for the reminders. It serves `commitments`; if none
    are given, a review of the series serves 3.2.1 and 3.5. Each standing item serves 3.2.1."""
    with transaction.atomic():
        meeting = Meeting(
            partnership=partnership,
            series=series,
            series_number=series_number,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            host=host,
            papers_deadline=papers_deadline,
            location=location,
            online_url=online_url,
        )
        # Two admins may give a hand-made review the same place in the series at once.
        with unique_or_invalid(meeting):
            meeting.save()
        if commitments is None:
            commitments = clauses_numbered(partnership, REVIEW_CLAUSES) if series is not None else []
        done_by(meeting, by)
        meeting.commitments.set(commitments)
        standing = AgendaItem.objects.bulk_create(
            [
                AgendaItem(meeting=meeting, title=title, position=position, is_standing=True)
                for position, title in enumerate(STANDING_AGENDA, start=1)
            ]
        )
        link_standing_items(standing)
        sync_invitations(meeting)
        invite_officers(meeting, officers=officers)
        _record(meeting, MeetingChange.Event.SCHEDULED, [], by)
    return meeting


def link_standing_items(items: list[AgendaItem]) -> None:
    """Standing items of the reviews serve 3.2.1 of their partnership's current agreement."""
    if not items:
        return
    clauses = clauses_numbered(items[0].meeting.partnership, STANDING_CLAUSES)
    AgendaItem.commitments.through.objects.bulk_create(
        [
            AgendaItem.commitments.through(agendaitem=item, clause=clause)
            for item in items
            for clause in clauses
        ],
        ignore_conflicts=True,
    )


def schedule_series(*, series: MeetingSeries, count: int = 2, by: Person | None = None) -> list[Meeting]:
    """Puts the series' next `count` meetings on the calendar, unless they already are (safe to run
    again; a meeting moved or cancelled keeps its place in the series)."""
    made = []
    now = timezone.now()
    with transaction.atomic():
        existing = set(series.meetings.values_list("series_number", flat=True))
        number = upcoming = 0
        while upcoming < count:
            starts_at = series.starts_at(number)
            if starts_at > now:
                upcoming += 1
                if number not in existing:
                    made.append(
                        schedule_meeting(
                            partnership=series.partnership,
                            series=series,
                            series_number=number,
                            title=series.title,
                            starts_at=starts_at,
                            ends_at=starts_at + timedelta(minutes=series.duration_minutes),
                            host=series.host(number),
                            papers_deadline=series.papers_deadline(starts_at),
                            location=series.location,
                            online_url=series.online_url,
                            by=by,
                        )
                    )
            number += 1
    return made


def save_series(
    series: MeetingSeries | None, *, partnership: Partnership, by: Person, **values: Any
) -> tuple[MeetingSeries, list[Meeting]]:
    """The partnership's series, new or changed, and its next two meetings put on the calendar
    (see schedule_series), together. Saves of one partnership's series wait for one another; a new
    series saved just after another changes that one."""
    with transaction.atomic():
        Partnership.objects.select_for_update().only("pk").get(pk=partnership.pk)
        series = series or partnership.meeting_series.first() or MeetingSeries(partnership=partnership)
        series = save_record(series, values, by=by)
        made = schedule_series(series=series, count=2, by=by)
    return series, made


def update_meeting(meeting: Meeting, *, by: Person | None = None, **values: Any) -> Meeting:
    """Change a meeting's time, place or details. A new time is a reschedule; anything else an update.
    Nothing changed, nothing recorded. Not once the meeting has started."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        refuse_once_started(meeting, so=RESCHEDULE_REFUSED)
        changes = []
        for field, new in values.items():
            old = getattr(meeting, field)
            if old != new:
                changes.append(
                    {
                        "field": field,
                        "label": LABELS.get(field, field),
                        "old": _shown(old),
                        "new": _shown(new),
                        # The moments themselves, for the email to say what moved ("Moved to 1pm").
                        **(
                            {"old_at": old.isoformat(), "new_at": new.isoformat()}
                            if isinstance(new, datetime)
                            else {}
                        ),
                    }
                )
                setattr(meeting, field, new)
        if not changes:
            return meeting
        meeting.sequence += 1
        meeting.save()
        moved = any(c["field"] in TIMING_FIELDS for c in changes)
        _record(
            meeting, MeetingChange.Event.RESCHEDULED if moved else MeetingChange.Event.UPDATED, changes, by
        )
    return meeting


def reschedule_meeting(
    meeting: Meeting, *, starts_at: datetime, ends_at: datetime, by: Person | None = None, **details: Any
) -> Meeting:
    return update_meeting(meeting, starts_at=starts_at, ends_at=ends_at, by=by, **details)


def change_meeting(
    meeting: Meeting,
    *,
    officers: Iterable[Person],
    commitments: Iterable[Clause] | None = None,
    by: Person,
    **values: Any,
) -> Meeting:
    """A meeting's time, place or details (see update_meeting), its named officers and the clauses
    it serves, changed together: all saved, or none."""
    with transaction.atomic():
        meeting = update_meeting(meeting, by=by, **values)
        set_officers(meeting, officers=officers)
        if commitments is not None:
            done_by(meeting, by)
            meeting.commitments.set(commitments)
    return meeting


def cancel_meeting(meeting: Meeting, *, by: Person | None = None, reason: str = "") -> Meeting:
    """Everyone invited is told; not once the meeting has started."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.is_cancelled:
            return meeting
        refuse_once_started(meeting, so=CANCEL_REFUSED)
        meeting.status = Meeting.Status.CANCELLED
        meeting.sequence += 1
        meeting.save(update_fields=["status", "sequence"])
        changes = [{"field": "status", "label": "Status", "old": "Scheduled", "new": "Cancelled"}]
        if reason:
            changes.append({"field": "reason", "label": "Reason", "old": "", "new": reason})
        _record(meeting, MeetingChange.Event.CANCELLED, changes, by)
    return meeting


def move_agenda_item(item: AgendaItem, *, direction: str) -> list[AgendaItem]:
    """Swap the item with its neighbour ("up" or "down"); returns the agenda in its new order."""
    refuse_once_started(item.meeting, so=AGENDA_REFUSED)
    with transaction.atomic():
        items = list(AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
        for position, agenda_item in enumerate(items, start=1):
            agenda_item.position = position
        AgendaItem.objects.bulk_update(items, ["position"])
    return items


def remove_agenda_item(item: AgendaItem, *, by: Person) -> list[AgendaItem]:
    """Take an item off the agenda with its papers; the rest close up. Standing items stay (3.2.1)."""
    if item.is_standing:
        raise ValidationError("A standing item is on every review (clause 3.2.1), so it cannot be removed.")
    refuse_once_started(item.meeting, so=AGENDA_REFUSED)
    with transaction.atomic():
        items = list(AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id))
        done_by(item, by)
        delete_files_on_commit(item.papers.all())
        item.delete()
        rest = [other for other in items if other.pk != item.pk]
        for position, agenda_item in enumerate(rest, start=1):
            agenda_item.position = position
        AgendaItem.objects.bulk_update(rest, ["position"])
    return rest


def add_agenda_item(meeting: Meeting, *, by: Person | None = None, **fields: Any) -> AgendaItem:
    """An item at the end of the agenda, with the clauses it serves (`commitments`)."""
    with transaction.atomic():
        # Items added at the same moment wait for one another, so each goes after the last.
        locked = Meeting.objects.select_for_update().only("pk", "starts_at").get(pk=meeting.pk)
        refuse_once_started(locked, so=AGENDA_REFUSED)
        last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
        return save_record(AgendaItem(meeting=meeting, position=last + 1), fields, by=by)


def change_agenda_item(item: AgendaItem, *, by: Person, **fields: Any) -> AgendaItem:
    """An item's title, description, presenter, project and the clauses it serves, saved together."""
    refuse_once_started(item.meeting, so=AGENDA_REFUSED)
    with transaction.atomic():
        return save_record(item, fields, by=by)


def upload_paper(item: AgendaItem, *, title: str, file: UploadedFile, by: Person) -> Paper:
    """A paper for an agenda item, kept under its original name and type; one uploaded after the
    meeting's papers deadline shows as late."""
    paper = Paper(
        agenda_item=item,
        title=title,
        file=file,
        original_name=file.name or "",
        content_type=file.content_type or "",
        size=file.size,  # type: ignore[misc]  # an upload always has its size
        uploaded_by=by,
    )
    with transaction.atomic():
        return save_record(paper, {}, by=by)


def remove_paper(paper: Paper, *, by: Person) -> None:
    """Withdraw a paper uploaded by mistake: the people who may upload the item's papers take one
    back until the meeting starts; from then papers are the record of what it discussed. Its file is
    deleted from storage once the removal is saved (kept if it is not); its history keeps what it
    was, who uploaded it and who removed it, and when."""
    item = paper.agenda_item
    if not item.may_add_papers(by):
        raise PermissionDenied("Only admins, officers and the item's presenter remove its papers.")
    refuse_once_started(item.meeting, so=PAPERS_REFUSED)
    with transaction.atomic():
        # Removed twice at once: the second finds nothing left to remove.
        locked = Paper.objects.select_for_update().filter(pk=paper.pk).first()
        if locked is None:
            return
        done_by(locked, by)
        delete_files_on_commit([locked])
        locked.delete()


def delete_files_on_commit(papers: Iterable[Paper]) -> None:
    """The papers' files leave storage once their rows' removal is saved; a rollback keeps them."""
    files = [(paper.file.storage, paper.file.name) for paper in papers]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


def answer_invitation(
    meeting: Meeting, *, person: Person, response: str, substitute_name: str = ""
) -> Invitation:
    if meeting.is_past:
        raise ValidationError("The meeting has taken place, so answers to its invitation are closed.")
    with transaction.atomic():
        sync_invitations(meeting)
        invitation = Invitation.objects.select_for_update().get(meeting=meeting, person=person)
        invitation.response = response
        invitation.substitute_name = substitute_name if response == Invitation.Response.SUBSTITUTE else ""
        invitation.responded_at = timezone.now()
        invitation.save()
    return invitation


def record_attendance(meeting: Meeting, *, attended_ids: Iterable[int | str]) -> None:
    """Everyone invited is marked present or absent in one go, from the meeting's day (London time)."""
    if not meeting.attendance_is_open:
        raise ValidationError(
            f"Attendance can be recorded from the day of the meeting, {weekday(meeting.starts_at)}."
        )
    attended_ids = {int(pk) for pk in attended_ids}
    with transaction.atomic():
        sync_invitations(meeting)
        invitations = list(meeting.invitations.select_for_update().order_by("pk"))
        for invitation in invitations:
            invitation.attended = invitation.pk in attended_ids
        Invitation.objects.bulk_update(invitations, ["attended"])


def save_minutes(meeting: Meeting, *, text: str, by: Person) -> Minutes:
    with transaction.atomic():
        minutes, created = Minutes.objects.get_or_create(
            meeting=meeting, defaults={"text": text, "drafted_by": by}
        )
        if not created:
            minutes.text = text
            minutes.drafted_by = by
            minutes.drafted_at = timezone.now()
            minutes.save()
    return minutes


def approve_minutes(minutes: Minutes, *, at_meeting: Meeting, on: date) -> Minutes:
    minutes.approved_at_meeting = at_meeting
    minutes.approved_on = on
    minutes.save(update_fields=["approved_at_meeting", "approved_on"])
    return minutes


def add_proposal(*, partnership: Partnership, by: Person, **values: Any) -> Proposal:
    """A proposal for each board to decide (3.1), with the commitments it serves."""
    with transaction.atomic():
        return save_record(Proposal(partnership=partnership, created_by=by), values, by=by)


def record_priority(meeting: Meeting, *, by: Person, **values: Any) -> Priority:
    """A priority the meeting agreed, with the commitments it serves."""
    with transaction.atomic():
        return save_record(Priority(meeting=meeting), values, by=by)


def add_action(meeting: Meeting, *, by: Person, **values: Any) -> Action:
    """An action agreed at the meeting, for its owner to carry out by its due date."""
    with transaction.atomic():
        return save_record(Action(meeting=meeting), values, by=by)


def update_action(action: Action, *, by: Person, **values: Any) -> Action:
    """An action's progress (its status), or its details, changed by its owner, their organisation's
    officers or an admin (Action.may_edit, which the caller checked)."""
    with transaction.atomic():
        return save_record(action, values, by=by)


def record_decision(
    proposal: Proposal,
    *,
    board: Board,
    outcome: str,
    decided_on: date | None,
    reference: str = "",
    note: str = "",
    by: Person,
) -> Decision:
    """Clause 3.1: each board decides by its own process; only its secretary or an admin of its own
    organisation records it."""
    if not by.can_record_decision_for(board):
        raise PermissionDenied(
            "Only the board's secretary or a partnership admin of its organisation records its decision."
        )
    if not proposal.partnership.parties.filter(pk=board.organisation_id).exists():
        raise ValueError(f"{board} is not the board of a party to {proposal.partnership}.")
    with transaction.atomic():
        decision, _ = Decision.objects.update_or_create(
            proposal=proposal,
            board=board,
            defaults={
                "outcome": outcome,
                "decided_on": decided_on,
                "reference": reference,
                "note": note,
                "recorded_by": by,
                "recorded_at": timezone.now(),
            },
        )
    return decision
