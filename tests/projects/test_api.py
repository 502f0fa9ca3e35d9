"""An organisation's own systems create and update its projects through the API, with the project
pages' permissions, checks and history: its token writes its own projects and is refused another's."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from projects.models import Project
from tests.projects.factories import (
    ContributionFactory,
    MilestoneFactory,
    OutcomeTargetFactory,
    ProjectFactory,
    jobs_created,
)


def token_client(person) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=person).key}")
    return client


@pytest.fixture
def new_project(commitment, partnership):
    jobs_created(partnership)
    return {
        "title": "Stansted skills hub",
        "summary": "Training for airport jobs.",
        "lead_organisation": "HLEP",
        "partners": ["CPCA"],
        "sector": "skills",
        "commitments": [commitment.number],
        "rag": "amber",
        "rag_reason": "Site not yet agreed.",
        "start_date": "2027-04-01",
        "end_date": "2029-03-31",
        "budget": "1200000.00",
        "milestones": [{"title": "Site agreed", "due_date": "2027-06-30"}],
        "contributions": [{"organisation": "CPCA", "kind": "cash", "amount": "250000.00"}],
        "outcome_targets": [{"kind": "Jobs created", "target": "80.00"}],
    }


def test_an_officers_system_creates_its_organisations_project_with_its_rows(hlep_officer, new_project):
    response = token_client(hlep_officer).post("/api/v1/projects/", new_project, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["lead_organisation"] == "HLEP" and body["partners"] == ["CPCA"]
    assert [m["title"] for m in body["milestones"]] == ["Site agreed"]
    project = Project.objects.get(pk=body["id"])
    assert project.contributions.get().amount == Decimal("250000")
    assert project.outcome_targets.get().target == Decimal("80")
    # The history names the token's person, as the pages would.
    assert project.history.get().history_user == hlep_officer
    assert project.milestones.get().history.get().history_user == hlep_officer


def test_an_officer_cannot_create_a_project_led_by_another_organisation(hlep_officer, new_project):
    new_project.update(lead_organisation="CPCA", partners=["HLEP"])
    response = token_client(hlep_officer).post("/api/v1/projects/", new_project, format="json")
    assert response.status_code == 400
    assert "only for your own organisation" in response.json()["lead_organisation"][0]
    assert not Project.objects.exists()


def test_a_board_member_cannot_create_projects(hlep_board_member, new_project):
    response = token_client(hlep_board_member).post("/api/v1/projects/", new_project, format="json")
    assert response.status_code == 403
    assert not Project.objects.exists()


def test_an_organisations_token_updates_its_own_project(hlep_officer, partnership, hlep, commitment):
    project = ProjectFactory(partnership=partnership, lead_organisation=hlep, commitments=[commitment])
    response = token_client(hlep_officer).patch(
        f"/api/v1/projects/{project.pk}/", {"rag": "red", "rag_reason": "Contractor failed."}, format="json"
    )
    assert response.status_code == 200, response.json()
    project.refresh_from_db()
    assert (project.rag, project.rag_reason) == ("red", "Contractor failed.")
    assert project.history.first().history_user == hlep_officer


def test_an_organisations_token_is_refused_another_organisations_project(
    hlep_officer, partnership, cpca, commitment
):
    project = ProjectFactory(partnership=partnership, lead_organisation=cpca, commitments=[commitment])
    response = token_client(hlep_officer).patch(
        f"/api/v1/projects/{project.pk}/", {"title": "Taken over"}, format="json"
    )
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.title != "Taken over"


def test_another_partnerships_token_does_not_find_the_project(outsider, partnership, hlep, commitment):
    project = ProjectFactory(partnership=partnership, lead_organisation=hlep, commitments=[commitment])
    response = token_client(outsider).patch(f"/api/v1/projects/{project.pk}/", {"title": "x"}, format="json")
    assert response.status_code == 404


def test_a_partners_officer_cannot_hand_the_project_to_another_lead(
    cpca_officer, partnership, hlep, cpca, commitment
):
    project = ProjectFactory(
        partnership=partnership, lead_organisation=hlep, partners=[cpca], commitments=[commitment]
    )
    api = token_client(cpca_officer)
    assert (
        api.patch(f"/api/v1/projects/{project.pk}/", {"summary": "Ours too"}, format="json").status_code
        == 200
    )
    response = api.patch(f"/api/v1/projects/{project.pk}/", {"partners": []}, format="json")
    assert response.status_code == 403
    assert list(project.partners.all()) == [cpca]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"rag": "red", "rag_reason": ""}, "rag_reason"),
        ({"start_date": "2028-01-01", "end_date": "2027-01-01"}, "end_date"),
        ({"status": "proposed"}, "status"),  # in delivery cannot go back to proposed
        ({"commitments": []}, "commitments"),
        ({"commitments": ["9.9.9"]}, "commitments"),
        ({"budget": "-1"}, "budget"),
        ({"start_date": "not a date"}, "start_date"),
        ({"partners": ["HLEP"]}, "partners"),  # the lead is not also a partner
    ],
)
def test_a_refused_value_is_a_400_naming_the_field_and_nothing_changes(
    hlep_officer, partnership, hlep, commitment, change, field
):
    project = ProjectFactory(partnership=partnership, lead_organisation=hlep, commitments=[commitment])
    versions = project.history.count()
    response = token_client(hlep_officer).patch(f"/api/v1/projects/{project.pk}/", change, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert project.history.count() == versions


def test_rows_are_replaced_whole_and_a_bad_row_saves_nothing(hlep_officer, partnership, hlep, commitment):
    project = ProjectFactory(partnership=partnership, lead_organisation=hlep, commitments=[commitment])
    kept = MilestoneFactory(project=project, title="Kept")
    MilestoneFactory(project=project, title="Dropped")
    ContributionFactory(project=project)
    api = token_client(hlep_officer)
    url = f"/api/v1/projects/{project.pk}/"

    bad = {
        "title": "Renamed",
        "milestones": [{"id": kept.pk, "title": "Kept", "due_date": "2027-01-01"}, {"title": "No date"}],
    }
    response = api.patch(url, bad, format="json")
    assert response.status_code == 400
    assert response.json()["milestones"] == {"1": {"due_date": ["This field is required."]}}
    project.refresh_from_db()
    assert project.title != "Renamed" and project.milestones.count() == 2

    good = {
        "milestones": [
            {"id": kept.pk, "title": "Kept, moved", "due_date": "2027-01-01"},
            {"title": "New", "due_date": "2027-02-01"},
        ]
    }
    assert api.patch(url, good, format="json").status_code == 200
    assert [m.title for m in project.milestones.all()] == ["Kept, moved", "New"]
    assert project.contributions.count() == 1  # not given, so kept


def test_a_row_of_another_project_cannot_be_named(hlep_officer, partnership, hlep, commitment):
    project = ProjectFactory(partnership=partnership, lead_organisation=hlep, commitments=[commitment])
    elsewhere = OutcomeTargetFactory(project=ProjectFactory(partnership=partnership, lead_organisation=hlep))
    response = token_client(hlep_officer).patch(
        f"/api/v1/projects/{project.pk}/",
        {"outcome_targets": [{"id": elsewhere.pk, "kind": "Jobs created", "target": "5"}]},
        format="json",
    )
    assert response.status_code == 400 and "id" in response.json()["outcome_targets"][0]
    elsewhere.refresh_from_db()
    assert elsewhere.target == Decimal("120")


def test_the_projects_list_with_rows_runs_the_same_queries_at_any_size(
    hlep_board_member, partnership, hlep, commitment
):
    def project_with_rows():
        project = ProjectFactory(partnership=partnership, lead_organisation=hlep)
        MilestoneFactory(project=project)
        ContributionFactory(project=project)
        OutcomeTargetFactory(project=project)

    api = token_client(hlep_board_member)
    project_with_rows()
    with CaptureQueriesContext(connection) as small:
        api.get("/api/v1/projects/")
    for _ in range(10):
        project_with_rows()
    with CaptureQueriesContext(connection) as large:
        assert api.get("/api/v1/projects/").json()["count"] == 11
    assert len(large) == len(small)


def test_writes_are_limited_per_person_apart_from_reads(
    settings, hlep_officer, partnership, hlep, commitment
):
    from django.core.cache import cache

    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"read": "5/minute", "write": "2/minute"},
    }
    project = ProjectFactory(partnership=partnership, lead_organisation=hlep, commitments=[commitment])
    api = token_client(hlep_officer)
    url = f"/api/v1/projects/{project.pk}/"
    assert [api.patch(url, {"summary": str(n)}, format="json").status_code for n in range(3)] == [
        200,
        200,
        429,
    ]
    assert api.get(url).status_code == 200  # reads have their own allowance
    assert [api.get(url).status_code for _ in range(5)][-1] == 429
    cache.clear()
