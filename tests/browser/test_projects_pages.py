"""Every projects page passes axe's WCAG 2.2 AA checks, for a board member and for an officer,
including pages showing errors."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from projects.seed import ensure_reference_data
from tests.browser.conftest import assert_accessible, axe_violations, sign_in
from tests.projects.factories import (
    ContributionFactory,
    MilestoneFactory,
    OutcomeReportFactory,
    OutcomeTargetFactory,
    ProjectFactory,
    ProjectUpdateFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def project(partnership, hlep, cpca, commitment):
    ensure_reference_data()
    project = ProjectFactory(
        partnership=partnership,
        title="Corridor life sciences incubator",
        lead_organisation=hlep,
        partners=[cpca],
        commitments=[commitment],
        rag="amber",
        rag_reason="Planning consent delayed.",
    )
    MilestoneFactory(project=project, title="Site acquired", due_date=datetime.date(2025, 6, 30))
    ContributionFactory(project=project, organisation=cpca, amount=Decimal("250000"), kind="in_kind")
    OutcomeTargetFactory(project=project)
    OutcomeReportFactory(project=project)
    ProjectUpdateFactory(project=project)
    # Enough projects for the list to page.
    for n in range(30):
        ProjectFactory(
            partnership=partnership, title=f"Project {n:02}", lead_organisation=cpca, sector="housing"
        )
    return project


def test_a_board_member_reads_the_projects_on_accessible_pages(page, hlep_board_member, project):
    sign_in(page, hlep_board_member)
    for path in ["/projects/", "/projects/?sector=housing&sort=rag&page=2", project.get_absolute_url()]:
        assert_accessible(page, path)
    page.goto("/projects/")
    expect(page.get_by_label("Sector")).not_to_be_visible()  # the results come first on a phone
    page.locator("summary", has_text="Filter").click()
    page.get_by_label("Sector").select_option("life_sciences")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("summary", has_text="Filter")).to_have_text("Filter (1 applied)")
    expect(page.get_by_role("link", name="Corridor life sciences incubator")).to_be_visible()
    expect(page.get_by_role("heading", name="1 project")).to_be_visible()


def test_an_officer_changes_a_project_on_accessible_pages(page, hlep_officer, project):
    sign_in(page, hlep_officer)
    for path in [
        "/projects/new/",
        "/projects/import/",
        project.get_edit_url(),
        f"/projects/{project.pk}/milestones/",
        f"/projects/{project.pk}/contributions/",
        f"/projects/{project.pk}/outcomes/targets/",
        f"/projects/{project.pk}/outcomes/new/",
        f"/projects/{project.pk}/updates/new/",
    ]:
        assert_accessible(page, path)


def test_an_admin_manages_the_kinds_of_outcome_on_accessible_pages(page, admin_person, project):
    sign_in(page, admin_person)
    for path in ["/projects/outcome-kinds/", "/projects/outcome-kinds/new/"]:
        assert_accessible(page, path)


def test_forms_with_errors_are_still_accessible(page, hlep_officer, project):
    sign_in(page, hlep_officer)
    page.goto("/projects/new/")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert axe_violations(page) == []

    page.goto(f"/projects/{project.pk}/milestones/")
    page.locator("#id_milestones-1-title").fill("Contractor appointed")
    page.locator("#id_milestones-1-due_date_0").fill("45")
    page.locator("#id_milestones-1-due_date_1").fill("13")
    page.locator("#id_milestones-1-due_date_2").fill("2026")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert axe_violations(page) == []


def test_an_officer_imports_a_spreadsheet_through_an_accessible_preview(page, hlep_officer, project):
    sign_in(page, hlep_officer)
    page.goto("/projects/import/")
    rows = (
        "Title,Lead organisation,Sector,Commitments,Start date\n"
        "Digital skills bootcamps,HLEP,Skills,2.3.2,01/09/2026\n"
        "Unknown lead,ECC,Fishing,2.3.2,31/02/2026\n"
    )
    page.get_by_label("Spreadsheet of projects").set_input_files(
        files=[{"name": "projects.csv", "mimeType": "text/csv", "buffer": rows.encode()}]
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="There is a problem with 1 row")).to_be_visible()
    assert axe_violations(page) == []

    good = "\n".join(rows.splitlines()[:2]) + "\n"
    page.goto("/projects/import/")
    page.get_by_label("Spreadsheet of projects").set_input_files(
        files=[{"name": "projects.csv", "mimeType": "text/csv", "buffer": good.encode()}]
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check the projects before importing them")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Import 1 project").click()
    expect(page.get_by_text("1 project imported.")).to_be_visible()
