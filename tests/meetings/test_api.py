"""An organisation's systems add the actions agreed at a meeting and keep their status up to date
through the API, as the meeting and action log pages allow."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from meetings.models import Action
from tests.meetings.factories import ActionFactory, AgendaItemFactory, MeetingFactory


def token_client(person) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=person).key}")
    return client


@pytest.fixture
def meeting(partnership, hlep):
    return MeetingFactory(partnership=partnership, host=hlep)


def test_an_officer_adds_an_action_for_a_colleague(hlep_officer, hlep_board_member, meeting):
    item = AgendaItemFactory(meeting=meeting)
    response = token_client(hlep_officer).post(
        "/api/v1/actions/",
        {
            "meeting": meeting.pk,
            "agenda_item": item.pk,
            "description": "Send the skills plan to the board",
            "owner": hlep_board_member.email,
            "owner_organisation": "HLEP",
            "due_date": "2027-01-15",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    action = Action.objects.get(pk=response.json()["id"])
    assert (action.owner, action.status) == (hlep_board_member, "open")
    assert action.history.get().history_user == hlep_officer


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"owner_organisation": "CPCA"}, "owner_organisation"),  # the owner works for HLEP
        ({"owner": "nobody@example.org"}, "owner"),
        ({"due_date": "0000-01-01"}, "due_date"),
        ({"meeting": 0}, "meeting"),
    ],
)
def test_a_refused_action_is_a_400_naming_the_field(hlep_officer, meeting, change, field):
    values = {
        "meeting": meeting.pk,
        "description": "Draft the bid",
        "owner": hlep_officer.email,
        "owner_organisation": "HLEP",
        "due_date": "2027-01-15",
        **change,
    }
    response = token_client(hlep_officer).post("/api/v1/actions/", values, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not Action.objects.exists()


def test_the_owner_updates_the_status_and_another_partys_officer_is_refused(
    hlep_board_member, cpca_officer, meeting
):
    action = ActionFactory(meeting=meeting, owner=hlep_board_member)
    url = f"/api/v1/actions/{action.pk}/"
    assert token_client(cpca_officer).patch(url, {"status": "done"}, format="json").status_code == 403
    response = token_client(hlep_board_member).patch(url, {"status": "in_progress"}, format="json")
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert action.history.first().history_user == hlep_board_member


def test_an_action_stays_with_its_meeting(hlep_officer, meeting, partnership, hlep):
    action = ActionFactory(meeting=meeting, owner=hlep_officer)
    other = MeetingFactory(partnership=partnership, host=hlep)
    response = token_client(hlep_officer).patch(
        f"/api/v1/actions/{action.pk}/", {"meeting": other.pk}, format="json"
    )
    assert response.status_code == 400 and "meeting" in response.json()


def test_a_board_member_cannot_add_actions(hlep_board_member, meeting):
    response = token_client(hlep_board_member).post("/api/v1/actions/", {}, format="json")
    assert response.status_code == 403
