"""The dashboard answers "how is the partnership doing?" for board members, every figure linking to
the list behind it, in the same number of queries whatever the partnership's size."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from funding.models import Bid
from meetings.models import Decision
from partnership.models import Clause, ConsultationResponse
from partnership.templatetags.accord import time_of_day
from projects.models import OutcomeKind, Project
from tests.factories import ConsultationFactory
from tests.funding.factories import BidFactory, FundingOpportunityFactory, MatchFundingFactory
from tests.meetings.factories import ActionFactory, DecisionFactory, MeetingFactory, ProposalFactory
from tests.projects.factories import OutcomeReportFactory, OutcomeTargetFactory, ProjectFactory
from tests.projects.test_pages import project_form
from tests.waiting import wait_until


def served(clause) -> dict[str, int]:
    """A row of the matrix: how many records of each kind serve the clause, the kinds with any."""
    return {kind.anchor: kind.count for kind in clause.served if kind.count}


@pytest.fixture
def busy_partnership(partnership, hlep, cpca, commitment, hlep_officer, admin_person):
    MeetingFactory(partnership=partnership, host=hlep, title="Spring review")
    red = ProjectFactory(
        partnership=partnership,
        lead_organisation=hlep,
        rag=Project.Rag.RED,
        rag_reason="Site acquisition delayed",
        commitments=[commitment],
    )
    ProjectFactory(partnership=partnership, lead_organisation=cpca, sector=Project.Sector.HOUSING)
    ProjectFactory(partnership=partnership, lead_organisation=cpca, status=Project.Status.COMPLETED)
    proposal = ProposalFactory(partnership=partnership, title="Joint skills plan")
    DecisionFactory(proposal=proposal, board=hlep.board)
    meeting = MeetingFactory(
        partnership=partnership, host=cpca, starts_at=timezone.now() - timedelta(days=60)
    )
    ActionFactory(meeting=meeting, owner=hlep_officer, due_date=date.today() - timedelta(days=3))
    consultation = ConsultationFactory(
        partnership=partnership, consulting_organisation=hlep, opens_on=date.today() - timedelta(days=1)
    )
    ConsultationResponse.objects.create(consultation=consultation, organisation=cpca)
    opportunity = FundingOpportunityFactory(partnership=partnership)
    bid = BidFactory(opportunity=opportunity, lead_organisation=hlep, amount_requested=Decimal("400000"))
    MatchFundingFactory(bid=bid, organisation=cpca, amount=Decimal("50000"))
    BidFactory(
        opportunity=opportunity,
        lead_organisation=cpca,
        status=Bid.Status.SUCCESSFUL,
        amount_requested=Decimal("100000"),
        amount_awarded=Decimal("90000"),
        decision_date=date.today(),
    )
    OutcomeTargetFactory(project=red, target=Decimal("120"))
    OutcomeReportFactory(project=red, actual=Decimal("30"))
    return red


def test_a_board_member_sees_how_the_partnership_is_doing(
    board_client, busy_partnership, hlep, cpca, commitment
):
    page = board_client.get("/")
    context = page.context
    assert context["next_meeting"].title == "Spring review"
    awaited = {row.board.organisation.short_name: row for row in context["boards"]}
    assert (awaited["HLEP"].decisions_awaited, awaited["CPCA"].decisions_awaited) == (0, 1)
    assert (awaited["HLEP"].consultations_awaited, awaited["CPCA"].consultations_awaited) == (0, 1)
    assert [(row["owner_organisation__short_name"], row["n"]) for row in context["overdue_actions"]] == [
        ("HLEP", 1)
    ]
    rag = {row["value"]: row["count"] for row in context["by_rag"]}
    assert rag == {"red": 1, "amber": 0, "green": 1}  # the completed project is not live
    assert context["funding"]["requested"] == Decimal("500000")
    assert context["funding"]["awarded"] == Decimal("90000")
    assert context["funding"]["matched"] == Decimal("50000")
    assert context["funding"]["success_rate"] == Decimal("100.0")
    jobs = next(kind for kind in context["outcomes"] if kind.name == "Jobs created")
    assert (jobs.target, jobs.achieved) == (Decimal("120"), Decimal("30"))
    rows = {clause.number: clause for clause in context["matrix"]}
    assert served(rows["2.3.5"]) == {"projects": 1}
    assert rows["2.3.7"].total == 0
    html = page.content.decode()
    assert 'href="/projects/?status=live&amp;rag=red"' in html
    assert f'href="/projects/?commitment={commitment.pk}"' in html
    assert "Nothing serves it" in html


def test_an_approved_proposal_no_longer_awaits_anyone(board_client, busy_partnership, cpca):
    proposal = busy_partnership.partnership.proposals.get()
    DecisionFactory(proposal=proposal, board=cpca.board, outcome=Decision.Outcome.APPROVED)
    boards = board_client.get("/").context["boards"]
    assert [row.decisions_awaited for row in boards] == [0, 0]


def test_the_dashboard_runs_the_same_queries_at_any_size(board_client, busy_partnership, partnership, hlep):
    with CaptureQueriesContext(connection) as small:
        board_client.get("/")
    for _ in range(40):
        ProjectFactory(
            partnership=partnership,
            lead_organisation=hlep,
            commitments=list(busy_partnership.commitments.all()),
        )
        ProposalFactory(partnership=partnership)
    with CaptureQueriesContext(connection) as large:
        board_client.get("/")
    assert len(large) == len(small)


def test_the_figures_are_kept_a_minute_and_the_page_says_when_they_were_worked_out(
    board_client, busy_partnership, partnership, hlep, settings
):
    settings.ACCORD_DASHBOARD_SECONDS = 60
    key = f"dashboard:{partnership.pk}"
    cache.delete(key)

    def red_projects(page) -> int:
        return {row["value"]: row["count"] for row in page.context["by_rag"]}[Project.Rag.RED]

    with CaptureQueriesContext(connection) as first:
        page = board_client.get("/")
    assert f"Figures as at {time_of_day(timezone.localtime())} today" in page.content.decode()
    assert red_projects(page) == 1
    ProjectFactory(partnership=partnership, lead_organisation=hlep, rag=Project.Rag.RED, rag_reason="Late")

    with CaptureQueriesContext(connection) as second:
        page = board_client.get("/")
    assert red_projects(page) == 1  # as at the time the page says
    assert len(second) <= len(first) - 15  # none of the figures' queries ran again

    cache.touch(key, 1)  # the minute is up
    wait_until(lambda: cache.get(key) is None, timeout=5, message="the figures to expire")
    assert red_projects(board_client.get("/")) == 2
    cache.delete(key)


def test_a_change_someone_saves_shows_on_the_dashboard_at_once(
    board_client,
    busy_partnership,
    partnership,
    hlep,
    hlep_officer,
    commitment,
    settings,
):
    settings.ACCORD_DASHBOARD_SECONDS = 60
    cache.delete(f"dashboard:{partnership.pk}")

    def red_projects() -> int:
        return {row["value"]: row["count"] for row in board_client.get("/").context["by_rag"]}[
            Project.Rag.RED
        ]

    assert red_projects() == 1
    officer = Client()
    officer.force_login(hlep_officer)
    refused = officer.post("/projects/new/", project_form(commitment, hlep, rag="red"))
    assert "Say why the project is rated red or amber." in refused.content.decode()
    assert red_projects() == 1

    saved = officer.post("/projects/new/", project_form(commitment, hlep, rag="red", rag_reason="Late"))
    assert saved.status_code == 302
    assert red_projects() == 2
    cache.delete(f"dashboard:{partnership.pk}")


def test_outcome_kinds_are_data_the_dashboard_follows(board_client, partnership, busy_partnership):
    OutcomeKind.objects.create(partnership=partnership, name="Hectares of land remediated", unit="hectares")
    names = [kind.name for kind in board_client.get("/").context["outcomes"]]
    assert "Hectares of land remediated" not in names  # no project reports it yet
    assert "Jobs created" in names


def test_a_clause_page_lists_what_serves_it(board_client, busy_partnership, commitment):
    page = board_client.get(commitment.get_absolute_url())
    sections = {section.anchor: section for section in page.context["linked"]}
    assert [entry.record.title for entry in sections["projects"].records] == [busy_partnership.title]
    assert sections["consultations"].count == 0
    assert busy_partnership.get_absolute_url() in page.content.decode()


# What may serve a clause: every many-to-many link to clauses but a funding opportunity's, which
# only says what a bid for it could serve.
SERVING_LINKS = [
    "projects",
    "bids",
    "proposals",
    "priorities",
    "meetings",
    "agenda_items",
    "consultations",
    "evidence",
]


def test_on_the_demo_the_matrix_flags_only_clauses_nothing_serves(board_client):
    call_command("load_demo", stdout=io.StringIO())
    page = board_client.get("/")
    rows = {clause.number: clause for clause in page.context["matrix"]}
    # The reviews (3.2, 3.2.1, 3.5) and the bids for government investment (3.3 through 3.3.1).
    for number in ("3.2", "3.2.1", "3.3", "3.3.1", "3.5"):
        assert rows[number].total > 0, number
    assert served(rows["3.2.1"])["meetings"] == 2
    assert served(rows["3.2.1"])["agenda-items"] == 6  # the standing items of both reviews
    assert served(rows["3.5"])["review-packs"] == 1  # the review already held
    assert served(rows["3.3"]) == served(rows["3.3.1"]) != {}
    for clause in rows.values():
        subtree = Clause.objects.subtree(clause)
        linked = any(getattr(c, name).exists() for c in subtree for name in SERVING_LINKS)
        assert (clause.total == 0) == (not linked), clause.number
    html = page.content.decode()
    flagged = html.count("Nothing serves it")
    assert flagged == sum(1 for clause in rows.values() if not clause.total)
