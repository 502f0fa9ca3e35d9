"""Factories for joint projects and what hangs off them."""

import datetime
from decimal import Decimal

import factory

from projects.models import (
    Contribution,
    Milestone,
    OutcomeKind,
    OutcomeReport,
    OutcomeTarget,
    Project,
    ProjectUpdate,
)
from projects.seed import seed_outcome_kinds
from tests.factories import many_to_many


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Joint project {n}")
    summary = "Shared work across the two areas."
    sector = Project.Sector.LIFE_SCIENCES
    status = Project.Status.IN_DELIVERY
    rag = Project.Rag.GREEN
    start_date = datetime.date(2026, 4, 1)
    end_date = datetime.date(2028, 3, 31)
    budget = Decimal("500000")

    partners = many_to_many("partners")

    commitments = many_to_many("commitments")

    places = many_to_many("places")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_date = datetime.date(2026, 9, 30)


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SelfAttribute("project.lead_organisation")
    amount = Decimal("100000")
    kind = Contribution.CashOrInKind.CASH


def jobs_created(partnership) -> OutcomeKind:
    """The partnership's own kind "Jobs created", from the usual kinds it starts with."""
    seed_outcome_kinds(partnership)
    return OutcomeKind.objects.get(partnership=partnership, name="Jobs created")


class OutcomeTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeTarget

    project = factory.SubFactory(ProjectFactory)
    kind = factory.LazyAttribute(lambda row: jobs_created(row.project.partnership))
    target = Decimal("120")


class OutcomeReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeReport

    project = factory.SubFactory(ProjectFactory)
    kind = factory.LazyAttribute(lambda row: jobs_created(row.project.partnership))
    period_start = datetime.date(2026, 4, 1)
    period_end = datetime.date(2026, 9, 30)
    actual = Decimal("30")


class ProjectUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectUpdate

    project = factory.SubFactory(ProjectFactory)
    written_on = datetime.date(2026, 10, 1)
    text = "Recruitment of the first cohort is under way."


def dated(data: dict) -> dict:
    """Form data with each "YYYY-MM-DD" value split into the GOV.UK date input's day, month and year."""
    posted = {}
    for name, value in data.items():
        if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-":
            year, month, day = value.split("-")
            posted.update({f"{name}_0": day, f"{name}_1": month, f"{name}_2": year})
        else:
            posted[name] = value
    return posted
