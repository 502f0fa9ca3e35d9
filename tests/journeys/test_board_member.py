"""A board member signs in, reads the dashboard, opens a red project from it, downloads the review
pack — with the mouse, and again with the keyboard alone."""

import re

import openpyxl
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.journeys.conftest import sign_in

BOARD_MEMBER = "helen@hlep.accord.localhost"


def test_a_board_member_reads_the_dashboard_and_the_agreement(page):
    sign_in(page, BOARD_MEMBER)
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    # The clause coverage's figures, behind its chart, link to each clause.
    page.locator("summary", has_text="records serving each clause").click()
    page.get_by_role("link", name="2.3.7", exact=False).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("information")
    assert axe_violations(page) == []


def test_a_board_member_opens_a_red_project_and_downloads_the_review_pack(page, tmp_path):
    sign_in(page, BOARD_MEMBER)
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name=re.compile("Red projects")).click()
    expect(page).to_have_url(re.compile(r"/projects/\?status=live&rag=red$"))
    expect(page.get_by_role("heading", name="Joint projects", level=1)).to_be_visible()
    assert axe_violations(page) == []
    table = page.get_by_role("table", name="Joint projects matching the filters")
    project = table.get_by_role("link").first
    title = project.inner_text()
    project.click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.locator(".govuk-summary-list").get_by_text("Red", exact=True)).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Meetings", exact=True).first.click()
    assert axe_violations(page) == []
    page.locator("main").get_by_role("link", name="Six-monthly review", exact=True).first.click()
    expect(page.get_by_role("heading", name="Agenda")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Review pack").click()
    expect(page.get_by_text("Six-monthly review pack (clause 3.5)")).to_be_visible()
    assert axe_violations(page) == []
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as a spreadsheet").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    workbook = openpyxl.load_workbook(saved, read_only=True)
    cells = [str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row]
    assert "Projects turned red" in cells
