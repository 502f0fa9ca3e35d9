"""A meeting's reminders are planned as rows in the transaction that schedules, moves or cancels it."""

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from meetings.models import Action
from meetings.services import cancel_meeting, reschedule_meeting
from partnership.models import Organisation
from reminders import kinds
from reminders.kinds import ReminderKind
from reminders.models import KindSetting, Reminder
from reminders.services import plan_before, plan_now, plan_scanned
from tests.meetings.factories import ActionFactory, schedule

pytestmark = pytest.mark.django_db


def planned(meeting, kind=None):
    reminders = Reminder.objects.for_record(meeting).filter(status=Reminder.Status.PLANNED)
    if kind:
        reminders = reminders.filter(kind=kind)
    return reminders


def days_before(meeting, kind="meeting_upcoming"):
    return sorted((r.context["days_before"] for r in planned(meeting, kind)), reverse=True)


def test_scheduling_a_meeting_plans_the_invitation_and_reminders_28_7_and_1_days_before(meeting):
    invitation = planned(meeting, "meeting_scheduled").get()
    assert invitation.due_at <= timezone.now()
    assert invitation.partnership == meeting.partnership
    assert days_before(meeting) == [28, 7, 1]
    first = planned(meeting, "meeting_upcoming").order_by("due_at").first()
    assert timezone.localtime(first.due_at).date() == timezone.localdate(meeting.starts_at) - timedelta(
        days=28
    )
    assert timezone.localtime(first.due_at).hour == 8
    assert days_before(meeting, "papers_due") == [3]


def test_reminders_already_past_are_not_planned(partnership, hlep, board_members):
    meeting = schedule(partnership, hlep, days_ahead=5)
    assert days_before(meeting) == [1]


def test_no_reminder_is_planned_when_the_change_itself_is_rolled_back(partnership, hlep, board_members):
    with pytest.raises(RuntimeError), transaction.atomic():
        schedule(partnership, hlep)
        raise RuntimeError("the meeting could not be saved")
    assert not Reminder.objects.exists()


def test_an_admin_changes_the_offsets_without_touching_code(partnership, hlep, board_members):
    KindSetting.objects.create(partnership=partnership, kind="meeting_upcoming", offsets_days="14, 2")
    meeting = schedule(partnership, hlep)
    assert days_before(meeting) == [14, 2]


def test_an_admin_can_switch_off_an_optional_kind_but_not_the_invitation(partnership, hlep, board_members):
    KindSetting.objects.create(partnership=partnership, kind="meeting_upcoming", enabled=False)
    KindSetting.objects.create(partnership=partnership, kind="meeting_scheduled", enabled=False)
    meeting = schedule(partnership, hlep)
    assert not planned(meeting, "meeting_upcoming").exists()
    assert planned(meeting, "meeting_scheduled").exists()


def test_rescheduling_cancels_the_stale_reminders_and_plans_new_ones(meeting, admin_person):
    stale = set(planned(meeting, "meeting_upcoming").values_list("pk", flat=True))
    new_start = meeting.starts_at + timedelta(days=21)
    reschedule_meeting(meeting, starts_at=new_start, ends_at=new_start + timedelta(hours=2), by=admin_person)

    assert set(Reminder.objects.filter(pk__in=stale).values_list("status", flat=True)) == {"cancelled"}
    notice = planned(meeting, "meeting_changed").get()
    assert notice.context["change"] == "rescheduled"
    assert notice.context["sequence"] == 1
    assert [c["field"] for c in notice.context["changes"]] == ["starts_at", "ends_at"]
    assert days_before(meeting) == [28, 7, 1]
    assert {r.context["anchor"] for r in planned(meeting, "meeting_upcoming")} == {new_start.isoformat()}


def test_cancelling_cancels_everything_planned_and_plans_the_cancellation_notice(meeting, admin_person):
    cancel_meeting(meeting, by=admin_person, reason="Not quorate")
    assert list(planned(meeting).values_list("kind", flat=True)) == ["meeting_cancelled"]
    assert planned(meeting).get().context["changes"][-1]["new"] == "Not quorate"


def test_actions_due_soon_or_overdue_are_reminded_at_most_once_a_week(meeting, hlep_board_member, hlep):
    due_soon = ActionFactory(
        meeting=meeting, owner=hlep_board_member, due_date=timezone.localdate() + timedelta(days=3)
    )
    overdue = ActionFactory(
        meeting=meeting, owner=hlep_board_member, due_date=timezone.localdate() - timedelta(days=2)
    )
    ActionFactory(
        meeting=meeting, owner=hlep_board_member, due_date=timezone.localdate() + timedelta(days=30)
    )
    ActionFactory(
        meeting=meeting,
        owner=hlep_board_member,
        due_date=timezone.localdate() - timedelta(days=2),
        status=Action.Status.DONE,
    )

    assert plan_scanned() == 2
    assert {r.object_id for r in Reminder.objects.filter(kind="action_due")} == {due_soon.pk, overdue.pk}
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert plan_scanned() == 0
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert plan_scanned() == 2


def test_another_feature_registers_its_own_kind_and_plans_with_it(monkeypatch, partnership, hlep):
    """What the consultations and funding issues will do: register a kind, then plan."""
    kind = ReminderKind(
        name="organisation_review",
        label="Organisation review",
        record_model="partnership.Organisation",
        recipients=lambda organisation: organisation.board.members,
        partnership=lambda organisation: organisation.partnerships.first(),
        reason="You sit on this organisation's board.",
        anchor=lambda organisation: timezone.localdate() + timedelta(days=20),
        default_offsets=(14, 3, 1),
    )
    monkeypatch.setitem(kinds._KINDS, kind.name, kind)
    with transaction.atomic():
        plan_now("organisation_review", hlep)
        plan_before("organisation_review", hlep)
    reminders = Reminder.objects.for_record(Organisation.objects.get(pk=hlep.pk))
    assert sorted(r.context.get("days_before", 0) for r in reminders) == [0, 1, 3, 14]
    assert {r.partnership for r in reminders} == {partnership}


def test_a_site_admin_sets_the_days_before_a_meeting_in_djangos_admin(
    admin_client, partnership, hlep, board_members
):
    response = admin_client.post(
        "/django-admin/reminders/kindsetting/add/",
        {"partnership": partnership.pk, "kind": "meeting_upcoming", "enabled": "on", "offsets_days": "21,2"},
    )
    assert response.status_code == 302
    meeting = schedule(partnership, hlep)
    assert days_before(meeting) == [21, 2]
