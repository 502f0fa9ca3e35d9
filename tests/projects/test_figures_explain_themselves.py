"""Issue 15: the boards' figures agree with each other and say what they count; a project's page and
the list flag a funding gap, and a late milestone on a project rated Green."""

import datetime
import io
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.generate import Size, make_projects
from projects import demo
from projects.models import Project
from tests.projects.factories import ContributionFactory, MilestoneFactory, ProjectFactory

LIVE_MEANS = "Live projects: those not completed or closed."
GAP = "Funding gap: £480,000"
REVIEW = "A milestone is late: review the RAG rating"
LAST_YEAR = timezone.localdate() - datetime.timedelta(days=365)


def dashboard_by_rag(client) -> dict[str, int]:
    return {row["value"]: row["count"] for row in client.get("/").context["by_rag"]}


def list_by_rag(client, query: str = "") -> dict[str, int]:
    return {rag: n for _, rag, n in client.get(f"/projects/{query}").context["counts_by_rag"]}


def assert_the_dashboard_and_the_list_agree(client, partnership):
    on_dashboard = dashboard_by_rag(client)
    assert on_dashboard == list_by_rag(client)
    for rag, count in on_dashboard.items():
        # The dashboard's figure links to the list it counts.
        assert client.get(f"/projects/?status=live&rag={rag}").context["paginator"].count == count
    matrix = client.get("/").context["matrix"]
    projects_of = {clause.pk: next(s for s in clause.served if s.anchor == "projects") for clause in matrix}
    assert any(served.count for served in projects_of.values())
    # A practice (3.1, say) no project can serve shows no projects: the list cannot be filtered by it.
    for clause in (clause for clause in matrix if projects_of[clause.pk].count):
        assert projects_of[clause.pk].url == f"/projects/?commitment={clause.pk}"
        listed = client.get(projects_of[clause.pk].url).context["paginator"].count
        assert listed == projects_of[clause.pk].count
    projects = Project.objects.for_partnership(partnership)
    assert sum(on_dashboard.values()) == projects.exclude(status__in=["completed", "closed"]).count()
    assert projects.filter(status__in=["completed", "closed"]).exists()  # so the rule is tested


def test_the_dashboard_and_the_list_count_the_demo_projects_alike(board_client, partnership):
    demo.load(partnership)
    assert_the_dashboard_and_the_list_agree(board_client, partnership)


def test_the_dashboard_and_the_list_count_generated_projects_alike(board_client, partnership):
    make_projects(partnership, size=Size(projects=60, people=10), rng=random.Random(15), stdout=io.StringIO())
    assert_the_dashboard_and_the_list_agree(board_client, partnership)


def test_the_dashboard_and_the_list_say_what_live_means(board_client, joint_project):
    for path in ("/", "/projects/"):
        assert LIVE_MEANS in board_client.get(path).content.decode()


def test_a_completed_project_is_not_counted_live_on_the_list(board_client, joint_project, hlep_only_project):
    hlep_only_project.status = Project.Status.COMPLETED
    hlep_only_project.save()
    assert list_by_rag(board_client) == {"red": 0, "amber": 0, "green": 1}
    assert board_client.get("/projects/?status=live").context["paginator"].count == 1


def test_a_budget_beyond_the_contributions_is_flagged_on_the_page_and_the_list(
    board_client, joint_project, hlep, cpca
):
    joint_project.budget = Decimal("4800000")
    joint_project.save()
    ContributionFactory(project=joint_project, organisation=hlep, amount=Decimal("2640000"))
    ContributionFactory(project=joint_project, organisation=cpca, amount=Decimal("1680000"))
    assert GAP in board_client.get(joint_project.get_absolute_url()).content.decode()
    assert GAP in board_client.get("/projects/").content.decode()


def test_the_demo_incubator_shows_its_gap(board_client, partnership):
    demo.load(partnership)
    incubator = Project.objects.get(title="Corridor life sciences incubator")
    assert GAP in board_client.get(incubator.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("budget", "contributions"),
    [(Decimal("500000"), [Decimal("300000"), Decimal("200000")]), (None, []), (Decimal("0"), [])],
)
def test_no_gap_is_flagged_when_the_contributions_cover_the_budget(
    board_client, joint_project, hlep, budget, contributions
):
    joint_project.budget = budget
    joint_project.save()
    for amount in contributions:
        ContributionFactory(project=joint_project, organisation=hlep, amount=amount)
    for path in (joint_project.get_absolute_url(), "/projects/"):
        assert "Funding gap" not in board_client.get(path).content.decode()


def test_a_project_with_no_contributions_has_its_whole_budget_as_the_gap(board_client, joint_project):
    page = board_client.get(joint_project.get_absolute_url()).content.decode()
    assert "Funding gap: £500,000" in page


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_flags_cost_no_query_per_row(board_client, partnership, hlep):
    def add(n):
        for _ in range(n):
            project = ProjectFactory(
                partnership=partnership, lead_organisation=hlep, budget=Decimal("480000")
            )
            MilestoneFactory(project=project, due_date=LAST_YEAR)

    add(2)
    board_client.get("/projects/")  # the session and caches settle on the first request
    small = _queries(board_client, "/projects/")
    add(6)
    page = board_client.get("/projects/").content.decode()
    assert page.count(GAP) == 8 and page.count(REVIEW) == 8
    assert _queries(board_client, "/projects/") == small


def test_a_late_milestone_on_a_green_project_prompts_a_review_of_its_rating(board_client, joint_project):
    MilestoneFactory(project=joint_project, due_date=LAST_YEAR)
    for path in (joint_project.get_absolute_url(), "/projects/"):
        assert REVIEW in board_client.get(path).content.decode()


@pytest.mark.parametrize(
    ("rag", "status", "done"),
    [
        ("amber", "in_delivery", False),  # already flagged by its rating
        ("green", "in_delivery", True),  # the milestone was met, if late
        ("green", "closed", False),  # no longer delivered: nothing to review
    ],
)
def test_no_review_prompt_otherwise(board_client, joint_project, rag, status, done):
    Project.objects.filter(pk=joint_project.pk).update(
        rag=rag, rag_reason="" if rag == "green" else "Behind plan", status=status
    )
    MilestoneFactory(project=joint_project, due_date=LAST_YEAR, done_on=LAST_YEAR if done else None)
    for path in (joint_project.get_absolute_url(), "/projects/"):
        assert REVIEW not in board_client.get(path).content.decode()
