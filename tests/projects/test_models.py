"""The rules a project keeps wherever it is changed from: reasons for red and amber, dates in order,
the status transitions, late milestones, and the counts the dashboard shows."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from projects.models import Milestone, Project
from tests.projects.factories import ContributionFactory, MilestoneFactory, ProjectFactory


def test_a_red_or_amber_rating_needs_a_reason(joint_project):
    joint_project.rag = Project.Rag.AMBER
    joint_project.rag_reason = ""
    with pytest.raises(ValidationError) as problem:
        joint_project.full_clean()
    assert "rag_reason" in problem.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        joint_project.save()


def test_a_project_cannot_end_before_it_starts(joint_project):
    joint_project.end_date = joint_project.start_date - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as problem:
        joint_project.full_clean()
    assert "end_date" in problem.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        joint_project.save()


def test_money_is_never_negative(joint_project):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContributionFactory(project=joint_project, amount=Decimal("-1"))


@pytest.mark.parametrize(
    "saved, wanted, allowed",
    [
        ("proposed", "approved", True),
        ("approved", "in_delivery", True),
        ("in_delivery", "completed", True),
        ("in_delivery", "paused", True),
        ("paused", "in_delivery", True),
        ("proposed", "completed", False),
        ("completed", "in_delivery", False),
        ("closed", "proposed", False),
    ],
)
def test_a_project_moves_only_along_the_allowed_statuses(joint_project, saved, wanted, allowed):
    Project.objects.filter(pk=joint_project.pk).update(status=saved)
    project = Project.objects.get(pk=joint_project.pk)
    project.status = wanted
    if allowed:
        project.full_clean()
    else:
        with pytest.raises(ValidationError) as problem:
            project.full_clean()
        assert "status" in problem.value.message_dict


def test_a_milestone_past_due_and_not_done_is_late(joint_project):
    milestone = MilestoneFactory(project=joint_project, due_date=datetime.date(2026, 9, 30))
    with time_machine.travel(datetime.date(2026, 9, 30)):
        assert not milestone.is_late
    with time_machine.travel(datetime.date(2026, 10, 1)):
        assert milestone.is_late
        assert list(Milestone.objects.late()) == [milestone]
        milestone.done_on = datetime.date(2026, 10, 1)
        assert not milestone.is_late


def test_the_dashboard_counts_projects_by_rag_and_sector(partnership, hlep, commitment):
    ProjectFactory(
        partnership=partnership, lead_organisation=hlep, rag="red", rag_reason="Late", sector="housing"
    )
    ProjectFactory(partnership=partnership, lead_organisation=hlep, rag="green", sector="housing")
    ProjectFactory(partnership=partnership, lead_organisation=hlep, rag="green", sector="ict")
    projects = Project.objects.for_partnership(partnership)
    by_rag, by_sector = projects.counts()
    assert by_rag == {"red": 1, "amber": 0, "green": 2}
    assert by_sector["housing"] == 2
    assert by_sector["ict"] == 1
    assert by_sector["skills"] == 0


def test_projects_of_another_partnership_are_not_counted(joint_project, outsider):
    other = outsider.memberships.get().organisation.partnerships.get()
    assert Project.objects.for_partnership(other).count() == 0


def test_contributions_total_per_organisation_and_project(joint_project, hlep, cpca):
    ContributionFactory(project=joint_project, organisation=hlep, amount=Decimal("100000"))
    ContributionFactory(project=joint_project, organisation=hlep, amount=Decimal("25000.50"), kind="in_kind")
    ContributionFactory(project=joint_project, organisation=cpca, amount=Decimal("75000"))
    rows = joint_project.contributions_by_organisation()
    assert [(r["organisation"], r["cash"], r["in_kind"], r["total"]) for r in rows] == [
        (cpca, Decimal("75000"), Decimal(0), Decimal("75000")),
        (hlep, Decimal("100000"), Decimal("25000.50"), Decimal("125000.50")),
    ]
    assert joint_project.total_contributed == Decimal("200000.50")


def test_nothing_mentions_a_project_until_meetings_and_funding_link_to_it(joint_project):
    assert all(records == [] for _, records in joint_project.mentions())
