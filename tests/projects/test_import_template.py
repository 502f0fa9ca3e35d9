"""The Excel import template: drop-downs where only some values will do, real dates and sums, an
example row the import skips, and sheets for each project's contributions and milestones."""

import datetime
import io
from decimal import Decimal

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from projects.models import Project
from projects.spreadsheets import EXAMPLE_TITLE
from tests.spreadsheets import about, assert_well_made


def template(client) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(client.get("/projects/import/template.xlsx").content))


def upload(workbook) -> SimpleUploadedFile:
    stream = io.BytesIO()
    workbook.save(stream)
    return SimpleUploadedFile("projects.xlsx", stream.getvalue())


def drop_downs(sheet) -> dict[str, list[str]]:
    """{heading: the values its drop-down offers}, read from the sheet the rule points at."""
    headings = {cell.column_letter: cell.value for cell in sheet[1]}
    lists = sheet.parent["Lists"]
    offered = {}
    for rule in sheet.data_validations.dataValidation:
        assert rule.type == "list"
        column = str(rule.sqref).split(":")[0].rstrip("0123456789")
        area = rule.formula1.removeprefix("Lists!").replace("$", "")
        offered[headings[column]] = [c.value for row in lists[area] for c in row]
    return offered


def test_the_template_offers_drop_downs_of_what_the_import_accepts(officer_client, agreement, hlep, cpca):
    workbook = template(officer_client)
    assert workbook.sheetnames == [
        "Projects",
        "Contributions",
        "Milestones",
        "How to fill it in",
        "Lists",
        "About",
    ]
    assert workbook["Lists"].sheet_state == "hidden"
    offered = drop_downs(workbook["Projects"])
    assert offered["Sector"] == list(Project.Sector.labels)
    assert offered["Status"] == list(Project.Status.labels)
    assert offered["RAG rating"] == ["Red", "Amber", "Green"]
    assert offered["Lead organisation"] == sorted([hlep.short_name, cpca.short_name])
    assert drop_downs(workbook["Contributions"]) == {
        "Organisation": sorted([hlep.short_name, cpca.short_name]),
        "Cash or in kind": ["Cash", "In kind"],
    }
    assert about(workbook)["What this is"] == "A template for importing joint projects."


def test_the_template_stores_dates_as_dates_and_sums_as_numbers(officer_client, agreement):
    workbook = template(officer_client)
    projects = workbook["Projects"]
    assert_well_made(projects, dates=["Start date", "End date"], money=["Budget"])
    assert projects["A2"].value == EXAMPLE_TITLE
    assert_well_made(workbook["Contributions"], money=["Amount"])
    assert_well_made(workbook["Milestones"], dates=["Due date"])


def test_a_filled_in_template_imports_projects_with_contributions_and_milestones(
    officer_client, agreement, hlep, cpca
):
    workbook = template(officer_client)
    workbook["Projects"].append(
        [
            "Stevenage life sciences hub",
            "Lab space.",
            "HLEP",
            "CPCA",
            "Life sciences",
            "Stevenage",
            "2.3.5",
            "Approved",
            "Green",
            "",
            datetime.date(2026, 9, 1),
            datetime.date(2028, 8, 31),
            2_000_000,
        ]
    )
    workbook["Contributions"].append(["Stevenage life sciences hub", "CPCA", 500_000, "In kind", "Land"])
    workbook["Milestones"].append(
        ["Stevenage life sciences hub", "Planning consent", datetime.date(2026, 12, 1)]
    )
    preview = officer_client.post("/projects/import/", {"file": upload(workbook)})
    content = preview.content.decode()
    assert "Every row is good" in content
    assert "With them: 1 contribution and 1 milestone." in content
    assert "Row 2: The template&#x27;s example: skipped." in content
    assert "Import 1 project" in content
    officer_client.post("/projects/import/confirm/")

    project = Project.objects.get()
    assert project.title == "Stevenage life sciences hub"
    contribution = project.contributions.get()
    assert (contribution.organisation, contribution.amount, contribution.kind) == (
        cpca,
        Decimal(500000),
        "in_kind",
    )
    assert project.milestones.get().due_date == datetime.date(2026, 12, 1)
    assert contribution.history.get().history_type == "+"


def test_bad_rows_on_the_other_sheets_are_explained_and_nothing_is_saved(officer_client, agreement):
    workbook = template(officer_client)
    workbook["Projects"].append(
        ["Harlow hub", "", "HLEP", "", "Life sciences", "", "2.3.5", "", "", "", None, None, None]
    )
    workbook["Contributions"].append(["Harlow hub", "HLEP", "lots", "Cash", ""])
    workbook["Milestones"].append(["Nowhere project", "Opened", datetime.date(2026, 12, 1)])
    content = officer_client.post("/projects/import/", {"file": upload(workbook)}).content.decode()
    assert "There is a problem with 2 rows" in content
    assert "Contributions row 3: Bad amount “lots”" in content
    assert "Milestones row 3: No project called “Nowhere project” on the Projects sheet." in content
    officer_client.post("/projects/import/confirm/")
    assert not Project.objects.exists()
