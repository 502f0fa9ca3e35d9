"""Demo funding opportunities and joint bids, for `make run`. Safe to run again: nothing is duplicated.

Dates count from the day it first runs, so the pipeline has deadlines in the next 90 days. Bids link to
the demo projects by title when projects' demo has loaded them, and skip the link otherwise.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from partnership.models import Clause, Partnership
from projects.models import Project

from .models import Bid, BusinessCaseStage, FundingOpportunity, MatchFunding, Tag
from .reminders import plan_closing_reminders

# (funder, fund or programme, kind, amount available, opens in days, closes in days (None: always
# open), on the growth corridor, commitments, eligibility)
OPPORTUNITIES = [
    (
        "Ministry of Housing, Communities and Local Government",
        "UK Shared Prosperity Fund 2026 to 2027",
        FundingOpportunity.Instrument.GRANT,
        "12500000",
        -30,
        45,
        True,
        ["2.3.2", "2.3.5"],
        "Lead local authorities and combined authorities, with partners across a functional economic area.",
    ),
    (
        "Department for Science, Innovation and Technology",
        "Life Sciences Innovation Zones",
        FundingOpportunity.Instrument.GRANT,
        "20000000",
        -10,
        75,
        True,
        ["2.3.3", "2.3.4"],
        "Places with a life sciences cluster and a joint plan backed by their local growth bodies.",
    ),
    (
        "Department for Education",
        "Skills Bootcamps wave 7",
        FundingOpportunity.Instrument.GRANT,
        "8000000",
        -60,
        20,
        False,
        ["2.3.2"],
        "Combined authorities and lead local authorities commissioning bootcamps with employers.",
    ),
    (
        "Homes England",
        "Brownfield Infrastructure and Land Fund",
        FundingOpportunity.Instrument.GRANT,
        "30000000",
        -90,
        150,
        True,
        ["2.3.6"],
        "Infrastructure that unlocks homes on brownfield land; at least 25% affordable.",
    ),
    (
        "Homes England",
        "Home Building Fund: infrastructure loans",
        FundingOpportunity.Instrument.LOAN,
        "50000000",
        -365,
        None,
        False,
        ["2.3.4", "2.3.6"],
        "Loans for site infrastructure; repayable from land receipts.",
    ),
    (
        "Innovate UK",
        "Launchpad: advanced manufacturing",
        FundingOpportunity.Instrument.GRANT,
        "7500000",
        0,
        120,
        True,
        ["2.3.3"],
        "Clusters of small manufacturers with a research partner; match funding expected.",
    ),
    (
        "British Business Bank",
        "Regional co-investment fund",
        FundingOpportunity.Instrument.EQUITY,
        "25000000",
        -200,
        None,
        False,
        ["2.3.4"],
        "Equity alongside local partners in growing firms of the region.",
    ),
    (
        "Department for Transport",
        "Local Transport Fund",
        FundingOpportunity.Instrument.POOLED_FUND,
        "15000000",
        -400,
        -220,
        True,
        ["2.3.2"],
        "Pooled across neighbouring authorities for cross-boundary schemes.",
    ),
]

# (title, fund, lead, partners, status, requested, stages reached, match funding [(party, kind,
# amount)], awarded, feedback, commitments, project titles)
BIDS = [
    (
        "Corridor life sciences innovation zone",
        "Life Sciences Innovation Zones",
        "HLEP",
        ["CPCA"],
        Bid.Status.IN_DEVELOPMENT,
        "6000000",
        [BusinessCaseStage.Stage.SOC],
        [
            ("HLEP", MatchFunding.CashOrInKind.CASH, "750000"),
            ("CPCA", MatchFunding.CashOrInKind.IN_KIND, "250000"),
        ],
        None,
        "",
        ["2.3.3", "2.3.4", "3.3.1"],
        ["Corridor life sciences incubator", "Lab space demand study"],
    ),
    (
        "Digital and green skills bootcamps",
        "Skills Bootcamps wave 7",
        "CPCA",
        ["HLEP"],
        Bid.Status.IN_DEVELOPMENT,
        "2400000",
        [BusinessCaseStage.Stage.SOC, BusinessCaseStage.Stage.OBC],
        [("CPCA", MatchFunding.CashOrInKind.CASH, "300000")],
        None,
        "",
        ["2.3.2", "3.3.1"],
        ["Digital skills bootcamps"],
    ),
    (
        "Shared prosperity: cross-border business support",
        "UK Shared Prosperity Fund 2026 to 2027",
        "HLEP",
        ["CPCA"],
        Bid.Status.IDENTIFIED,
        "3000000",
        [],
        [],
        None,
        "",
        ["2.3.2", "2.3.5", "3.3.1"],
        ["Advanced manufacturing supply chain programme"],
    ),
    (
        "A10 corridor affordable homes infrastructure",
        "Brownfield Infrastructure and Land Fund",
        "HLEP",
        ["CPCA"],
        Bid.Status.SUBMITTED,
        "9500000",
        [BusinessCaseStage.Stage.SOC, BusinessCaseStage.Stage.OBC, BusinessCaseStage.Stage.FBC],
        [
            ("HLEP", MatchFunding.CashOrInKind.CASH, "1200000"),
            ("CPCA", MatchFunding.CashOrInKind.CASH, "800000"),
        ],
        None,
        "",
        ["2.3.6", "3.3.1"],
        ["Affordable homes on the A10 corridor"],
    ),
    (
        "Cross-border bus priority scheme",
        "Local Transport Fund",
        "CPCA",
        ["HLEP"],
        Bid.Status.SUCCESSFUL,
        "4200000",
        [BusinessCaseStage.Stage.SOC, BusinessCaseStage.Stage.OBC, BusinessCaseStage.Stage.FBC],
        [
            ("CPCA", MatchFunding.CashOrInKind.CASH, "600000"),
            ("HLEP", MatchFunding.CashOrInKind.IN_KIND, "150000"),
        ],
        "3800000",
        "Strong strategic case; the funder asked for quarterly monitoring of journey times.",
        ["2.3.2", "3.3.1"],
        [],
    ),
    (
        "Rural business park junction upgrades",
        "Local Transport Fund",
        "HLEP",
        [],
        Bid.Status.UNSUCCESSFUL,
        "1800000",
        [BusinessCaseStage.Stage.SOC, BusinessCaseStage.Stage.OBC],
        [("HLEP", MatchFunding.CashOrInKind.CASH, "200000")],
        None,
        "Value for money below the fund's threshold; the funder suggested a joint bid next round.",
        ["2.3.2", "3.3.1"],
        ["Rural gigabit connectivity for businesses"],
    ),
]


def load(partnership: Partnership) -> None:
    parties = {p.short_name: p for p in partnership.parties.all()}
    if not {"HLEP", "CPCA"} <= set(parties):
        return
    commitments = {c.number: c for c in Clause.objects.current_for(partnership).linkable()}
    corridor = Tag.growth_corridor()
    today = timezone.localdate()
    with transaction.atomic():
        opportunities = {}
        for funder, name, kind, amount, opens, closes, on_corridor, numbers, eligibility in OPPORTUNITIES:
            opportunity, created = FundingOpportunity.objects.get_or_create(
                partnership=partnership,
                name=name,
                defaults={
                    "funder": funder,
                    "kind": kind,
                    "amount_available": Decimal(amount),
                    "opens_on": today + timedelta(days=opens),
                    "closes_on": today + timedelta(days=closes) if closes is not None else None,
                    "eligibility": eligibility,
                    "link": "https://www.gov.uk/",
                },
            )
            if created:
                opportunity.commitments.set([commitments[n] for n in numbers if n in commitments])
                if on_corridor:
                    opportunity.tags.add(corridor)
            opportunities[name] = opportunity

        for (
            title,
            fund,
            lead,
            partners,
            status,
            requested,
            stages,
            match,
            awarded,
            feedback,
            numbers,
            project_titles,
        ) in BIDS:
            opportunity = opportunities[fund]
            decided = status in Bid.DECIDED
            closes_on = opportunity.closes_on or today
            bid, created = Bid.objects.get_or_create(
                opportunity=opportunity,
                title=title,
                defaults={
                    "lead_organisation": parties[lead],
                    "status": status,
                    "amount_requested": Decimal(requested),
                    "decision_date": closes_on + timedelta(days=90) if decided else None,
                    "amount_awarded": Decimal(awarded) if awarded else None,
                    "feedback": feedback,
                },
            )
            # Linked again on a later run, in case the projects' demo loaded after this one.
            bid.projects.add(*Project.objects.filter(partnership=partnership, title__in=project_titles))
            if not created:
                continue
            bid.partners.set([parties[p] for p in partners])
            bid.commitments.set([commitments[n] for n in numbers if n in commitments])
            for party, kind, amount in match:
                MatchFunding.objects.create(
                    bid=bid, organisation=parties[party], kind=kind, amount=Decimal(amount)
                )
            for n, stage in enumerate(stages):
                BusinessCaseStage.objects.create(
                    bid=bid, stage=stage, date=min(today, closes_on) - timedelta(days=60 * (len(stages) - n))
                )
            plan_closing_reminders(bid)
