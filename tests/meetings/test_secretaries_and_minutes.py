"""Meetings behave as a secretary expects (3.2.1): a review scheduled by hand joins the six-monthly
series, each board's secretary is invited, and each meeting's minutes are offered for approval at
the next held meeting only."""

import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings.models import Invitation, Meeting, MeetingSeries
from meetings.services import cancel_meeting, save_minutes, schedule_meeting, schedule_series
from tests.meetings.factories import schedule

JANUARY_2026 = datetime(2026, 1, 10, 9, tzinfo=timezone.get_default_timezone())


def meeting_form(on: date, hlep, **extra) -> dict:
    papers_due = on - timedelta(days=7)
    return {
        "title": "Six-monthly review",
        "on_0": on.day,
        "on_1": on.month,
        "on_2": on.year,
        "starts": "10:00",
        "ends": "12:00",
        "host": hlep.pk,
        "location": "Council Chamber, Hertford",
        "online_url": "",
        "papers_due_on_0": papers_due.day,
        "papers_due_on_1": papers_due.month,
        "papers_due_on_2": papers_due.year,
        **extra,
    }


@pytest.fixture
def series(partnership, cpca):
    """Every six months from 31 March 2025, 10am."""
    return MeetingSeries.objects.create(
        partnership=partnership,
        first_starts_at=timezone.make_aware(datetime(2025, 3, 31, 10)),
        first_host=cpca,
        location="Alconbury Weald",
    )


@time_machine.travel(JANUARY_2026, tick=False)
def test_the_schedule_form_offers_to_join_the_series_ticked(admin_client_, series):
    page = admin_client_.get("/meetings/new/").content.decode()
    [checkbox] = re.findall(r"<input[^>]*name=\"join_series\"[^>]*>", page)
    assert "checked" in checkbox


@time_machine.travel(JANUARY_2026, tick=False)
def test_a_review_scheduled_by_hand_takes_its_place_in_the_series(admin_client_, series, hlep):
    admin_client_.post("/meetings/new/", meeting_form(date(2026, 2, 16), hlep))
    assert Meeting.objects.get().series is None  # left unticked: a one-off
    response = admin_client_.post("/meetings/new/", meeting_form(date(2026, 4, 2), hlep, join_series="on"))
    assert response.status_code == 302
    meeting = Meeting.objects.get(starts_at__month=4)
    assert meeting.series == series
    assert meeting.series_number == 2  # the 31 March 2026 meeting
    made = schedule_series(series=series, count=2)
    assert [m.series_number for m in made] == [3]
    assert series.meetings.count() == 2
    assert Meeting.objects.count() == 3


@time_machine.travel(JANUARY_2026, tick=False)
def test_a_series_slot_already_on_the_calendar_is_refused_on_the_form(admin_client_, series, hlep):
    schedule_series(series=series, count=1)
    response = admin_client_.post("/meetings/new/", meeting_form(date(2026, 4, 2), hlep, join_series="on"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "The series already has its meeting for 31 March 2026" in page
    assert Meeting.objects.count() == 1


@time_machine.travel(JANUARY_2026, tick=False)
def test_a_series_slot_taken_between_the_check_and_the_save_is_an_error_not_a_500(series, hlep):
    """Two admins give hand-made reviews the same place in the series at once: the form's check
    passed for both, and the database's rule refuses the second as a form error."""
    (taken,) = schedule_series(series=series, count=1)
    starts_at = timezone.make_aware(datetime(2026, 4, 2, 10))
    with pytest.raises(ValidationError):
        schedule_meeting(
            partnership=series.partnership,
            title="Six-monthly review",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            host=hlep,
            papers_deadline=starts_at - timedelta(days=7),
            series=series,
            series_number=taken.series_number,
        )
    assert Meeting.objects.count() == 1


def test_each_boards_secretary_is_invited_once(
    partnership, hlep, cpca, hlep_board_member, cpca_board_member, hlep_secretary, admin_person
):
    # CPCA's secretary also sits on CPCA's board: one invitation, as a board member.
    cpca.board.secretary = cpca_board_member
    cpca.board.save()
    meeting = schedule(partnership, hlep, by=admin_person)
    invitations = {i.person: i for i in meeting.invitations.all()}
    assert set(invitations) == {hlep_board_member, cpca_board_member, hlep_secretary}
    assert invitations[hlep_secretary].kind == Invitation.Capacity.SECRETARY
    assert invitations[hlep_secretary].board is None  # a secretary does not count towards quorum
    assert invitations[cpca_board_member].kind == Invitation.Capacity.BOARD_MEMBER
    assert set(meeting.invitees()) == {hlep_board_member, cpca_board_member, hlep_secretary}


def test_a_secretary_named_after_scheduling_answers_their_invitation(client, meeting, cpca_secretary):
    client.force_login(cpca_secretary)
    response = client.post(f"/meetings/{meeting.pk}/answer/", {"response": "attending"})
    assert response.status_code == 302
    invitation = meeting.invitations.get(person=cpca_secretary)
    assert invitation.kind == Invitation.Capacity.SECRETARY
    assert invitation.response == Invitation.Response.ATTENDING


@time_machine.travel(JANUARY_2026, tick=False)
def test_a_meetings_minutes_are_offered_at_the_next_held_meeting_only(
    partnership, hlep, admin_person, admin_client_
):
    """July's minutes are approved in January; the following July approves January's, not July's,
    unless January is cancelled."""
    local = timezone.get_default_timezone()
    july = schedule(partnership, hlep, starts_at=datetime(2025, 7, 1, 10, tzinfo=local))
    january = schedule(partnership, hlep, starts_at=datetime(2026, 1, 20, 10, tzinfo=local))
    next_july = schedule(partnership, hlep, starts_at=datetime(2026, 7, 1, 10, tzinfo=local))
    july_minutes = save_minutes(july, text="Draft minutes of July.", by=admin_person)
    offered = "are to be approved at this meeting"
    assert offered in admin_client_.get(january.get_absolute_url()).content.decode()
    assert offered not in admin_client_.get(next_july.get_absolute_url()).content.decode()
    assert offered not in admin_client_.get(july.get_absolute_url()).content.decode()
    assert january.minutes_to_approve() == july_minutes
    assert next_july.minutes_to_approve() is None

    cancel_meeting(january, by=admin_person, reason="Purdah")
    assert offered in admin_client_.get(next_july.get_absolute_url()).content.decode()
    assert next_july.minutes_to_approve() == july_minutes


@time_machine.travel(JANUARY_2026, tick=False)
def test_minutes_are_recorded_as_approved_only_at_the_next_held_meeting(
    partnership, hlep, admin_person, admin_client_
):
    local = timezone.get_default_timezone()
    july = schedule(partnership, hlep, starts_at=datetime(2025, 7, 1, 10, tzinfo=local))
    january = schedule(partnership, hlep, starts_at=datetime(2026, 1, 20, 10, tzinfo=local))
    next_july = schedule(partnership, hlep, starts_at=datetime(2026, 7, 1, 10, tzinfo=local))
    minutes = save_minutes(july, text="Draft minutes of July.", by=admin_person)
    approval = {"on_0": 9, "on_1": 1, "on_2": 2026}
    response = admin_client_.post(
        f"/meetings/{july.pk}/minutes/approve/", {"at_meeting": next_july.pk, **approval}
    )
    assert "govuk-error-summary" in response.content.decode()
    minutes.refresh_from_db()
    assert not minutes.is_approved
    response = admin_client_.post(
        f"/meetings/{july.pk}/minutes/approve/", {"at_meeting": january.pk, **approval}
    )
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.approved_at_meeting == january
