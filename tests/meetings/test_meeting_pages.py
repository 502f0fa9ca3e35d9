"""An admin schedules, reschedules and cancels meetings through the pages; bad input saves nothing."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from meetings.models import Invitation, Meeting, MeetingChange, MeetingSeries
from tests.meetings.factories import ActionFactory, AgendaItemFactory, MeetingFactory, PriorityFactory


def meeting_form(on, hlep, starts="10:00", ends="12:00", papers_due=None, **extra):
    papers_due = papers_due or on - timedelta(days=7)
    return {
        "title": "Six-monthly review",
        "on_0": on.day,
        "on_1": on.month,
        "on_2": on.year,
        "starts": starts,
        "ends": ends,
        "host": hlep.pk,
        "location": "Council Chamber, Hertford",
        "online_url": "",
        "papers_due_on_0": papers_due.day,
        "papers_due_on_1": papers_due.month,
        "papers_due_on_2": papers_due.year,
        **extra,
    }


@pytest.fixture
def in_a_month():
    return timezone.localdate() + timedelta(days=30)


def test_an_admin_schedules_a_one_off_meeting_with_named_officers(
    admin_client_, hlep, in_a_month, hlep_officer, hlep_board_member, cpca_board_member
):
    response = admin_client_.post(
        "/meetings/new/", meeting_form(in_a_month, hlep, officers=[hlep_officer.pk])
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert timezone.localtime(meeting.starts_at).hour == 10
    assert timezone.localtime(meeting.papers_deadline).date() == in_a_month - timedelta(days=7)
    assert set(meeting.invitees()) == {hlep_officer, hlep_board_member, cpca_board_member}
    assert meeting.invitations.get(person=hlep_officer).kind == Invitation.Capacity.OFFICER
    assert meeting.changes.get().kind == MeetingChange.Event.SCHEDULED


@pytest.mark.parametrize(
    "change, error",
    [
        ({"starts": "14:00", "ends": "13:00"}, "The end time must be after the start time"),
        ({"on_2": 2020}, "The meeting must be in the future"),
        ({"starts": "25:99"}, "Enter the start time as hours and minutes"),
        ({"location": ""}, "Enter a place or an online meeting link"),
    ],
)
def test_bad_meeting_details_are_refused_with_an_error_summary(
    admin_client_, hlep, in_a_month, change, error
):
    response = admin_client_.post("/meetings/new/", {**meeting_form(in_a_month, hlep), **change})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert error in page
    assert not Meeting.objects.exists()


def test_papers_must_be_due_before_the_meeting(admin_client_, hlep, in_a_month):
    response = admin_client_.post("/meetings/new/", meeting_form(in_a_month, hlep, papers_due=in_a_month))
    assert "Papers must be due before the meeting starts" in response.content.decode()
    assert not Meeting.objects.exists()


def test_an_admin_reschedules_a_meeting_and_the_change_is_shown(admin_client_, meeting, hlep):
    later = timezone.localtime(meeting.starts_at).date() + timedelta(days=7)
    response = admin_client_.post(
        f"/meetings/{meeting.pk}/edit/", meeting_form(later, hlep, starts="14:00", ends="16:00")
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at).date() == later
    assert meeting.sequence == 1
    assert meeting.changes.first().kind == MeetingChange.Event.RESCHEDULED
    page = admin_client_.get(meeting.get_absolute_url()).content.decode()
    assert "Rescheduled" in page


def test_an_admin_cancels_a_meeting_with_a_reason(admin_client_, meeting):
    response = admin_client_.post(f"/meetings/{meeting.pk}/cancel/", {"reason": "Pre-election period"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    change = meeting.changes.first()
    assert change.kind == MeetingChange.Event.CANCELLED
    assert change.changes[-1]["new"] == "Pre-election period"
    assert admin_client_.get(f"/meetings/{meeting.pk}/edit/").status_code == 403


def test_an_admin_sets_up_the_series_and_its_next_two_meetings_are_scheduled(
    admin_client_, partnership, cpca
):
    first = timezone.localdate() + timedelta(days=20)
    response = admin_client_.post(
        "/meetings/series/",
        {
            "title": "Six-monthly review",
            "first_on_0": first.day,
            "first_on_1": first.month,
            "first_on_2": first.year,
            "first_at": "10:00",
            "interval_months": 6,
            "duration_minutes": 120,
            "first_host": cpca.pk,
            "location": "Alconbury Weald",
            "papers_due_days": 7,
        },
    )
    assert response.status_code == 302
    series = MeetingSeries.objects.get()
    assert series.meetings.count() == 2
    page = admin_client_.get("/meetings/").content.decode()
    assert "Alconbury Weald" in page
    assert "every 6 months" in page


def test_the_meeting_page_runs_the_same_queries_however_full_the_meeting(
    board_client, meeting, hlep, hlep_board_member, commitment, django_assert_num_queries
):
    def fill(n):
        for _ in range(n):
            item = AgendaItemFactory(meeting=meeting, presenter=hlep_board_member)
            ActionFactory(meeting=meeting, agenda_item=item, owner=hlep_board_member, owner_organisation=hlep)
            PriorityFactory(meeting=meeting).commitments.add(commitment)

    fill(1)
    # 20: the meeting's history includes the clauses it serves (one query for their changes).
    with django_assert_num_queries(20):
        board_client.get(meeting.get_absolute_url())
    fill(10)
    with django_assert_num_queries(20):
        board_client.get(meeting.get_absolute_url())


def test_a_held_meeting_keeps_its_date_and_place_when_an_admin_tries_to_change_them(
    admin_client_, meeting, hlep
):
    """Once held, a meeting is what happened: it is not rescheduled, not even to correct its place."""
    # At a fixed hour: a meeting held late in the evening would end on the next day.
    held = timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=30), time(10)))
    meeting.starts_at, meeting.ends_at = held, held + timedelta(hours=2)
    meeting.papers_deadline = held - timedelta(days=7)
    meeting.save()
    form = meeting_form(held.date(), hlep, location="Hertford Theatre")
    response = admin_client_.post(f"/meetings/{meeting.pk}/edit/", form)
    assert response.status_code == 403
    assert "The meeting has started" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.location == "Council Chamber, Hertford"
    assert meeting.starts_at == held


def test_the_calendar_page_runs_the_same_queries_however_many_meetings(
    board_client, partnership, hlep, django_assert_num_queries
):
    def make(n, start):
        for days in range(start, start + n):
            MeetingFactory(
                partnership=partnership, host=hlep, starts_at=timezone.now() + timedelta(days=days * 40)
            )

    make(2, 1)
    with django_assert_num_queries(11):
        board_client.get("/meetings/")
    make(12, 3)
    with django_assert_num_queries(11):
        board_client.get("/meetings/")
