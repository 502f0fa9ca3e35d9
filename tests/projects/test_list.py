"""Boards find projects by sector, status, RAG, lead, commitment, corridor and text; sort and page
through them; take the filtered list away as CSV or Excel."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine

from projects.models import Place, Project
from tests.projects.factories import ContributionFactory
from tests.spreadsheets import about, assert_well_made


def titles(response) -> list[str]:
    return [p.title for p in response.context["projects"]]


@pytest.fixture
def projects(joint_project, hlep_only_project, cpca_only_project, agreement):
    hlep_only_project.rag, hlep_only_project.rag_reason = "red", "Funding gap"
    hlep_only_project.status = "paused"
    hlep_only_project.sector = "skills"
    hlep_only_project.end_date = datetime.date(2026, 12, 31)
    hlep_only_project.save()
    hlep_only_project.places.set([Place.objects.get(name="Watford")])
    cpca_only_project.commitments.set([agreement.clauses.get(number="2.3.6")])
    ContributionFactory(project=cpca_only_project, amount=Decimal("900000"))
    return [joint_project, hlep_only_project, cpca_only_project]


@pytest.mark.parametrize(
    "query, expected",
    [
        (
            "",
            [
                "Corridor life sciences incubator",
                "Fenland housing retrofit",
                "Hertfordshire skills bootcamps",
            ],
        ),
        ("?sector=housing", ["Fenland housing retrofit"]),
        ("?status=paused", ["Hertfordshire skills bootcamps"]),
        ("?rag=red", ["Hertfordshire skills bootcamps"]),
        ("?corridor=true", ["Corridor life sciences incubator"]),
        ("?corridor=false", ["Fenland housing retrofit", "Hertfordshire skills bootcamps"]),
        ("?q=BOOTCAMP", ["Hertfordshire skills bootcamps"]),
        ("?q=shared+work&sector=life_sciences", ["Corridor life sciences incubator"]),
        (
            "?sort=end_date",
            [
                "Hertfordshire skills bootcamps",
                "Corridor life sciences incubator",
                "Fenland housing retrofit",
            ],
        ),
        (
            "?sort=rag",
            [
                "Hertfordshire skills bootcamps",
                "Corridor life sciences incubator",
                "Fenland housing retrofit",
            ],
        ),
        (
            "?sort=-contributed",
            [
                "Fenland housing retrofit",
                "Corridor life sciences incubator",
                "Hertfordshire skills bootcamps",
            ],
        ),
    ],
)
def test_a_board_member_filters_and_sorts_the_projects(board_client, projects, query, expected):
    assert titles(board_client.get(f"/projects/{query}")) == expected


def test_filters_by_lead_organisation_and_commitment(board_client, projects, cpca, agreement):
    assert titles(board_client.get(f"/projects/?lead_organisation={cpca.pk}")) == ["Fenland housing retrofit"]
    housing = agreement.clauses.get(number="2.3.6")
    assert titles(board_client.get(f"/projects/?commitment={housing.pk}")) == ["Fenland housing retrofit"]


def test_the_list_counts_projects_by_rag_and_sector(board_client, projects):
    response = board_client.get("/projects/?lead_organisation=&sector=")
    assert [(label, n) for label, _, n in response.context["counts_by_rag"]] == [
        ("Red", 1),
        ("Amber", 0),
        ("Green", 2),
    ]
    assert ("Housing", 1) in response.context["counts_by_sector"]


def test_a_filter_that_makes_no_sense_shows_an_error_not_a_crash(board_client, projects):
    response = board_client.get("/projects/?sector=fishing&lead_organisation=abc")
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content


def test_the_list_pages_through_many_projects(board_client, partnership, hlep):
    Project.objects.bulk_create(
        Project(partnership=partnership, title=f"Project {n:03}", lead_organisation=hlep, sector="ict")
        for n in range(60)
    )
    first = board_client.get("/projects/")
    assert len(first.context["projects"]) == 25
    assert b'rel="next"' in first.content
    third = board_client.get("/projects/?sector=ict&page=3")
    assert titles(third) == [f"Project {n:03}" for n in range(50, 60)]
    assert b"sector=ict&amp;page=2" in third.content


def test_the_filtered_list_downloads_as_csv(board_client, projects):
    response = board_client.get("/projects/export.csv?rag=red")
    assert response["Content-Disposition"].startswith('attachment; filename="projects-')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Title", "Summary", "Lead organisation"]
    assert [row[0] for row in rows[1:]] == ["Hertfordshire skills bootcamps"]
    assert rows[1][8:10] == ["Red", "Funding gap"]


def test_the_filtered_list_downloads_as_excel(board_client, projects):
    response = board_client.get("/projects/export.xlsx?sector=housing")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Title"
    assert [(row[0], row[2], row[6], row[-1]) for row in rows[1:]] == [
        ("Fenland housing retrofit", "CPCA", "2.3.6", 900000)
    ]


def test_text_that_looks_like_a_formula_is_exported_as_text(board_client, joint_project):
    joint_project.title = '=HYPERLINK("http://evil.example","Click")'
    joint_project.save()
    rows = list(csv.reader(io.StringIO(board_client.get("/projects/export.csv").content.decode())))
    assert rows[1][0] == "'" + joint_project.title
    workbook = openpyxl.load_workbook(io.BytesIO(board_client.get("/projects/export.xlsx").content))
    cell = workbook.active["A2"]
    assert (cell.value, cell.data_type) == (joint_project.title, "s")


def test_the_excel_download_is_ready_to_read_and_says_what_it_is(board_client, hlep_board_member, projects):
    projects[0].start_date, projects[0].budget = datetime.date(2026, 4, 1), Decimal("4200000")
    projects[0].save()
    with time_machine.travel(datetime.datetime(2026, 7, 1, 9, 30, tzinfo=datetime.UTC), tick=False):
        response = board_client.get("/projects/export.xlsx?rag=green&sector=life_sciences")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Projects", "About"]
    assert_well_made(workbook["Projects"], dates=["Start date"], money=["Budget", "Contributed"])
    described = about(workbook)
    assert described["Filter: Sector"] == "Life sciences"
    assert described["Filter: RAG rating"] == "Green"
    assert described["Made at (London time)"] == datetime.datetime(2026, 7, 1, 10, 30)  # summer time
    assert described["Made by"] == str(hlep_board_member)
    assert described["Partnership"] == str(projects[0].partnership)


def test_the_csv_download_writes_money_and_dates_one_way(board_client, projects):
    projects[0].budget = Decimal("4200000")
    projects[0].save()
    rows = list(csv.DictReader(io.StringIO(board_client.get("/projects/export.csv").content.decode())))
    money = {row["Title"]: (row["Budget"], row["Contributed"]) for row in rows}
    assert money[projects[0].title] == ("4200000.00", "0.00")
    assert money["Fenland housing retrofit"][1] == "900000.00"
