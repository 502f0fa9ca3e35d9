"""Admins schedule the six-monthly reviews (3.2.1); every change is recorded for the reminders."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import IntegrityError
from django.utils import timezone

from meetings.models import STANDING_AGENDA, Invitation, Meeting, MeetingChange, MeetingSeries
from meetings.services import cancel_meeting, reschedule_meeting, schedule_series, update_meeting
from partnership.models import Membership
from tests.factories import PersonFactory
from tests.meetings.factories import MeetingFactory


def test_a_new_meeting_has_the_standing_agenda_and_invites_both_boards(
    meeting, hlep_board_member, cpca_board_member
):
    assert [item.title for item in meeting.agenda_items.all()] == STANDING_AGENDA
    assert set(meeting.invitees()) == {hlep_board_member, cpca_board_member}
    assert set(meeting.invitations.values_list("kind", flat=True)) == {Invitation.Capacity.BOARD_MEMBER}
    change = meeting.changes.get()
    assert change.kind == MeetingChange.Event.SCHEDULED


def test_invitees_follow_the_boards_and_the_named_officers(meeting, hlep, hlep_officer, hlep_board_member):
    Invitation.objects.create(meeting=meeting, person=hlep_officer, kind=Invitation.Capacity.OFFICER)
    joined = PersonFactory(roles=[(hlep, Membership.Role.BOARD_MEMBER)])
    hlep_board_member.is_active = False
    hlep_board_member.save()
    assert hlep_officer in meeting.invitees()
    assert joined in meeting.invitees()
    assert hlep_board_member not in meeting.invitees()


def test_rescheduling_moves_the_meeting_raises_its_sequence_and_records_old_and_new(meeting, admin_person):
    new_start = meeting.starts_at + timedelta(days=7)
    reschedule_meeting(meeting, starts_at=new_start, ends_at=new_start + timedelta(hours=2), by=admin_person)
    meeting.refresh_from_db()
    assert meeting.starts_at == new_start
    assert meeting.sequence == 1
    change = meeting.changes.first()
    assert change.kind == MeetingChange.Event.RESCHEDULED
    assert change.by == admin_person
    assert [c["field"] for c in change.changes] == ["starts_at", "ends_at"]
    assert change.changes[0]["old"] != change.changes[0]["new"]


def test_changing_the_place_is_an_update_and_no_change_records_nothing(meeting, admin_person):
    update_meeting(meeting, location="Alconbury Weald", by=admin_person)
    update_meeting(meeting, location="Alconbury Weald", by=admin_person)
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert list(meeting.changes.values_list("kind", flat=True)) == ["updated", "scheduled"]


def test_cancelling_marks_the_meeting_and_records_the_reason_once(meeting, admin_person):
    cancel_meeting(meeting, by=admin_person, reason="Purdah")
    cancel_meeting(meeting, by=admin_person)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert meeting.sequence == 1
    assert meeting.changes.filter(kind=MeetingChange.Event.CANCELLED).count() == 1


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=timezone.get_default_timezone()), tick=False)
def test_a_series_every_six_months_alternates_hosts_and_keeps_local_time(partnership, hlep, cpca):
    series = MeetingSeries.objects.create(
        partnership=partnership,
        first_starts_at=timezone.make_aware(datetime(2025, 3, 31, 10)),
        first_host=cpca,
        location="Alconbury Weald",
    )
    made = schedule_series(series=series, count=3)
    local = [timezone.localtime(m.starts_at) for m in made]
    assert [(t.year, t.month, t.day, t.hour) for t in local] == [
        (2026, 3, 31, 10),
        (2026, 9, 30, 10),
        (2027, 3, 31, 10),
    ]
    # Meeting 0 (March 2025) was CPCA's, so 2026's March meeting is CPCA's turn again.
    assert [m.host for m in made] == [cpca, hlep, cpca]
    deadlines = [timezone.localtime(m.papers_deadline) for m in made]
    assert [(t.month, t.day, t.hour) for t in deadlines] == [(3, 24, 17), (9, 23, 17), (3, 24, 17)]
    assert schedule_series(series=series, count=3) == []
    assert series.meetings.count() == 3


def test_a_series_with_no_days_notice_has_papers_due_when_the_meeting_starts(partnership, cpca):
    series = MeetingSeries.objects.create(
        partnership=partnership,
        first_starts_at=timezone.now() + timedelta(days=30),
        first_host=cpca,
        location="Alconbury Weald",
        papers_due_days=0,
    )
    [meeting] = schedule_series(series=series, count=1)
    assert meeting.papers_deadline <= meeting.starts_at


def test_a_meeting_cannot_end_before_it_starts(partnership, hlep):
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(IntegrityError):
        MeetingFactory(
            partnership=partnership, host=hlep, starts_at=start, ends_at=start - timedelta(hours=1)
        )
