"""The API: JSON for partner systems, with the pages' organisation rules, a valid
OpenAPI schema at a stable URL, token authentication, filters and pages."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from projects.models import Project
from tests.meetings.factories import DecisionFactory, MeetingFactory, ProposalFactory
from tests.projects.factories import OutcomeReportFactory, ProjectFactory

RESOURCES = [
    "commitments",
    "projects",
    "outcomes",
    "bids",
    "meetings",
    "decisions",
    "consultations",
    "actions",
]
WRITABLE = [
    "projects",
    "actions",
]  # by officers and admins: tests/projects/test_api.py, tests/meetings/test_api.py


def token_client(person) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=person).key}")
    return client


@pytest.fixture
def records(partnership, hlep, cpca, commitment):
    red = ProjectFactory(
        partnership=partnership,
        lead_organisation=hlep,
        rag=Project.Rag.RED,
        rag_reason="Late",
        commitments=[commitment],
    )
    ProjectFactory(partnership=partnership, lead_organisation=cpca)
    OutcomeReportFactory(project=red)
    MeetingFactory(partnership=partnership, host=hlep)
    DecisionFactory(proposal=ProposalFactory(partnership=partnership), board=hlep.board)
    return red


def test_the_schema_is_valid_openapi_at_a_stable_url(client, db):
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=StringIO())
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    for resource in RESOURCES:
        assert f"/api/v1/{resource}/".encode() in response.content


def test_a_partner_system_reads_projects_with_a_token(hlep_board_member, records, commitment):
    api = token_client(hlep_board_member)
    body = api.get("/api/v1/projects/", {"rag": "red"}).json()
    assert body["count"] == 1
    [project] = body["results"]
    assert project["title"] == records.title
    assert project["lead_organisation"] == "HLEP" and project["commitments"] == [commitment.number]


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_resource_answers_a_member_and_a_board_member_writes_nothing(
    hlep_board_member, records, resource
):
    api = token_client(hlep_board_member)
    assert api.get(f"/api/v1/{resource}/").status_code == 200
    assert api.post(f"/api/v1/{resource}/", {}).status_code == (403 if resource in WRITABLE else 405)


def test_decisions_carry_each_boards_decision_and_the_status(hlep_board_member, records):
    [proposal] = token_client(hlep_board_member).get("/api/v1/decisions/").json()["results"]
    assert proposal["status"] == "pending"
    assert [(d["board"], d["outcome"]) for d in proposal["decisions"]] == [("HLEP", "approved")]


@pytest.mark.parametrize("resource", RESOURCES)
def test_another_partnerships_system_reads_nothing_of_this_one(outsider, records, resource):
    body = token_client(outsider).get(f"/api/v1/{resource}/").json()
    assert body["count"] == 0


def test_another_partnerships_system_cannot_fetch_a_record_by_id(outsider, records):
    assert token_client(outsider).get(f"/api/v1/projects/{records.pk}/").status_code == 404


def test_without_a_role_or_a_token_nothing_is_read(nobody, records):
    assert token_client(nobody).get("/api/v1/projects/").status_code == 403
    assert APIClient().get("/api/v1/projects/").status_code == 401
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    assert bad.get("/api/v1/projects/").status_code == 401


def test_a_bad_filter_is_a_400_with_the_field_named(hlep_board_member, records):
    response = token_client(hlep_board_member).get("/api/v1/projects/", {"rag": "purple"})
    assert response.status_code == 400 and "rag" in response.json()


def test_the_projects_list_runs_the_same_queries_at_any_size(hlep_board_member, records, partnership, hlep):
    api = token_client(hlep_board_member)
    with CaptureQueriesContext(connection) as small:
        api.get("/api/v1/projects/")
    for _ in range(30):
        ProjectFactory(partnership=partnership, lead_organisation=hlep)
    with CaptureQueriesContext(connection) as large:
        assert api.get("/api/v1/projects/").json()["count"] == 32
    assert len(large) == len(small)


def test_a_person_creates_replaces_and_revokes_their_api_key(board_client, hlep_board_member):
    board_client.post("/profile/api-key/", {"action": "create"})
    first = Token.objects.get(user=hlep_board_member).key
    assert first in board_client.get("/profile/api-key/").content.decode()
    board_client.post("/profile/api-key/", {"action": "create"})
    assert Token.objects.get(user=hlep_board_member).key != first
    board_client.post("/profile/api-key/", {"action": "revoke"})
    assert not Token.objects.filter(user=hlep_board_member).exists()
