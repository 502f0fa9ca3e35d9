"""Officers bring their spreadsheets: every row is checked and shown before anything is saved, and
nothing is saved while any row is bad."""

import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from projects.models import Project
from projects.spreadsheets import HEADINGS
from tests.conftest import OFFICER

GOOD = {
    "Title": "Peterborough advanced manufacturing skills",
    "Summary": "Engineering apprenticeships with local firms.",
    "Lead organisation": "HLEP",
    "Partners": "CPCA",
    "Sector": "Advanced manufacturing",
    "Places": "Peterborough; Stevenage",
    "Commitments": "2.3.2; 2.3.3",
    "Status": "Approved",
    "RAG rating": "Amber",
    "RAG reason": "Recruiting a delivery partner.",
    "Start date": "01/09/2026",
    "End date": "31/08/2028",
    "Budget": "£1,200,000",
}


def csv_file(*rows, name="projects.csv") -> SimpleUploadedFile:
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=HEADINGS)
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, stream.getvalue().encode("utf-8-sig"), content_type="text/csv")


def xlsx_file(*rows) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append([row.get(h, "") for h in HEADINGS])
    stream = io.BytesIO()
    workbook.save(stream)
    return SimpleUploadedFile("projects.xlsx", stream.getvalue())


def test_an_officer_previews_then_imports_good_rows(officer_client, agreement, hlep, cpca):
    second = {
        **GOOD,
        "Title": "Hertfordshire digital skills",
        "Sector": "ict",
        "RAG rating": "",
        "RAG reason": "",
    }
    preview = officer_client.post("/projects/import/", {"file": csv_file(GOOD, second)})
    assert preview.status_code == 200
    assert b"Check the projects before importing them" in preview.content
    assert not Project.objects.exists()
    response = officer_client.post("/projects/import/confirm/")
    assert response.status_code == 302
    project = Project.objects.get(title=GOOD["Title"])
    assert (project.lead_organisation, list(project.partners.all())) == (hlep, [cpca])
    assert project.sector == "advanced_manufacturing" and project.status == "approved"
    assert sorted(project.places.values_list("name", flat=True)) == ["Peterborough", "Stevenage"]
    assert sorted(project.commitments.values_list("number", flat=True)) == ["2.3.2", "2.3.3"]
    assert str(project.budget) == "1200000.00"
    assert Project.objects.get(title="Hertfordshire digital skills").rag == "green"
    assert officer_client.post("/projects/import/confirm/").status_code == 302
    assert Project.objects.count() == 2, "confirming twice imports nothing more"


def test_each_bad_row_is_listed_with_why_and_nothing_is_saved(officer_client, agreement):
    rows = [
        GOOD,
        {**GOOD, "Title": "Unknown lead", "Lead organisation": "ECC"},
        {**GOOD, "Title": "Bad date", "Start date": "31/02/2026"},
        {**GOOD, "Title": "Bad sector", "Sector": "Fishing"},
        {**GOOD, "Title": "No reason", "RAG rating": "Red", "RAG reason": ""},
        {**GOOD, "Title": "Backwards", "Start date": "01/01/2027", "End date": "01/01/2026"},
        {**GOOD, "Title": "Not a commitment", "Commitments": "3.1"},
    ]
    response = officer_client.post("/projects/import/", {"file": csv_file(*rows)})
    content = response.content.decode()
    assert "There is a problem with 6 rows" in content
    assert "Row 3: Unknown organisation “ECC” as lead organisation" in content
    assert "Row 4: Bad start date “31/02/2026”" in content
    assert "Row 5: Unknown sector “Fishing”" in content
    assert "Row 6: A red or amber rating needs a RAG reason." in content
    assert "Row 7: The end date is before the start date." in content
    assert "Row 8: Unknown commitment “3.1”" in content
    assert "Import 7 projects" not in content
    assert officer_client.post("/projects/import/confirm/").status_code == 302
    assert not Project.objects.exists()


def test_an_officer_cannot_import_projects_another_party_leads(officer_client, agreement):
    response = officer_client.post(
        "/projects/import/", {"file": csv_file({**GOOD, "Lead organisation": "CPCA", "Partners": ""})}
    )
    assert "You cannot create projects led by CPCA" in response.content.decode()


def test_confirming_checks_again_that_the_officer_still_may(client, hlep, agreement):
    from tests.factories import PersonFactory

    officer = PersonFactory(roles=[(hlep, OFFICER)])
    client.force_login(officer)
    client.post("/projects/import/", {"file": csv_file(GOOD)})
    officer.memberships.update(role="board_member")
    response = client.post("/projects/import/confirm/")
    assert response.status_code == 403
    assert not Project.objects.exists()


def test_a_title_already_used_is_a_bad_row(officer_client, joint_project):
    response = officer_client.post(
        "/projects/import/", {"file": csv_file({**GOOD, "Title": joint_project.title})}
    )
    assert f"A project called “{joint_project.title}” already exists." in response.content.decode()


def test_excel_files_import_too_with_real_dates(officer_client, agreement):
    import datetime

    row = {**GOOD, "Start date": datetime.date(2026, 9, 1), "Budget": 1200000}
    officer_client.post("/projects/import/", {"file": xlsx_file(row)})
    officer_client.post("/projects/import/confirm/")
    project = Project.objects.get()
    assert project.start_date == datetime.date(2026, 9, 1)


def test_a_file_that_is_not_a_spreadsheet_gets_a_clear_error(officer_client, agreement):
    for upload, message in [
        (SimpleUploadedFile("notes.txt", b"hello"), "The file must be a CSV or an Excel .xlsx file."),
        (SimpleUploadedFile("fake.xlsx", b"not a zip"), "The Excel file could not be opened."),
        (
            SimpleUploadedFile("empty.csv", b"Title,Lead organisation,Sector\n"),
            "The file has no projects in it.",
        ),
        (SimpleUploadedFile("wrong.csv", b"Name,Owner\nA,B\n"), "missing: Title, Lead organisation, Sector"),
        (SimpleUploadedFile("latin.csv", "Title\n\xe9".encode("latin-1")), "must be saved as UTF-8"),
    ]:
        response = officer_client.post("/projects/import/", {"file": upload})
        assert response.status_code == 200
        assert b"There is a problem" in response.content
        assert message in response.content.decode()


def test_confirming_with_nothing_uploaded_sends_the_officer_back(officer_client, agreement):
    response = officer_client.post("/projects/import/confirm/")
    assert response["Location"] == "/projects/import/"


def test_the_templates_download_and_import_nothing_as_they_are(officer_client, agreement):
    for name in ("projects-template.csv", "projects-template.xlsx"):
        template = officer_client.get(f"/projects/import/{name.removeprefix('projects-')}")
        assert template["Content-Disposition"] == f'attachment; filename="{name}"'
        preview = officer_client.post(
            "/projects/import/", {"file": SimpleUploadedFile(name, template.content)}
        )
        content = preview.content.decode()
        assert "There is nothing to import" in content
        assert "Row 2: The template&#x27;s example: skipped." in content
        assert "Import 1 project" not in content
        assert officer_client.post("/projects/import/confirm/")["Location"] == "/projects/import/"
    assert not Project.objects.exists()


def test_imported_projects_record_who_imported_them(officer_client, hlep_officer, agreement):
    officer_client.post("/projects/import/", {"file": csv_file(GOOD)})
    officer_client.post("/projects/import/confirm/")
    created = Project.objects.get().history.get()
    assert (created.history_type, created.history_user) == ("+", hlep_officer)


def test_a_large_file_imports_in_a_few_queries(officer_client, agreement, django_assert_max_num_queries):
    rows = [{**GOOD, "Title": f"Project {n}"} for n in range(300)]
    officer_client.post("/projects/import/", {"file": csv_file(*rows)})
    # A fixed number however many rows: the projects, their links, and their links kept in history.
    with django_assert_max_num_queries(32):
        officer_client.post("/projects/import/confirm/")
    assert Project.objects.count() == 300
    assert Project.partners.through.objects.count() == 300
