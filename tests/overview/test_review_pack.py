"""3.5: the review pack shows what changed since the previous review, beside the period before."""

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook

from funding.models import Bid
from meetings.models import Action, Decision
from partnership.models import ConsultationResponse
from projects.models import Project
from tests.factories import ConsultationFactory
from tests.funding.factories import BidFactory, FundingOpportunityFactory
from tests.meetings.factories import ActionFactory, DecisionFactory, MeetingFactory, ProposalFactory
from tests.projects.factories import OutcomeReportFactory, ProjectFactory

LONDON = ZoneInfo("Europe/London")


def at(year, month, day) -> datetime:
    return datetime(year, month, day, 10, tzinfo=LONDON)


@pytest.fixture
def reviews(partnership, hlep):
    """Reviews on 1 May 2026 and 1 November 2026: the pack is for November's."""
    MeetingFactory(partnership=partnership, host=hlep, starts_at=at(2026, 5, 1), title="Spring review")
    return MeetingFactory(
        partnership=partnership, host=hlep, starts_at=at(2026, 11, 1), title="Autumn review"
    )


def figures(pack) -> dict:
    return {(m.section, m.label): (m.this, m.last) for m in pack.measures}


@pytest.fixture
def history(partnership, hlep, cpca, hlep_officer, reviews):
    with time_machine.travel(at(2026, 3, 1), tick=False):
        turned_red_last_period = ProjectFactory(partnership=partnership, lead_organisation=hlep)
        delivering = ProjectFactory(
            partnership=partnership, lead_organisation=hlep, start_date=date(2026, 6, 1)
        )
        bid = BidFactory(
            opportunity=FundingOpportunityFactory(partnership=partnership),
            lead_organisation=hlep,
            status=Bid.Status.IN_DEVELOPMENT,
        )
        action = ActionFactory(meeting=reviews, owner=hlep_officer, due_date=date(2026, 7, 1))
        ActionFactory(meeting=reviews, owner=hlep_officer, due_date=date(2026, 8, 1))
    with time_machine.travel(at(2026, 4, 1), tick=False):
        turned_red_last_period.rag, turned_red_last_period.rag_reason = Project.Rag.RED, "Late"
        turned_red_last_period.save()
    with time_machine.travel(at(2026, 7, 1), tick=False):
        delivering.status = Project.Status.COMPLETED
        delivering.save()
        bid.status = Bid.Status.SUBMITTED
        bid.save()
        action.status = Action.Status.DONE
        action.save()
    with time_machine.travel(at(2026, 9, 1), tick=False):
        bid.status, bid.decision_date, bid.amount_awarded = (
            Bid.Status.SUCCESSFUL,
            date(2026, 9, 1),
            Decimal("75000"),
        )
        bid.save()
    OutcomeReportFactory(project=delivering, period_start=date(2026, 4, 1), period_end=date(2026, 9, 30))
    DecisionFactory(
        proposal=ProposalFactory(partnership=partnership), board=hlep.board, decided_on=date(2026, 6, 5)
    )
    consultation = ConsultationFactory(
        partnership=partnership,
        consulting_organisation=hlep,
        opens_on=date(2026, 6, 1),
        respond_by=date(2026, 7, 1),
    )
    ConsultationResponse.objects.create(
        consultation=consultation, organisation=cpca, text="Late, sorry", responded_on=date(2026, 7, 9)
    )


def test_the_pack_sets_this_period_beside_the_last(board_client, reviews, history):
    page = board_client.get(f"/reviews/{reviews.pk}/pack/")
    assert page.status_code == 200
    got = figures(page.context["pack"])
    assert got[("Joint projects", "Projects started")] == (1, 1)  # the factory starts projects in April
    assert got[("Joint projects", "Projects completed")] == (1, 0)
    assert got[("Joint projects", "Projects turned red")] == (0, 1)
    assert got[("Funding bids", "Bids submitted")] == (1, 0)
    assert got[("Funding bids", "Bids won")] == (1, 0)
    assert got[("Funding bids", "Awarded to bids won")] == (Decimal("75000"), 0)
    assert got[("Outcomes delivered", "Jobs created")] == (Decimal("30"), 0)
    assert got[("Board decisions", "Board decisions to approve")] == (1, 0)
    assert got[("Duty to cooperate", "Consultation responses given late")] == (1, 0)
    assert got[("Actions", "Actions closed")] == (1, 0)
    assert got[("Actions", "Actions due in the period and still open")] == (1, 0)
    assert b"2 May 2026 to 1 November 2026" in page.content


def test_the_pack_downloads_as_a_spreadsheet(board_client, reviews, history):
    response = board_client.get(f"/reviews/{reviews.pk}/pack.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert ("Funding bids", "Awarded to bids won", 0, 75000, 75000) in rows


def test_the_pack_runs_the_same_queries_at_any_size(board_client, reviews, history, partnership, hlep):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        board_client.get(f"/reviews/{reviews.pk}/pack/")
    for _ in range(30):
        ProjectFactory(partnership=partnership, lead_organisation=hlep, start_date=date(2026, 6, 1))
    with CaptureQueriesContext(connection) as large:
        board_client.get(f"/reviews/{reviews.pk}/pack/")
    assert len(large) == len(small)


def test_another_partnership_cannot_read_the_pack(client, outsider, reviews):
    client.force_login(outsider)
    assert client.get(f"/reviews/{reviews.pk}/pack/").status_code == 404
    assert client.get(f"/reviews/{reviews.pk}/pack.xlsx").status_code == 404


def test_deferred_decisions_are_counted_apart(board_client, reviews, partnership, cpca):
    DecisionFactory(
        proposal=ProposalFactory(partnership=partnership),
        board=cpca.board,
        outcome=Decision.Outcome.DEFERRED,
        decided_on=date(2026, 2, 1),
    )
    got = figures(board_client.get(f"/reviews/{reviews.pk}/pack/").context["pack"])
    assert got[("Board decisions", "Board decisions to defer")] == (0, 1)
