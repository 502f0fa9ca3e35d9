"""A project's history says in words which partners, places and commitments were linked or let go,
by whom and when, one entry for each change made."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnership.history import history_entries
from projects.models import Place, Project
from projects.services import create_project, update_project
from tests.projects.test_import import GOOD, csv_file

pytestmark = pytest.mark.django_db


def test_changing_a_projects_commitments_shows_in_its_history_with_who_did_it(
    board_client, hlep_officer, joint_project, agreement
):
    clauses = {c.number: c for c in agreement.clauses.filter(number__in=["2.3.3", "2.3.6"])}

    update_project(joint_project, by=hlep_officer, commitments=[clauses["2.3.3"], clauses["2.3.6"]])

    latest = history_entries(joint_project)[0]
    assert (latest.who, latest.action) == (hlep_officer, "Changed")
    assert latest.changes == ["Commitments: added 2.3.3 and 2.3.6; removed 2.3.5"]
    # A board member reads it: the row names the officer who made the change.
    history = board_client.get(joint_project.get_absolute_url()).content.decode().split('id="history"')[1]
    row = next(row for row in history.split("<tr") if "Commitments: added" in row)
    assert "Commitments: added 2.3.3 and 2.3.6; removed 2.3.5" in row
    assert "Hugo Dale" in row


def test_partners_and_places_are_named_not_numbered(hlep_officer, joint_project, cambridge):
    fenland = Place.objects.get(name="Fenland")

    update_project(joint_project, by=hlep_officer, title="Corridor incubator", partners=[], places=[fenland])

    assert sorted(history_entries(joint_project)[0].changes) == [
        "Partners: removed CPCA",
        "Places: added Fenland; removed Cambridge",
        "Title: Corridor life sciences incubator → Corridor incubator",
    ]


def test_a_new_project_is_created_with_its_links_and_its_first_change_shows_only_what_changed(
    partnership, hlep, cpca, commitment, hlep_officer, cambridge
):
    project = create_project(
        partnership=partnership,
        by=hlep_officer,
        title="Shared lab space",
        lead_organisation=hlep,
        partners=[cpca],
        places=[cambridge],
        commitments=[commitment],
        sector="life_sciences",
    )

    update_project(project, by=hlep_officer, title="Shared lab space and kit", commitments=[commitment])

    changed, created = history_entries(project)
    assert (created.action, created.who) == ("Created", hlep_officer)
    assert changed.changes == ["Title: Shared lab space → Shared lab space and kit"]


def test_the_project_page_costs_the_same_queries_however_long_its_history(
    officer_client, hlep_officer, joint_project, agreement
):
    clauses = list(agreement.clauses.commitments())
    places = list(Place.objects.all()[:4])

    def change(times):
        for i in range(times):
            update_project(
                joint_project,
                by=hlep_officer,
                summary=f"Version {i}",
                commitments=clauses[i % 5 : i % 5 + 2],
                places=places[i % 3 : i % 3 + 2],
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert officer_client.get(joint_project.get_absolute_url()).status_code == 200
        return len(captured)

    change(3)
    few = queries()
    change(12)

    assert queries() == few


def test_an_imported_projects_first_change_shows_only_what_changed(officer_client, hlep_officer, agreement):
    officer_client.post("/projects/import/", {"file": csv_file(GOOD)})
    officer_client.post("/projects/import/confirm/")
    project = Project.objects.get()

    update_project(
        project, by=hlep_officer, rag_reason="Partner found.", commitments=project.commitments.all()
    )

    assert [entry.changes for entry in history_entries(project)] == [
        ["Reason for the RAG rating: Recruiting a delivery partner. → Partner found."],
        [],
    ]
