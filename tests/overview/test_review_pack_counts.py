"""3.5: what the review pack's figures and spreadsheet say is true — a proposal counts as agreed once,
when every party's board has approved it; a period not yet over says "to date"; the columns stay put."""

import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook

from meetings.models import Decision
from tests.meetings.factories import ActionFactory, DecisionFactory, MeetingFactory, ProposalFactory

LONDON = ZoneInfo("Europe/London")
APPROVED, REJECTED = Decision.Outcome.APPROVED, Decision.Outcome.REJECTED


def at(year, month, day) -> datetime:
    return datetime(year, month, day, 10, tzinfo=LONDON)


@pytest.fixture
def reviews(partnership, hlep):
    """Reviews on 1 May 2026 and 1 November 2026: the pack is for November's."""
    MeetingFactory(partnership=partnership, host=hlep, starts_at=at(2026, 5, 1), title="Spring review")
    return MeetingFactory(
        partnership=partnership, host=hlep, starts_at=at(2026, 11, 1), title="=Autumn review"
    )


def figures(pack) -> dict:
    return {(m.section, m.label): (m.this, m.last) for m in pack.measures}


def decide(proposal, board, outcome, on):
    DecisionFactory(proposal=proposal, board=board, outcome=outcome, decided_on=on)


def test_a_proposal_counts_once_when_every_board_has_approved_it(
    board_client, reviews, partnership, hlep, cpca
):
    both_this_period = ProposalFactory(partnership=partnership)
    decide(both_this_period, hlep.board, APPROVED, date(2026, 6, 1))
    decide(both_this_period, cpca.board, APPROVED, date(2026, 6, 10))
    one_board_only = ProposalFactory(partnership=partnership)
    decide(one_board_only, hlep.board, APPROVED, date(2026, 6, 1))
    agreed_when_the_second_approved = ProposalFactory(partnership=partnership)
    decide(agreed_when_the_second_approved, hlep.board, APPROVED, date(2026, 3, 3))
    decide(agreed_when_the_second_approved, cpca.board, APPROVED, date(2026, 7, 5))
    blocked = ProposalFactory(partnership=partnership)
    decide(blocked, hlep.board, APPROVED, date(2026, 8, 1))
    decide(blocked, cpca.board, REJECTED, date(2026, 8, 2))
    both_last_period = ProposalFactory(partnership=partnership)
    decide(both_last_period, hlep.board, APPROVED, date(2026, 2, 1))
    decide(both_last_period, cpca.board, APPROVED, date(2026, 3, 1))

    got = figures(board_client.get(f"/reviews/{reviews.pk}/pack/").context["pack"])

    # By hand: agreed this period, the first and the third; last period, the fifth.
    assert got[("Board decisions", "Proposals agreed")] == (2, 1)
    # Every board's decision on its own: 2 + 1 + 1 + 2 this period; 1 + 2 last period.
    assert got[("Board decisions", "Board decisions recorded")] == (6, 3)


def test_a_period_not_yet_over_is_to_date(board_client, reviews):
    with time_machine.travel(at(2026, 10, 15), tick=False):
        page = board_client.get(f"/reviews/{reviews.pk}/pack/")
    content = page.content.decode()
    assert "2 May 2026 to date" in content
    assert "This period to date" in content
    assert "to 1 November 2026" not in content


def test_a_period_not_yet_over_counts_nothing_yet_to_come(board_client, reviews, hlep_officer):
    with time_machine.travel(at(2026, 10, 15), tick=False):
        ActionFactory(meeting=reviews, owner=hlep_officer, due_date=date(2026, 10, 10))
        ActionFactory(meeting=reviews, owner=hlep_officer, due_date=date(2026, 10, 20))  # not due yet
        got = figures(board_client.get(f"/reviews/{reviews.pk}/pack/").context["pack"])
    assert got[("Actions", "Actions due in the period and still open")] == (1, 0)


def test_a_period_over_gives_its_last_day(board_client, reviews):
    content = board_client.get(f"/reviews/{reviews.pk}/pack/").content.decode()
    assert "2 May 2026 to 1 November 2026" in content
    assert "to date" not in content


def test_every_table_has_its_columns_in_the_same_place(board_client, reviews, partnership, hlep):
    decide(ProposalFactory(partnership=partnership), hlep.board, APPROVED, date(2026, 6, 1))
    content = board_client.get(f"/reviews/{reviews.pk}/pack/").content.decode()
    heads = [
        [re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", head)]
        for head in re.findall(r"accord-review-table.*?</thead>", content, re.S)
    ]
    assert len(heads) >= 5
    assert all(head == ["Measure", "Last period", "This period", "Change"] for head in heads)


def test_the_spreadsheet_has_its_header_first_frozen_and_filtered(board_client, reviews, partnership, hlep):
    decide(ProposalFactory(partnership=partnership), hlep.board, APPROVED, date(2026, 6, 1))
    response = board_client.get(f"/reviews/{reviews.pk}/pack.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))

    sheet = workbook["Review pack"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Section", "Measure", "Last period", "This period", "Change")
    assert ("Board decisions", "Board decisions recorded", 0, 1, 1) in rows
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:E{len(rows)}"
    assert all(sheet.column_dimensions[column].width for column in "ABCDE")

    about = {row[0]: row[1] for row in workbook["About"].iter_rows(values_only=True)}
    assert (
        about["Review pack for"] == "=Autumn review, 1 November 2026"
    )  # the title stays text, never a formula
    assert workbook["About"]["B1"].data_type == "s"
    assert about["This period"] == "2 May 2026 to 1 November 2026"
    assert about["Last period"] == "1 November 2025 to 1 May 2026"
    assert about["Made at (London time)"]
