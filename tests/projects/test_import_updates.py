"""Import changes existing projects too: a row with a project's Accord ID (its id, as exports show it)
changes that project, after a preview of each change, all in one go, and only where the importer may
change the project on its edit page."""

import io
from decimal import Decimal

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Project
from tests.factories import OrganisationFactory, PartnershipFactory
from tests.projects.factories import ProjectFactory


def exported(client) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(client.get("/projects/export.xlsx").content))


def edit(workbook, title: str, **changes) -> None:
    sheet = workbook["Projects"]
    headings = [cell.value for cell in sheet[1]]
    row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == title)
    for heading, value in changes.items():
        row[headings.index(heading.replace("_", " "))].value = value


def upload(workbook) -> SimpleUploadedFile:
    stream = io.BytesIO()
    workbook.save(stream)
    return SimpleUploadedFile("projects.xlsx", stream.getvalue())


def test_an_officer_previews_each_change_then_applies_them(
    officer_client, hlep_officer, hlep_only_project, commitment
):
    hlep_only_project.budget = Decimal("1000000")
    hlep_only_project.save()
    workbook = exported(officer_client)
    edit(workbook, hlep_only_project.title, Budget=1_500_000, Status="Paused")
    content = officer_client.post("/projects/import/", {"file": upload(workbook)}).content.decode()
    assert "Budget: £1,000,000.00 → £1,500,000.00" in content
    assert "Status: In delivery → Paused" in content
    assert "0 new projects, 1 changed" in content
    hlep_only_project.refresh_from_db()
    assert hlep_only_project.budget == Decimal("1000000"), "nothing changes before confirming"

    confirmed = officer_client.post("/projects/import/confirm/", follow=True)
    assert "1 project changed." in confirmed.content.decode()
    hlep_only_project.refresh_from_db()
    assert (hlep_only_project.budget, hlep_only_project.status) == (Decimal("1500000"), "paused")
    assert Project.objects.count() == 1
    latest = hlep_only_project.history.first()
    assert (latest.history_type, latest.history_user, latest.budget) == (
        "~",
        hlep_officer,
        Decimal("1500000"),
    )
    assert [link.clause_id for link in latest.commitments.all()] == [commitment.pk]


def test_an_export_uploaded_unchanged_changes_nothing(officer_client, hlep_only_project, joint_project):
    content = officer_client.post(
        "/projects/import/", {"file": upload(exported(officer_client))}
    ).content.decode()
    assert "There is nothing to import" in content
    assert "Row 2: No change." in content


def test_an_officer_cannot_change_a_project_of_another_party(officer_client, cpca_only_project):
    workbook = exported(officer_client)
    edit(workbook, cpca_only_project.title, Budget=1)
    content = officer_client.post("/projects/import/", {"file": upload(workbook)}).content.decode()
    assert (
        f"You cannot change “{cpca_only_project.title}”; only officers of its organisations can." in content
    )
    officer_client.post("/projects/import/confirm/")
    cpca_only_project.refresh_from_db()
    assert cpca_only_project.budget != 1


def test_a_partner_cannot_take_a_project_from_its_lead(client, cpca_officer, joint_project):
    client.force_login(cpca_officer)
    workbook = exported(client)
    edit(workbook, joint_project.title, Lead_organisation="CPCA", Partners="HLEP")
    content = client.post("/projects/import/", {"file": upload(workbook)}).content.decode()
    assert "Only the lead organisation’s officers change the lead and partners." in content


def test_an_unknown_accord_id_is_a_bad_row(officer_client, hlep_only_project, partnership, cpca):
    elsewhere = ProjectFactory(partnership=PartnershipFactory(), lead_organisation=OrganisationFactory())
    workbook = exported(officer_client)
    edit(workbook, hlep_only_project.title, Accord_ID=elsewhere.pk)
    content = officer_client.post("/projects/import/", {"file": upload(workbook)}).content.decode()
    assert f"No project has Accord ID “{elsewhere.pk}” in this partnership." in content


def test_changing_many_projects_takes_no_more_queries_than_a_few(
    officer_client, partnership, hlep, commitment
):
    def change_all(count: int) -> int:
        for _ in range(count):
            ProjectFactory(partnership=partnership, lead_organisation=hlep, commitments=[commitment])
        workbook = exported(officer_client)
        sheet = workbook["Projects"]
        budget = [cell.value for cell in sheet[1]].index("Budget")
        for row in sheet.iter_rows(min_row=2):
            row[budget].value = (row[budget].value or 0) + 1
        officer_client.post("/projects/import/", {"file": upload(workbook)})
        with CaptureQueriesContext(connection) as queries:
            officer_client.post("/projects/import/confirm/")
        return len(queries)

    few = change_all(2)
    assert change_all(20) == few
