"""An officer signs in, logs a new joint project with a milestone and contributions, imports three
more from a spreadsheet, and sees all four on the list."""

import uuid

import openpyxl
from playwright.sync_api import expect

from projects.spreadsheets import HEADINGS
from tests.browser.conftest import axe_violations
from tests.journeys.conftest import sign_in

OFFICER = "hugo@hlep.accord.localhost"


def fill_date(page, field_id: str, day: int, month: int, year: int):
    page.locator(f"#{field_id}_0").fill(str(day))
    page.locator(f"#{field_id}_1").fill(str(month))
    page.locator(f"#{field_id}_2").fill(str(year))


def spreadsheet_of(path, titles: list[str]):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADINGS)
    for title in titles:
        values = {
            "Title": title,
            "Summary": "Imported by the officer journey.",
            "Lead organisation": "HLEP",
            "Partners": "CPCA",
            "Sector": "Skills",
            "Places": "Stevenage; Peterborough",
            "Commitments": "2.3.5",
            "Status": "Approved",
            "RAG rating": "Green",
            "Start date": "01/04/2027",
            "End date": "31/03/2029",
            "Budget": "120000",
        }
        sheet.append([values.get(heading, "") for heading in HEADINGS])
    workbook.save(path)
    return path


def test_an_officer_logs_a_project_and_imports_three_more(page, tmp_path):
    suffix = uuid.uuid4().hex[:8]
    title = f"Corridor skills exchange {suffix}"
    imported = [f"Imported project {n} {suffix}" for n in (1, 2, 3)]

    sign_in(page, OFFICER)
    page.get_by_role("link", name="Projects", exact=True).first.click()
    expect(page.get_by_role("heading", name="Joint projects", level=1)).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Add a project").click()
    expect(page.get_by_role("heading", name="Add a joint project")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Title").fill(title)
    page.get_by_label("Summary").fill("Officers of both parties swap placements for a year.")
    page.get_by_label("Lead organisation").select_option(label="HLEP")
    page.get_by_role("checkbox", name="CPCA").check()
    page.get_by_label("Sector").select_option(label="Skills")
    page.get_by_role("checkbox", name="Stevenage").check()
    page.get_by_role("checkbox", name="2.3.5 Deliver joint projects").check()
    fill_date(page, "id_start_date", 1, 4, 2027)
    fill_date(page, "id_end_date", 31, 3, 2029)
    page.get_by_label("Budget").fill("250000")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Change the milestones").click()
    expect(page.get_by_role("heading", name="Milestones")).to_be_visible()
    assert axe_violations(page) == []
    page.locator("#id_milestones-0-title").fill("First placements start")
    fill_date(page, "id_milestones-0-due_date", 1, 6, 2027)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_role("cell", name="First placements start")).to_be_visible()

    page.get_by_role("link", name="Change the contributions").click()
    assert axe_violations(page) == []
    page.locator("#id_contributions-0-organisation").select_option(label="HLEP")
    page.locator("#id_contributions-0-amount").fill("150000")
    page.locator("#id_contributions-0-description").fill("Salaries of the placed officers")
    page.locator("#id_contributions-1-organisation").select_option(label="CPCA")
    page.locator("#id_contributions-1-kind_2").check()
    page.locator("#id_contributions-1-amount").fill("40000")
    page.locator("#id_contributions-1-description").fill("Desk space in Alconbury")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_role("cell", name="£190,000")).to_be_visible()
    assert axe_violations(page) == []

    page.goto("/projects/")
    page.get_by_role("link", name="Import projects from a spreadsheet").click()
    expect(page.get_by_role("heading", name="Import projects from a spreadsheet")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Spreadsheet of projects").set_input_files(
        spreadsheet_of(tmp_path / "projects.xlsx", imported)
    )
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_role("heading", name="Check the projects before importing them")).to_be_visible()
    for imported_title in imported:
        expect(page.get_by_role("cell", name=imported_title)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Import 3 projects").click()

    expect(page.get_by_role("heading", name="Joint projects", level=1)).to_be_visible()
    page.locator("summary", has_text="Filter").click()
    page.get_by_label("Search titles and summaries").fill(suffix)
    page.get_by_role("button", name="Apply filters").click()
    for listed in [title, *imported]:
        expect(page.get_by_role("link", name=listed)).to_be_visible()
    expect(page.get_by_text("4 projects", exact=True)).to_be_visible()
    assert axe_violations(page) == []
