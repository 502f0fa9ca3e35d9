"""The projects' one door for writes: values in, the acting person named, all saved or none."""

import datetime

import pytest

from partnership.models import Organisation
from projects.models import Milestone
from projects.services import create_project, set_project_rows, update_project
from tests.projects.factories import MilestoneFactory

pytestmark = pytest.mark.django_db


def test_a_project_added_outside_a_request_names_who_added_it(
    partnership, hlep, cpca, commitment, hlep_officer
):
    project = create_project(
        partnership=partnership,
        by=hlep_officer,
        title="Shared lab space",
        lead_organisation=hlep,
        partners=[cpca],
        commitments=[commitment],
        sector="life_sciences",
    )

    assert list(project.partners.all()) == [cpca]
    assert list(project.commitments.all()) == [commitment]
    assert project.history.get().history_user == hlep_officer


def test_a_project_whose_partners_cannot_be_saved_keeps_its_old_title(joint_project, hlep_officer):
    with pytest.raises(ValueError):
        update_project(
            joint_project, by=hlep_officer, title="Changed", partners=[Organisation(name="Unsaved")]
        )

    joint_project.refresh_from_db()
    assert joint_project.title == "Corridor life sciences incubator"


def test_milestones_become_exactly_the_rows_given(joint_project, hlep_officer):
    kept, dropped = MilestoneFactory.create_batch(2, project=joint_project)

    set_project_rows(
        joint_project,
        kind="milestones",
        rows=[
            {"id": kept.pk, "title": "Renamed", "due_date": kept.due_date, "done_on": None},
            {"id": None, "title": "New", "due_date": datetime.date(2027, 1, 31), "done_on": None},
        ],
        by=hlep_officer,
    )

    assert sorted(joint_project.milestones.values_list("title", flat=True)) == ["New", "Renamed"]
    assert not Milestone.objects.filter(pk=dropped.pk).exists()
    assert Milestone.history.filter(id=dropped.pk, history_type="-").get().history_user == hlep_officer


def test_a_row_of_another_project_saves_nothing(joint_project, hlep_only_project, hlep_officer):
    mine = MilestoneFactory(project=joint_project)
    theirs = MilestoneFactory(project=hlep_only_project)

    with pytest.raises(ValueError):
        set_project_rows(
            joint_project,
            kind="milestones",
            rows=[{"id": theirs.pk, "title": "Taken", "due_date": theirs.due_date, "done_on": None}],
            by=hlep_officer,
        )

    assert Milestone.objects.filter(pk=mine.pk).exists()
    theirs.refresh_from_db()
    assert theirs.project == hlep_only_project
