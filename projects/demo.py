"""Twelve joint projects across the sectors of clauses 2.3.1–2.3.6, with milestones (some late),
contributions from both parties, outcomes and updates. Safe to run again: nothing is duplicated."""

import datetime
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from partnership.demo import demo_email
from partnership.models import Clause, Partnership, Person

from .models import (
    Contribution,
    Milestone,
    OutcomeKind,
    OutcomeReport,
    OutcomeTarget,
    Place,
    Project,
    ProjectUpdate,
)
from .seed import ensure_reference_data

S, ST = Project.Sector, Project.Status

# title, lead, sector, status, (rag, reason), places, commitments, summary, budget,
# start (days from today), length (days)
PROJECTS = [
    (
        "Corridor life sciences incubator",
        "HLEP",
        S.LIFE_SCIENCES,
        ST.IN_DELIVERY,
        ("green", ""),
        ["East Hertfordshire", "Cambridge", "South Cambridgeshire"],
        ["2.3.3", "2.3.5"],
        "Shared wet-lab incubation for life sciences start-ups on the London–Stansted–Cambridge corridor.",
        "4800000",
        -420,
        1460,
    ),
    (
        "Lab space demand study",
        "CPCA",
        S.LIFE_SCIENCES,
        ST.COMPLETED,
        ("green", ""),
        ["Broxbourne", "Cambridge"],
        ["2.3.3", "2.3.7"],
        "Evidence of the demand for laboratory space along the corridor, to inform both parties' plans.",
        "150000",
        -700,
        300,
    ),
    (
        "Rural gigabit connectivity for businesses",
        "CPCA",
        S.ICT,
        ST.IN_DELIVERY,
        ("amber", "The contractor's mobilisation slipped by three months; a recovery plan is agreed."),
        ["Fenland", "East Cambridgeshire", "North Hertfordshire"],
        ["2.3.2", "2.3.3"],
        "Full-fibre connections for rural business parks either side of the county border.",
        "3200000",
        -300,
        900,
    ),
    (
        "Digital skills bootcamps",
        "HLEP",
        S.SKILLS,
        ST.IN_DELIVERY,
        ("green", ""),
        ["Watford", "Stevenage", "Peterborough"],
        ["2.3.2", "2.3.5"],
        "Sixteen-week bootcamps in software, data and cyber security for adults changing career.",
        "900000",
        -200,
        540,
    ),
    (
        "Advanced manufacturing supply chain programme",
        "CPCA",
        S.ADVANCED_MANUFACTURING,
        ST.APPROVED,
        ("green", ""),
        ["Peterborough", "Huntingdonshire", "Welwyn Hatfield"],
        ["2.3.3", "2.3.5"],
        "Helps small manufacturers win work in the aerospace and automotive supply chains of both areas.",
        "1750000",
        45,
        1095,
    ),
    (
        "Engineering apprenticeships hub",
        "HLEP",
        S.SKILLS,
        ST.IN_DELIVERY,
        (
            "red",
            "The training provider withdrew; the parties are re-procuring and the first intake is at risk.",
        ),
        ["Stevenage", "Huntingdonshire"],
        ["2.3.2"],
        "A shared hub placing engineering apprentices with employers across the two areas.",
        "1100000",
        -150,
        730,
    ),
    (
        "Affordable homes on the A10 corridor",
        "HLEP",
        S.HOUSING,
        ST.IN_DELIVERY,
        ("amber", "Phase two awaits the outcome of a planning appeal."),
        ["Broxbourne", "East Hertfordshire", "South Cambridgeshire"],
        ["2.3.5", "2.3.6"],
        "Brings forward stalled sites for affordable and key-worker homes along the A10.",
        "12500000",
        -500,
        1825,
    ),
    (
        "Housing quality and retrofit pilot",
        "CPCA",
        S.HOUSING,
        ST.APPROVED,
        ("green", ""),
        ["Fenland", "Dacorum"],
        ["2.3.6"],
        "Retrofits older private rented homes to improve warmth and quality, and shares what works.",
        "2000000",
        20,
        730,
    ),
    (
        "Joint strategic planning evidence base",
        "CPCA",
        S.STRATEGIC_PLANNING,
        ST.IN_DELIVERY,
        ("green", ""),
        ["Cambridge", "Peterborough", "St Albans", "Stevenage"],
        ["2.3.1", "2.3.7"],
        "Shared population, employment and travel evidence for both parties' future strategic plans.",
        "400000",
        -260,
        540,
    ),
    (
        "West Anglia main line business case",
        "HLEP",
        S.INFRASTRUCTURE,
        ST.PROPOSED,
        ("green", ""),
        ["Broxbourne", "East Hertfordshire", "Cambridge"],
        ["2.3.2", "2.3.4"],
        "A joint outline business case for four-tracking and more frequent trains on the West Anglia line.",
        "650000",
        90,
        540,
    ),
    (
        "Agri-tech innovation network",
        "CPCA",
        S.OTHER,
        ST.PAUSED,
        ("amber", "Paused until the government funding bid is decided."),
        ["East Cambridgeshire", "Fenland", "North Hertfordshire"],
        ["2.3.3"],
        "Connects growers with research on automation and precision agriculture.",
        "800000",
        -120,
        730,
    ),
    (
        "Net zero construction skills",
        "HLEP",
        S.SKILLS,
        ST.CLOSED,
        ("green", ""),
        ["St Albans", "Hertsmere", "Peterborough"],
        ["2.3.2", "2.3.6"],
        "Short courses in heat pump installation and retrofit for construction workers.",
        "350000",
        -900,
        540,
    ),
]

# Milestones as (title, due in days from the project's start, done): the unfinished ones past due are late.
MILESTONES = [
    ("Delivery partner appointed", 60, True),
    ("First quarterly report to both boards", 120, True),
    ("Mid-point review", 360, False),
    ("Final evaluation", 700, False),
]

# Targets per sector: {outcome kind name: target}; actuals are reported at a share of each.
TARGETS = {
    S.LIFE_SCIENCES: {
        "Jobs created": 250,
        "Businesses supported": 40,
        "Private investment leveraged": 9000000,
    },
    S.ICT: {"Businesses supported": 300, "Private investment leveraged": 1500000},
    S.SKILLS: {"Learners": 600, "Apprenticeships": 120},
    S.ADVANCED_MANUFACTURING: {"Businesses supported": 80, "Jobs created": 150},
    S.HOUSING: {"Homes delivered": 450},
    S.STRATEGIC_PLANNING: {},
    S.INFRASTRUCTURE: {"Private investment leveraged": 20000000},
    S.OTHER: {"Businesses supported": 60},
}
REPORTING_PERIODS = [
    (datetime.date(2025, 4, 1), datetime.date(2025, 9, 30)),
    (datetime.date(2025, 10, 1), datetime.date(2026, 3, 31)),
    (datetime.date(2026, 4, 1), datetime.date(2026, 9, 30)),
]


def load(partnership: Partnership) -> None:
    ensure_reference_data()
    today = timezone.localdate()
    parties = {o.short_name: o for o in partnership.parties.all()}
    if not {"HLEP", "CPCA"} <= set(parties):
        return
    officers = {
        name: Person.objects.filter(email=demo_email(first, parties[name])).first()
        for name, first in [("HLEP", "Hugo"), ("CPCA", "Cara")]
    }
    places = {p.name: p for p in Place.objects.all()}
    commitments = {c.number: c for c in Clause.objects.current().filter(agreement__partnership=partnership)}
    kinds = {k.name: k for k in OutcomeKind.objects.filter(partnership=partnership)}
    with transaction.atomic():
        for position, (
            title,
            lead,
            sector,
            status,
            (rag, reason),
            where,
            clauses,
            summary,
            budget,
            start,
            days,
        ) in enumerate(PROJECTS):
            other = "CPCA" if lead == "HLEP" else "HLEP"
            start_date = today + timedelta(days=start)
            project, _ = Project.objects.update_or_create(
                partnership=partnership,
                title=title,
                defaults={
                    "summary": summary,
                    "lead_organisation": parties[lead],
                    "sector": sector,
                    "status": status,
                    "rag": rag,
                    "rag_reason": reason,
                    "start_date": start_date,
                    "end_date": start_date + timedelta(days=days),
                    "budget": Decimal(budget),
                },
            )
            project.partners.set([parties[other]])
            project.places.set([places[name] for name in where])
            project.commitments.set([commitments[n] for n in clauses if n in commitments])
            _load_milestones(project, start_date, today, late=position % 3 == 0)
            _load_contributions(project, parties[lead], parties[other], Decimal(budget))
            if start < 0:
                _load_outcomes(project, kinds, TARGETS[sector], start_date)
                _load_updates(project, officers[lead], officers[other], today)


def _load_milestones(project: Project, start_date, today, *, late: bool) -> None:
    for title, due_in, done in MILESTONES:
        due = start_date + timedelta(days=due_in)
        # Every third project leaves a past milestone undone, so it shows as late.
        finished = due < today and (done or not late) and project.status != Project.Status.PAUSED
        Milestone.objects.update_or_create(
            project=project,
            title=title,
            defaults={"due_date": due, "done_on": due - timedelta(days=3) if finished else None},
        )


def _load_contributions(project: Project, lead, other, budget: Decimal) -> None:
    for organisation, kind, share, description in [
        (lead, Contribution.CashOrInKind.CASH, Decimal("0.55"), "Capital and revenue funding"),
        (other, Contribution.CashOrInKind.CASH, Decimal("0.30"), "Match funding"),
        (other, Contribution.CashOrInKind.IN_KIND, Decimal("0.05"), "Officer time and venues"),
    ]:
        Contribution.objects.update_or_create(
            project=project,
            organisation=organisation,
            kind=kind,
            defaults={"amount": (budget * share).quantize(Decimal("1")), "description": description},
        )


def _load_outcomes(project: Project, kinds, targets: dict, start_date) -> None:
    for name, target in targets.items():
        OutcomeTarget.objects.update_or_create(project=project, kind=kinds[name], defaults={"target": target})
        for number, (period_start, period_end) in enumerate(REPORTING_PERIODS, start=1):
            if period_end < start_date:
                continue
            OutcomeReport.objects.update_or_create(
                project=project,
                kind=kinds[name],
                period_start=period_start,
                defaults={
                    "period_end": period_end,
                    "actual": (Decimal(target) * number / 20).quantize(Decimal("1")),
                },
            )


def _load_updates(project: Project, lead_officer, other_officer, today) -> None:
    for days_ago, author, text in [
        (
            75,
            lead_officer,
            f"Both boards noted progress on “{project.title}” at the six-monthly review.",
        ),
        (14, other_officer, _latest_news(project)),
    ]:
        ProjectUpdate.objects.get_or_create(
            project=project,
            text=text,
            defaults={"author": author, "written_on": today - timedelta(days=days_ago)},
        )


def _latest_news(project: Project) -> str:
    if project.rag_reason:
        return f"Rated {project.get_rag_display().lower()}: {project.rag_reason}"
    return "On track: spending and milestones are in line with the plan agreed by both boards."
