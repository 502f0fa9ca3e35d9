"""Actions from a meeting or an agenda item, and the action log across meetings."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.models import Action
from tests.meetings.factories import ActionFactory, MeetingFactory


def action_form(meeting, owner, organisation, due, **extra):
    return {
        "description": "Draft the joint skills bid",
        "agenda_item": meeting.agenda_items.first().pk,
        "owner": owner.pk,
        "owner_organisation": organisation.pk,
        "due_date_0": due.day,
        "due_date_1": due.month,
        "due_date_2": due.year,
        **extra,
    }


def test_an_officer_adds_an_action_from_an_agenda_item(officer_client, meeting, hlep, hlep_officer):
    due = timezone.localdate() + timedelta(days=40)
    response = officer_client.post(
        f"/meetings/{meeting.pk}/actions/new/", action_form(meeting, hlep_officer, hlep, due)
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.owner, action.owner_organisation, action.due_date) == (hlep_officer, hlep, due)
    assert action.agenda_item == meeting.agenda_items.first()
    assert action.status == Action.Status.OPEN


def test_the_owners_organisation_must_be_theirs(officer_client, meeting, cpca, hlep_officer):
    due = timezone.localdate() + timedelta(days=40)
    response = officer_client.post(
        f"/meetings/{meeting.pk}/actions/new/", action_form(meeting, hlep_officer, cpca, due)
    )
    assert "does not work for CPCA" in response.content.decode()
    assert not Action.objects.exists()


def test_overdue_and_due_soon(meeting, hlep, hlep_officer):
    today = timezone.localdate()
    late = ActionFactory(meeting=meeting, owner=hlep_officer, due_date=today - timedelta(days=1))
    soon = ActionFactory(meeting=meeting, owner=hlep_officer, due_date=today + timedelta(days=5))
    ActionFactory(meeting=meeting, owner=hlep_officer, due_date=today - timedelta(days=9), status="done")
    assert list(Action.objects.overdue()) == [late]
    assert late.is_overdue and not soon.is_overdue
    assert list(Action.objects.due_within(7)) == [soon]


@pytest.fixture
def log(meeting, hlep, cpca, hlep_officer, cpca_officer):
    today = timezone.localdate()
    return {
        "late": ActionFactory(
            meeting=meeting,
            owner=hlep_officer,
            description="Late HLEP action",
            due_date=today - timedelta(days=3),
        ),
        "cpca": ActionFactory(meeting=meeting, owner=cpca_officer, description="CPCA action"),
        "done": ActionFactory(
            meeting=meeting, owner=hlep_officer, description="Finished action", status="done"
        ),
    }


@pytest.mark.parametrize(
    "query, shown",
    [
        ("", {"Late HLEP action", "CPCA action", "Finished action"}),
        ("overdue=true", {"Late HLEP action"}),
        ("status=done", {"Finished action"}),
        ("owner_organisation={cpca}", {"CPCA action"}),
        ("owner={hlep_officer}&status=open", {"Late HLEP action"}),
    ],
)
def test_the_action_log_filters(board_client, log, cpca, hlep_officer, query, shown):
    page = board_client.get("/meetings/actions/?" + query.format(cpca=cpca.pk, hlep_officer=hlep_officer.pk))
    listed = {a.description for a in page.context["actions"]}
    assert listed == shown


def test_an_owner_updates_their_action_but_others_cannot(
    client, log, hlep_officer, cpca_officer, hlep_board_member
):
    action = log["late"]
    url = f"/meetings/actions/{action.pk}/edit/"
    form = action_form(
        action.meeting, hlep_officer, action.owner_organisation, action.due_date, status="done"
    )
    for stranger in [cpca_officer, hlep_board_member]:
        client.force_login(stranger)
        assert client.post(url, form).status_code == 403
    client.force_login(hlep_officer)
    assert client.post(url, form).status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.DONE


def test_the_action_log_runs_the_same_queries_however_many_actions(
    board_client, partnership, hlep, hlep_officer, django_assert_num_queries
):
    def make(n):
        meeting = MeetingFactory(partnership=partnership, host=hlep)
        for _ in range(n):
            ActionFactory(meeting=meeting, owner=hlep_officer)

    make(2)
    with django_assert_num_queries(11):
        board_client.get("/meetings/actions/?overdue=true&status=open")
    make(25)
    with django_assert_num_queries(11):
        board_client.get("/meetings/actions/?overdue=true&status=open")
