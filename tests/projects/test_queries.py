"""The list and project pages run the same number of queries at 10 projects and at 1,000."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Contribution, Milestone, Place, Project, ProjectUpdate


@pytest.fixture
def make_projects(partnership, hlep, cpca, commitment):
    """make_projects(n) brings the partnership to n projects, each with partners, places,
    commitments, milestones, contributions and an update, written with bulk_create."""
    places = list(Place.objects.all()[:3])

    def make(total: int) -> None:
        have = Project.objects.count()
        projects = Project.objects.bulk_create(
            Project(
                partnership=partnership,
                title=f"Project {n:04}",
                lead_organisation=hlep if n % 2 else cpca,
                sector=Project.Sector.values[n % len(Project.Sector.values)],
                rag="amber" if n % 5 == 0 else "green",
                rag_reason="Behind plan" if n % 5 == 0 else "",
                start_date=datetime.date(2026, 1, 1),
                end_date=datetime.date(2027, 1, 1),
            )
            for n in range(have, total)
        )
        Project.partners.through.objects.bulk_create(
            Project.partners.through(project=p, organisation=cpca if p.lead_organisation == hlep else hlep)
            for p in projects
        )
        Project.places.through.objects.bulk_create(
            Project.places.through(project=p, place=place) for p in projects for place in places
        )
        Project.commitments.through.objects.bulk_create(
            Project.commitments.through(project=p, clause=commitment) for p in projects
        )
        Contribution.objects.bulk_create(
            Contribution(project=p, organisation=o, amount=Decimal("1000"))
            for p in projects
            for o in (hlep, cpca)
        )
        Milestone.objects.bulk_create(
            Milestone(project=p, title="Milestone", due_date=datetime.date(2026, 6, 1)) for p in projects
        )
        ProjectUpdate.objects.bulk_create(ProjectUpdate(project=p, text="Going well.") for p in projects)

    return make


@pytest.mark.parametrize(
    "path",
    [
        "/projects/",
        "/projects/?sector=ict&corridor=true&sort=-contributed&page=1",
        "/projects/?rag=amber&q=project",
    ],
)
def test_the_projects_list_runs_the_same_queries_at_ten_and_a_thousand(
    board_client, make_projects, django_assert_num_queries, path
):
    make_projects(10)
    board_client.get(path)  # the session and caches settle on the first request
    small = _queries(board_client, path)
    make_projects(1000)
    with django_assert_num_queries(small):
        board_client.get(path)


def test_the_project_page_runs_the_same_queries_at_ten_and_a_thousand(
    board_client, make_projects, django_assert_num_queries
):
    make_projects(10)
    first = Project.objects.order_by("pk").first()
    path = first.get_absolute_url()
    board_client.get(path)
    small = _queries(board_client, path)
    make_projects(1000)
    with django_assert_num_queries(small):
        board_client.get(path)


def test_the_export_runs_the_same_queries_at_ten_and_a_thousand(
    board_client, make_projects, django_assert_num_queries
):
    make_projects(10)
    small = _queries(board_client, "/projects/export.csv")
    make_projects(1000)
    with django_assert_num_queries(small):
        board_client.get("/projects/export.csv")


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_project_page_runs_the_same_queries_however_long_its_history(
    board_client, joint_project, django_assert_num_queries
):
    path = joint_project.get_absolute_url()
    board_client.get(path)
    small = _queries(board_client, path)
    for n in range(10):
        joint_project.title = f"Renamed {n}"
        joint_project.save()
    with django_assert_num_queries(small):
        board_client.get(path)
