"""An admin schedules the next six-monthly review, adds an agenda item, and the invitations with the
calendar file reach the members of both boards."""

import email
import email.policy
import time
import uuid

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.journeys.conftest import as_shown, days_ahead, sign_in

ADMIN = "hana@hlep.accord.localhost"
HLEP_BOARD_MEMBER = "helen@hlep.accord.localhost"
CPCA_BOARD_MEMBER = "colin@cpca.accord.localhost"
# The embedded mail backend writes each connection's messages to one file, between these lines.
MESSAGE_SEPARATOR = "-" * 79


def fill_date(page, field_id: str, day: int, month: int, year: int):
    page.locator(f"#{field_id}_0").fill(str(day))
    page.locator(f"#{field_id}_1").fill(str(month))
    page.locator(f"#{field_id}_2").fill(str(year))


def invitations_to(app, title: str) -> dict[str, email.message.Message]:
    """The emails about the meeting of this title, by recipient."""
    found = {}
    for text in app.mail():
        for part in text.split(MESSAGE_SEPARATOR):
            # The default policy unfolds long headers: a subject naming the partnership wraps.
            message = email.message_from_string(part.strip(), policy=email.policy.default)
            if title in str(message.get("Subject", "")):
                found[message["To"]] = message
    return found


def calendar_of(message: email.message.Message) -> str:
    return next(
        part.get_payload(decode=True).decode()
        for part in message.walk()
        if part.get_content_type() == "text/calendar"
    )


def test_an_admin_schedules_the_review_and_both_boards_are_invited(page, app):
    title = f"Six-monthly review {uuid.uuid4().hex[:8]}"
    on, papers_due = days_ahead(220), days_ahead(213)

    sign_in(page, ADMIN)
    page.get_by_role("link", name="Meetings", exact=True).first.click()
    expect(page.get_by_role("heading", name="Meetings", level=1)).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Schedule a meeting").click()
    expect(page.get_by_role("heading", name="Schedule a meeting")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Title").fill(title)
    fill_date(page, "id_on", on.day, on.month, on.year)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("12:00")
    page.get_by_label("Host").select_option(label="CPCA")
    page.get_by_label("Place").fill("Alconbury Weald Enterprise Campus, Huntingdon")
    fill_date(page, "id_papers_due_on", papers_due.day, papers_due.month, papers_due.year)
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_text(f"{as_shown(on)}, 10am to 12pm")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Add an agenda item").click()
    assert axe_violations(page) == []
    page.get_by_label("Title").fill("Joint bid to the growth fund")
    page.get_by_label("Description (optional)").fill("Whether to bid together in the next round.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Joint bid to the growth fund")).to_be_visible()
    assert axe_violations(page) == []

    # The worker sends the invitations; the beat dispatches any still due every minute.
    deadline = time.monotonic() + 150
    invitations = invitations_to(app, title)
    while {HLEP_BOARD_MEMBER, CPCA_BOARD_MEMBER} - invitations.keys() and time.monotonic() < deadline:
        time.sleep(2)
        invitations = invitations_to(app, title)
    assert {HLEP_BOARD_MEMBER, CPCA_BOARD_MEMBER} <= invitations.keys(), sorted(invitations)
    for member in (HLEP_BOARD_MEMBER, CPCA_BOARD_MEMBER):
        calendar = calendar_of(invitations[member])
        assert calendar.startswith("BEGIN:VCALENDAR")
        assert title in calendar.replace("\r\n ", "")
