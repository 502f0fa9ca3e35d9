"""The journeys by keyboard alone — Tab, Shift+Tab, Enter, Space and typing — with the focus always
visible on what it lands on."""

import re
import uuid

import openpyxl
from playwright.sync_api import expect

from tests.journeys.conftest import DEMO_PASSWORD, as_shown, days_ahead

BOARD_MEMBER = "helen@hlep.accord.localhost"
OFFICER = "hugo@hlep.accord.localhost"
ADMIN = "hana@hlep.accord.localhost"
MOST_TABS = 250  # more stops than any page has; a target not reached by then is not reachable

FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const label = element.labels && element.labels.length ? element.labels[0].textContent : "";
  return {
    tag: element.tagName.toLowerCase(),
    text: (element.innerText || element.value || "").trim(),
    href: element.getAttribute("href") || "",
    label: label.trim(),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
      && style.outlineColor !== "rgba(0, 0, 0, 0)",
    shadow: style.boxShadow !== "none",
  };
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def tab_to(page, wanted, key: str = "Tab") -> dict:
    """Presses Tab (or Shift+Tab) until the focused element is the one wanted, and checks a sighted
    keyboard user can see where the focus is."""
    for _ in range(MOST_TABS):
        page.keyboard.press(key)
        element = focused(page)
        if wanted(element):
            assert element["outline"] or element["shadow"], f"no visible focus on {element}"
            return element
    raise AssertionError(f"{key} never reached the element wanted; the focus ended on {focused(page)}")


def follow(page):
    """Enter on the focused link or button, and the next page has loaded."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def sign_in_by_keyboard(page, email: str) -> None:
    page.goto("/accounts/login/")
    tab_to(page, lambda e: e["label"] == "Email address")
    page.keyboard.type(email)
    tab_to(page, lambda e: e["label"] == "Password")
    page.keyboard.type(DEMO_PASSWORD)
    follow(page)


def test_a_board_member_reads_a_red_project_and_the_review_pack_by_keyboard(page, tmp_path):
    page.goto("/accounts/login/")
    skip_link = tab_to(page, lambda e: e["tag"] == "a")
    assert skip_link["text"] == "Skip to main content"
    tab_to(page, lambda e: e["label"] == "Email address")
    page.keyboard.type(BOARD_MEMBER)
    tab_to(page, lambda e: e["label"] == "Password")
    page.keyboard.type(DEMO_PASSWORD)
    follow(page)
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()

    tab_to(page, lambda e: e["href"] == "/projects/?status=live&rag=red")
    follow(page)
    expect(page).to_have_url(re.compile(r"/projects/\?status=live&rag=red$"))

    project = tab_to(page, lambda e: re.fullmatch(r"/projects/\d+/", e["href"]) is not None)
    follow(page)
    expect(page.get_by_role("heading", name=project["text"], level=1)).to_be_visible()

    # Back to the list by the breadcrumbs, going backwards from the commitment the project
    # delivers.
    tab_to(page, lambda e: e["href"].startswith("/agreement/"))
    tab_to(page, lambda e: e["href"] == "/projects/", key="Shift+Tab")
    follow(page)
    expect(page.get_by_role("heading", name="Joint projects", level=1)).to_be_visible()

    tab_to(page, lambda e: e["text"] == "Meetings")
    follow(page)
    tab_to(page, lambda e: e["text"] == "Six-monthly review" and re.fullmatch(r"/meetings/\d+/", e["href"]))
    follow(page)
    expect(page.get_by_role("heading", name="Agenda")).to_be_visible()

    tab_to(page, lambda e: e["text"] == "Review pack")
    follow(page)
    expect(page.get_by_text("Six-monthly review pack (clause 3.5)")).to_be_visible()
    tab_to(page, lambda e: e["text"] == "Download as a spreadsheet")
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    assert openpyxl.load_workbook(saved, read_only=True).sheetnames


def test_an_officer_logs_a_project_by_keyboard(page):
    title = f"Keyboard-logged skills pilot {uuid.uuid4().hex[:8]}"
    sign_in_by_keyboard(page, OFFICER)

    tab_to(page, lambda e: e["text"] == "Projects")
    follow(page)
    tab_to(page, lambda e: e["text"] == "Add a project")
    follow(page)
    expect(page.get_by_role("heading", name="Add a joint project")).to_be_visible()

    tab_to(page, lambda e: e["label"] == "Title")
    page.keyboard.type(title)
    tab_to(page, lambda e: e["label"] == "Summary")
    page.keyboard.type("Entered without a mouse.")
    tab_to(page, lambda e: e["label"] == "Lead organisation")
    page.keyboard.type("HLEP")
    tab_to(page, lambda e: e["label"] == "CPCA")
    page.keyboard.press("Space")
    tab_to(page, lambda e: e["label"] == "Sector")
    page.keyboard.type("Skills")
    tab_to(page, lambda e: e["label"] == "Stevenage")
    page.keyboard.press("Space")
    tab_to(page, lambda e: e["label"].startswith("2.3.5"))
    page.keyboard.press("Space")
    tab_to(page, lambda e: e["label"] == "Budget")
    page.keyboard.type("90000")
    tab_to(page, lambda e: e["text"] == "Save")
    follow(page)

    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    summary = page.locator(".govuk-summary-list")
    expect(summary).to_contain_text("Hertfordshire Enterprise Partnership")
    expect(summary).to_contain_text("Cambridgeshire and Peterborough Combined Authority")
    expect(summary).to_contain_text("Stevenage")
    expect(summary).to_contain_text("2.3.5 Deliver joint projects")
    expect(page.get_by_text("Skills · led by")).to_be_visible()


def type_date(page, day: int, month: int, year: int):
    tab_to(page, lambda e: e["label"] == "Day")
    page.keyboard.type(str(day))
    tab_to(page, lambda e: e["label"] == "Month")
    page.keyboard.type(str(month))
    tab_to(page, lambda e: e["label"] == "Year")
    page.keyboard.type(str(year))


def test_an_admin_schedules_a_review_and_adds_an_agenda_item_by_keyboard(page):
    title = f"Six-monthly review by keyboard {uuid.uuid4().hex[:8]}"
    on, papers_due = days_ahead(400), days_ahead(393)
    sign_in_by_keyboard(page, ADMIN)

    tab_to(page, lambda e: e["text"] == "Meetings")
    follow(page)
    tab_to(page, lambda e: e["text"] == "Schedule a meeting")
    follow(page)
    tab_to(page, lambda e: e["label"] == "Title")
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(title)
    type_date(page, on.day, on.month, on.year)
    tab_to(page, lambda e: e["label"] == "Start time")
    page.keyboard.type("14:00")
    tab_to(page, lambda e: e["label"] == "End time")
    page.keyboard.type("16:00")
    tab_to(page, lambda e: e["label"] == "Place")
    page.keyboard.type("Hatfield Business Park")
    type_date(page, papers_due.day, papers_due.month, papers_due.year)
    tab_to(page, lambda e: e["text"] == "Save")
    follow(page)
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_text(f"{as_shown(on)}, 2pm to 4pm")).to_be_visible()

    tab_to(page, lambda e: e["text"] == "Add an agenda item")
    follow(page)
    tab_to(page, lambda e: e["label"] == "Title")
    page.keyboard.type("Shared evidence on corridor housing")
    tab_to(page, lambda e: e["text"] == "Save")
    follow(page)
    expect(page.get_by_role("heading", name="Shared evidence on corridor housing")).to_be_visible()
