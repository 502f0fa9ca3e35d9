"""Officers log projects and their milestones, contributions, outcomes and updates; boards read them."""

import datetime
from decimal import Decimal

import time_machine

from projects.models import Milestone, OutcomeKind, Project
from tests.projects.factories import (
    ContributionFactory,
    MilestoneFactory,
    OutcomeReportFactory,
    OutcomeTargetFactory,
    ProjectUpdateFactory,
    dated,
)


def project_form(commitment, lead, **changes):
    data = {
        "title": "Stansted corridor skills hub",
        "summary": "Training for the airport and its suppliers.",
        "lead_organisation": lead.pk,
        "sector": "skills",
        "commitments": [commitment.pk],
        "status": "proposed",
        "rag": "green",
        "rag_reason": "",
        "start_date": "2026-04-01",
        "end_date": "2027-03-31",
        "budget": "250000",
    }
    data.update(changes)
    return dated(data)


def test_an_officer_adds_a_project_for_their_organisation(officer_client, hlep, cpca, commitment, cambridge):
    response = officer_client.post(
        "/projects/new/", project_form(commitment, hlep, partners=[cpca.pk], places=[cambridge.pk])
    )
    project = Project.objects.get(title="Stansted corridor skills hub")
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert list(project.partners.all()) == [cpca]
    assert list(project.commitments.all()) == [commitment]
    assert project.history.first().history_user.first_name == "Hugo"


def test_an_officer_cannot_add_a_project_led_by_another_party(officer_client, cpca, commitment):
    response = officer_client.post("/projects/new/", project_form(commitment, cpca))
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert not Project.objects.exists()


def test_a_red_project_without_a_reason_gets_an_error_summary_and_is_not_saved(
    officer_client, hlep, commitment
):
    response = officer_client.post("/projects/new/", project_form(commitment, hlep, rag="red"))
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert "Say why the project is rated red or amber." in response.content.decode()
    assert not Project.objects.exists()


def test_a_project_without_a_commitment_or_with_dates_the_wrong_way_round_is_refused(
    officer_client, hlep, commitment
):
    response = officer_client.post(
        "/projects/new/", project_form(commitment, hlep, commitments=[], end_date="2026-01-01")
    )
    content = response.content.decode()
    assert "The end date must be the same as or after the start date." in content
    assert "Select at least one commitment the project delivers" in content
    assert not Project.objects.exists()


def test_an_officer_moves_a_project_on_but_not_backwards(
    client, cpca_officer, joint_project, commitment, hlep, cpca
):
    client.force_login(cpca_officer)
    form = project_form(commitment, hlep, title=joint_project.title, partners=[cpca.pk])
    response = client.post(
        joint_project.get_edit_url(), {**form, "status": "completed", "rag": "amber", "rag_reason": "Late"}
    )
    assert response.status_code == 302
    joint_project.refresh_from_db()
    assert joint_project.status == "completed"
    response = client.post(joint_project.get_edit_url(), {**form, "status": "in_delivery"})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    joint_project.refresh_from_db()
    assert joint_project.status == "completed"


def test_a_board_member_reads_everything_about_a_project(board_client, joint_project, hlep, cpca):
    with time_machine.travel(datetime.date(2026, 11, 1)):
        MilestoneFactory(project=joint_project, title="Site acquired", due_date=datetime.date(2026, 6, 30))
        MilestoneFactory(
            project=joint_project,
            title="Planning consent",
            due_date=datetime.date(2026, 3, 1),
            done_on=datetime.date(2026, 2, 20),
        )
        ContributionFactory(project=joint_project, organisation=hlep, amount=Decimal("1000000"))
        ContributionFactory(
            project=joint_project, organisation=cpca, amount=Decimal("250000.50"), kind="in_kind"
        )
        OutcomeTargetFactory(project=joint_project, target=Decimal("120"))
        OutcomeReportFactory(project=joint_project, actual=Decimal("30"))
        ProjectUpdateFactory(project=joint_project, text="Fit-out contractor appointed.")
        page = board_client.get(joint_project.get_absolute_url()).content.decode()
    assert "Corridor life sciences incubator" in page
    assert "Late" in page
    assert "£1,250,000.50" in page
    assert "Jobs created" in page and "120" in page and "30" in page
    assert "Fit-out contractor appointed." in page
    assert "Decisions, bids and meetings" in page
    assert "History" in page and "Created" in page


def test_an_officer_adds_several_milestones_in_one_go(officer_client, joint_project):
    data = {
        "milestones-TOTAL_FORMS": "3",
        "milestones-INITIAL_FORMS": "0",
        "milestones-0-title": "Business case approved",
        "milestones-0-due_date": "2026-06-30",
        "milestones-1-title": "Contractor appointed",
        "milestones-1-due_date": "2026-09-30",
        "milestones-2-title": "",
        "milestones-2-due_date": "",
    }
    response = officer_client.post(f"/projects/{joint_project.pk}/milestones/", dated(data))
    assert response.status_code == 302
    assert list(joint_project.milestones.values_list("title", flat=True)) == [
        "Business case approved",
        "Contractor appointed",
    ]


def test_one_bad_milestone_row_saves_none_of_them(officer_client, joint_project):
    data = {
        "milestones-TOTAL_FORMS": "2",
        "milestones-INITIAL_FORMS": "0",
        "milestones-0-title": "Business case approved",
        "milestones-0-due_date": "2026-06-30",
        "milestones-1-title": "Contractor appointed",
        "milestones-1-due_date_0": "next",
        "milestones-1-due_date_1": "spring",
    }
    response = officer_client.post(f"/projects/{joint_project.pk}/milestones/", dated(data))
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b'href="#id_milestones-1-due_date_0"' in response.content
    assert not Milestone.objects.exists()


def test_an_officer_changes_and_removes_milestones(officer_client, joint_project):
    keep = MilestoneFactory(project=joint_project, title="Keep")
    drop = MilestoneFactory(project=joint_project, title="Drop")
    data = {
        "milestones-TOTAL_FORMS": "2",
        "milestones-INITIAL_FORMS": "2",
        "milestones-0-id": keep.pk,
        "milestones-0-title": "Keep",
        "milestones-0-due_date": "2026-09-30",
        "milestones-0-done_on": "2026-09-28",
        "milestones-1-id": drop.pk,
        "milestones-1-title": "Drop",
        "milestones-1-due_date": "2026-09-30",
        "milestones-1-DELETE": "on",
    }
    assert officer_client.post(f"/projects/{joint_project.pk}/milestones/", dated(data)).status_code == 302
    assert list(joint_project.milestones.values_list("title", "done_on")) == [
        ("Keep", datetime.date(2026, 9, 28))
    ]


def test_contributions_from_both_parties_and_no_negative_money(officer_client, joint_project, hlep, cpca):
    url = f"/projects/{joint_project.pk}/contributions/"
    rows = {
        "contributions-TOTAL_FORMS": "2",
        "contributions-INITIAL_FORMS": "0",
        "contributions-0-organisation": hlep.pk,
        "contributions-0-kind": "cash",
        "contributions-0-amount": "500000",
        "contributions-1-organisation": cpca.pk,
        "contributions-1-kind": "in_kind",
        "contributions-1-amount": "-5",
    }
    response = officer_client.post(url, rows)
    assert response.status_code == 200
    assert "Enter an amount of £0 or more" in response.content.decode()
    assert not joint_project.contributions.exists()
    rows["contributions-1-amount"] = "120000.25"
    assert officer_client.post(url, rows).status_code == 302
    joint_project.refresh_from_db()
    assert joint_project.total_contributed == Decimal("620000.25")


def test_targets_and_a_report_of_outcomes_per_period(officer_client, joint_project):
    homes = OutcomeKind.objects.get(name="Homes delivered")
    response = officer_client.post(
        f"/projects/{joint_project.pk}/outcomes/targets/",
        {
            "outcome_targets-TOTAL_FORMS": "1",
            "outcome_targets-INITIAL_FORMS": "0",
            "outcome_targets-0-kind": homes.pk,
            "outcome_targets-0-target": "300",
        },
    )
    assert response.status_code == 302
    report = {"kind": homes.pk, "period_start": "2026-04-01", "period_end": "2026-09-30", "actual": "45"}
    url = f"/projects/{joint_project.pk}/outcomes/new/"
    assert officer_client.post(url, dated(report)).status_code == 302
    again = officer_client.post(url, dated(report))
    assert "already has a report for a period starting that day" in again.content.decode()
    backwards = officer_client.post(url, dated({**report, "period_start": "2026-10-01"}))
    assert "The period must end on or after the day it starts." in backwards.content.decode()
    [row] = joint_project.outcomes()
    assert (row["kind"], row["target"], row["actual"]) == (homes, Decimal("300"), Decimal("45"))


def test_an_admin_can_add_a_new_kind_of_outcome_as_data(joint_project):
    OutcomeKind.objects.create(
        partnership=joint_project.partnership, name="Hectares of land remediated", unit="hectares"
    )
    OutcomeTargetFactory(
        project=joint_project, kind=OutcomeKind.objects.get(name="Hectares of land remediated")
    )
    assert joint_project.outcomes()[0]["kind"].unit == "hectares"


def test_an_officer_writes_a_dated_progress_update(officer_client, hlep_officer, joint_project):
    response = officer_client.post(
        f"/projects/{joint_project.pk}/updates/new/",
        dated({"written_on": "2026-10-12", "text": "Lease signed."}),
    )
    assert response.status_code == 302
    update = joint_project.updates.get()
    assert (update.author, update.written_on, update.text) == (
        hlep_officer,
        datetime.date(2026, 10, 12),
        "Lease signed.",
    )
    empty = officer_client.post(
        f"/projects/{joint_project.pk}/updates/new/", dated({"written_on": "2026-10-12", "text": ""})
    )
    assert b"There is a problem" in empty.content


def test_an_admin_adds_a_kind_of_outcome_for_projects_to_report(admin_client_, agreement):
    assert admin_client_.get("/projects/outcome-kinds/").status_code == 200
    response = admin_client_.post(
        "/projects/outcome-kinds/new/", {"name": "Hectares remediated", "unit": "hectares"}
    )
    assert response["Location"] == "/projects/outcome-kinds/"
    assert OutcomeKind.objects.get(name="Hectares remediated").unit == "hectares"
    again = admin_client_.post("/projects/outcome-kinds/new/", {"name": "Hectares remediated", "unit": "ha"})
    assert "There is already an outcome of that name" in again.content.decode()


def test_a_project_being_logged_may_start_at_any_status(officer_client, hlep, commitment):
    response = officer_client.post("/projects/new/", project_form(commitment, hlep, status="in_delivery"))
    assert response.status_code == 302
    assert Project.objects.get().status == "in_delivery"
