"""Issue 16 (part B): the dashboard's and the review pack's charts are SVG drawn on the server, with no
script: each names itself (role="img", a title and a desc stating its figures), says in one sentence
what it shows, and keeps its figures behind "Show the figures"; the PDF carries the same charts' text."""

import io
import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from funding.models import Bid, BusinessCaseStage
from meetings.models import Action
from projects.models import Project
from tests.funding.factories import BidFactory, BusinessCaseStageFactory, FundingOpportunityFactory
from tests.meetings.factories import ActionFactory, MeetingFactory
from tests.projects.factories import OutcomeReportFactory, OutcomeTargetFactory, ProjectFactory

LONDON = ZoneInfo("Europe/London")
CHARTS = ["rag-by-period", "funding-funnel", "outcomes", "actions-by-age", "coverage"]


def at(year, month, day, hour=10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=LONDON)


@pytest.fixture
def history(partnership, hlep, cpca, hlep_officer):
    """Reviews on 1 February and 1 May 2026; a project turns red in each period; it is now 1 July."""
    with time_machine.travel(at(2026, 1, 10), tick=False):
        MeetingFactory(partnership=partnership, host=hlep, starts_at=at(2026, 2, 1), title="Winter review")
        MeetingFactory(partnership=partnership, host=cpca, starts_at=at(2026, 5, 1), title="Spring review")
        first = ProjectFactory(partnership=partnership, lead_organisation=hlep, title="Skills hub")
        second = ProjectFactory(
            partnership=partnership, lead_organisation=cpca, rag=Project.Rag.AMBER, rag_reason="Late survey"
        )
    with time_machine.travel(at(2026, 3, 1), tick=False):
        first.rag, first.rag_reason = Project.Rag.RED, "Site acquisition delayed"
        first.save()
        third = ProjectFactory(partnership=partnership, lead_organisation=hlep, title="Busway study")
    with time_machine.travel(at(2026, 6, 1), tick=False):
        second.rag = Project.Rag.RED
        second.save()
        third.status = Project.Status.COMPLETED
        third.save()
        opportunity = FundingOpportunityFactory(partnership=partnership)
        outline = BidFactory(
            opportunity=opportunity, lead_organisation=hlep, amount_requested=Decimal("400000")
        )
        BusinessCaseStageFactory(bid=outline, stage=BusinessCaseStage.Stage.SOC, date=date(2026, 5, 20))
        BidFactory(
            opportunity=opportunity,
            lead_organisation=cpca,
            status=Bid.Status.SUCCESSFUL,
            amount_requested=Decimal("100000"),
            amount_awarded=Decimal("90000"),
            decision_date=date(2026, 5, 30),
        )
        OutcomeTargetFactory(project=first, target=Decimal("120"))
        OutcomeReportFactory(project=first, actual=Decimal("30"))
        meeting = MeetingFactory(partnership=partnership, host=hlep, starts_at=at(2026, 5, 2), title="Extra")
        meeting.status = meeting.Status.CANCELLED
        meeting.save()
        spring = partnership.meetings.get(title="Spring review")
        ActionFactory(meeting=spring, owner=hlep_officer, due_date=date(2026, 6, 20))  # 11 days late
        ActionFactory(meeting=spring, owner=hlep_officer, due_date=date(2026, 3, 1))  # 122 days late
        ActionFactory(meeting=spring, owner=hlep_officer, due_date=date(2026, 7, 20))  # not yet due
        ActionFactory(
            meeting=spring, owner=hlep_officer, due_date=date(2026, 3, 1), status=Action.Status.DONE
        )  # done: not counted
    return partnership


def svg(html: str, slug: str) -> str:
    match = re.search(
        rf'<svg[^>]*aria-labelledby="chart-{slug}-title chart-{slug}-desc".*?</svg>', html, re.S
    )
    assert match, f"no chart {slug}"
    return match.group(0)


def desc(chart: str) -> str:
    return re.search(r"<desc[^>]*>(.*?)</desc>", chart, re.S).group(1)


def test_the_dashboard_draws_five_charts_without_script(board_client, history):
    with time_machine.travel(at(2026, 7, 1), tick=False):
        html = board_client.get("/").content.decode()
    assert "<script" not in re.sub(r'<script[^>]*src="[^"]+"[^>]*></script>', "", html)  # no inline script
    for slug in CHARTS:
        chart = svg(html, slug)
        assert 'role="img"' in chart
        assert f'<title id="chart-{slug}-title">' in chart
        assert "<script" not in chart and "style=" not in chart
    assert html.count("Show the figures") == 5


def test_rag_by_period_counts_each_review_from_the_history(board_client, history):
    with time_machine.travel(at(2026, 7, 1), tick=False):
        html = board_client.get("/").content.decode()
    text = desc(svg(html, "rag-by-period"))
    assert "1 February 2026 review: 0 red, 1 amber, 1 green;" in text
    assert "1 May 2026 review: 1 red, 1 amber, 1 green, 1 turned red;" in text
    # Now: both live projects are red; the completed one is no longer counted.
    assert "Today (1 July 2026): 2 red, 0 amber, 0 green, 1 turned red" in text
    assert "2 live projects now: 2 red, 0 amber, 0 green; 2 projects turned red" in html
    assert "▲ 2 live, 1 turned red" in html  # marked on the chart


def test_the_funnel_outcomes_actions_and_coverage_state_their_figures(board_client, history):
    with time_machine.travel(at(2026, 7, 1), tick=False):
        html = board_client.get("/").content.decode()
    funnel = desc(svg(html, "funding-funnel"))
    assert "Every bid in play: £500,000, 2 bids" in funnel
    assert "Strategic outline case: £400,000, 1 bids" in funnel
    assert "Full business case: £0, 0 bids" in funnel
    assert "Awarded: £90,000, 1 bids" in funnel
    assert "Jobs created: 30 achieved of 120 (25%)" in desc(svg(html, "outcomes"))
    assert "0 of 1 outcome has reached its target." in html
    actions = desc(svg(html, "actions-by-age"))
    assert "HLEP: 1 not yet due, 1 up to 30 days late, 0 31 to 90 days late, 1 over 90 days late" in actions
    coverage = desc(svg(html, "coverage"))
    assert "2.3.7: nothing, a gap" in coverage
    assert ">Gap</text>" in svg(html, "coverage")


def test_the_dashboard_runs_the_same_queries_however_much_history(board_client, history, hlep, hlep_officer):
    with time_machine.travel(at(2026, 7, 1), tick=False):
        with CaptureQueriesContext(connection) as small:
            board_client.get("/")
        for _ in range(15):
            project = ProjectFactory(partnership=history, lead_organisation=hlep)
            project.rag, project.rag_reason = Project.Rag.AMBER, "Slipping"
            project.save()
            ActionFactory(meeting=history.meetings.first(), owner=hlep_officer)
        with CaptureQueriesContext(connection) as large:
            board_client.get("/")
    assert len(large) == len(small)


def test_the_review_pack_and_its_pdf_carry_the_charts(board_client, history):
    review = history.meetings.get(title="Spring review")
    with time_machine.travel(at(2026, 7, 1), tick=False):
        html = board_client.get(f"/reviews/{review.pk}/pack/").content.decode()
        response = board_client.get(f"/reviews/{review.pk}/pack.pdf")
    for slug in CHARTS[:4]:
        assert 'role="img"' in svg(html, slug)
    # The pack's last point is the review itself, not today.
    assert "This review (1 May 2026): 1 red, 1 amber, 1 green, 1 turned red" in desc(
        svg(html, "rag-by-period")
    )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    assert "Live projects by RAG rating at each review" in flat
    assert "The funding pipeline by Green Book stage" in flat
    assert "Outcomes against their targets" in flat
    assert "Open actions by how late they are, per party" in flat
    assert "turned red" in flat
    assert "Strategic outline case" in flat


def test_charts_with_nothing_to_show_say_so(board_client, partnership):
    html = board_client.get("/").content.decode()
    assert "No outcome targets are set yet." in html
    assert "No action is open." in html
    assert "£0 is requested by 0 bids in play" in html
