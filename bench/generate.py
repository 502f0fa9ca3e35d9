"""A realistic partnership of any size, for benchmarks, written fast with bulk_create in batches.

    DATABASE_URL=postgres://… python -m bench.generate --projects 10000
    DATABASE_URL=postgres://… python -m bench.generate --scale 5 --reset

The HLEP–CPCA partnership comes from the seed agreement; on top of it go people with each role at
each party, and joint projects with partners, places, commitments, milestones (some late),
contributions, outcome targets and reports, and updates. Running it again tops up to the sizes
asked for; --reset first removes what an earlier run made. Other apps extend it by adding a step to
STEPS: a function (partnership, *, size, rng, stdout) -> None.
"""

import argparse
import os
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

BATCH = 2000
EMAIL_DOMAIN = "bench.accord.localhost"
PASSWORD = "bench-password-2026"
SECTOR_WORDS = {
    "life_sciences": ["Genomics", "Biomedical", "Clinical trials", "Life sciences", "Health tech"],
    "ict": ["Gigabit", "Cyber security", "Data", "Digital", "5G"],
    "advanced_manufacturing": ["Aerospace", "Automotive", "Precision engineering", "Robotics", "Composites"],
    "housing": ["Affordable homes", "Retrofit", "Key worker housing", "Garden village", "Town centre homes"],
    "skills": ["Apprenticeships", "Bootcamps", "Adult skills", "Careers hub", "T-levels"],
    "infrastructure": ["Rail", "Cycle route", "Junction", "Bus priority", "Water"],
    "strategic_planning": ["Growth plan", "Evidence base", "Spatial framework", "Transport model"],
    "other": ["Agri-tech", "Visitor economy", "Culture", "Net zero"],
}
PROJECT_NOUNS = ["programme", "pilot", "hub", "partnership", "fund", "study", "network", "scheme"]


@dataclass
class Size:
    """How much to make; --scale 1 is a busy partnership of 1,000 projects and 100 people."""

    projects: int
    people: int
    # Per 1,000 projects: 200 bids, 40 meetings and 4,000 actions (issue 8's large partnership).
    bids: int = 0
    meetings: int = 0
    actions: int = 0

    @classmethod
    def scaled(cls, scale: float, *, projects: int | None = None, people: int | None = None) -> "Size":
        projects = projects if projects is not None else int(1000 * scale)
        return cls(
            projects=projects,
            people=people if people is not None else max(10, int(100 * scale)),
            bids=projects // 5,
            meetings=max(2, projects // 25),
            actions=projects * 4,
        )


def progress(stdout, message: str) -> None:
    stdout.write(f"{message}\n")
    stdout.flush()


def batches(items, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def ensure_partnership(stdout=sys.stdout):
    """The partnership of the seed agreement (idempotent), with the reference data projects use."""
    from django.conf import settings

    from partnership.agreement_text import parse_agreement
    from partnership.services import import_agreement
    from projects.seed import ensure_reference_data

    seed = Path(settings.BASE_DIR) / "partnership" / "seed" / "agreement.md"
    partnership = import_agreement(parse_agreement(seed.read_bytes())).agreement.partnership
    ensure_reference_data()
    progress(stdout, f"Partnership: {partnership} ({', '.join(str(p) for p in partnership.parties.all())})")
    return partnership


def _delete(cursor, model, where: str, params: list) -> int:
    """DELETE rows of `model` matching `where`, and what cascades from them, in SQL: Django's cascade
    would load every row and write each deletion to the history, which takes minutes at this size.
    Rows of other models that point here are unlinked (SET_NULL) or removed with them."""
    from django.db import models

    table = model._meta.db_table
    ids = f"SELECT id FROM {table} WHERE {where}"
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through._meta
        column = next(f.column for f in through.fields if f.related_model is model)
        cursor.execute(f"DELETE FROM {through.db_table} WHERE {column} IN ({ids})", params)
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            through = relation.through._meta
            column = next(f.column for f in through.fields if f.related_model is model)
            cursor.execute(f"DELETE FROM {through.db_table} WHERE {column} IN ({ids})", params)
        elif relation.on_delete is models.SET_NULL:
            other, column = relation.related_model._meta.db_table, relation.field.column
            cursor.execute(f"UPDATE {other} SET {column} = NULL WHERE {column} IN ({ids})", params)
        elif relation.on_delete is not models.DO_NOTHING:  # history rows keep no constraint
            _delete(cursor, relation.related_model, f"{relation.field.column} IN ({ids})", params)
    cursor.execute(f"DELETE FROM {table} WHERE {where}", params)
    return cursor.rowcount


def reset(partnership, stdout=sys.stdout) -> None:
    """Removes the partnership's meetings, proposals, bids and projects, and the bench people."""
    from django.db import connection

    from funding.models import FundingOpportunity
    from meetings.models import Meeting, Proposal
    from partnership.models import Person
    from projects.models import Project

    with connection.cursor() as cursor:
        for model in (Meeting, Proposal, FundingOpportunity):
            _delete(cursor, model, "partnership_id = %s", [partnership.pk])
        removed = _delete(cursor, Project, "partnership_id = %s", [partnership.pk])
    Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").delete()
    progress(stdout, f"Reset: removed {removed:,} projects, with the meetings, bids and bench people.")


def make_people(partnership, *, size: Size, rng: random.Random, stdout=sys.stdout) -> None:
    """People spread over the parties: mostly officers, some board members, a few admins."""
    from django.contrib.auth.hashers import make_password

    from partnership.models import Membership, Person

    existing = Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").count()
    wanted = size.people - existing
    if wanted <= 0:
        progress(stdout, f"People: {existing:,} already there.")
        return
    parties = list(partnership.parties.all())
    password = make_password(PASSWORD)  # hashed once: hashing per person would dominate the run
    people = Person.objects.bulk_create(
        [
            Person(
                email=f"person{n:06}@{EMAIL_DOMAIN}",
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                password=password,
            )
            for n in range(existing, size.people)
        ],
        batch_size=BATCH,
    )
    roles = (
        [Membership.Role.OFFICER] * 14
        + [Membership.Role.BOARD_MEMBER] * 5
        + [Membership.Role.PARTNERSHIP_ADMIN]
    )
    Membership.objects.bulk_create(
        [
            Membership(person=person, organisation=parties[n % len(parties)], role=rng.choice(roles))
            for n, person in enumerate(people, start=existing)
        ],
        batch_size=BATCH,
    )
    progress(stdout, f"People: made {len(people):,} (password {PASSWORD}).")


def make_projects(partnership, *, size: Size, rng: random.Random, stdout=sys.stdout) -> None:
    """Projects up to size.projects, each with what the project page shows, in batches."""
    from simple_history.utils import bulk_create_with_history

    from partnership.models import Clause
    from projects.models import OutcomeKind, Place, Project

    existing = Project.objects.for_partnership(partnership).count()
    if existing >= size.projects:
        progress(stdout, f"Projects: {existing:,} already there.")
        return
    parties = list(partnership.parties.all())
    places = list(Place.objects.all())
    commitments = list(Clause.objects.current().commitments().filter(agreement__partnership=partnership))
    kinds = list(OutcomeKind.objects.filter(partnership=partnership))
    sectors = list(SECTOR_WORDS)
    today = timezone.localdate()
    started = time.monotonic()
    numbers = list(range(existing, size.projects))
    for chunk in batches(numbers):
        projects = []
        for n in chunk:
            sector = sectors[n % len(sectors)]
            rag = rng.choices(["green", "amber", "red"], weights=[6, 3, 1])[0]
            start = today + timedelta(days=rng.randint(-1500, 200))
            projects.append(
                Project(
                    partnership=partnership,
                    title=f"{rng.choice(SECTOR_WORDS[sector])} {rng.choice(PROJECT_NOUNS)} {n + 1:05}",
                    summary="Joint work across Hertfordshire, Cambridgeshire and Peterborough.",
                    lead_organisation=parties[n % len(parties)],
                    sector=sector,
                    status=rng.choice(Project.Status.values),
                    rag=rag,
                    rag_reason="" if rag == "green" else rng.choice(RAG_REASONS),
                    start_date=start,
                    end_date=start + timedelta(days=rng.randint(180, 1800)),
                    budget=Decimal(rng.randrange(50, 20000) * 1000),
                )
            )
        projects = bulk_create_with_history(projects, Project, batch_size=BATCH)
        _add_children(projects, parties, places, commitments, kinds, rng, today)
        made = chunk[-1] + 1
        rate = (made - existing) / max(time.monotonic() - started, 0.001)
        progress(stdout, f"Projects: {made:,} of {size.projects:,} ({rate:,.0f} a second)")


def _add_children(projects, parties, places, commitments, kinds, rng, today) -> None:
    from projects.models import Contribution, Milestone, OutcomeReport, OutcomeTarget, Project, ProjectUpdate

    partners, project_places, project_commitments = [], [], []
    milestones, contributions, targets, reports, updates = [], [], [], [], []
    for project in projects:
        others = [o for o in parties if o.pk != project.lead_organisation_id]
        partners += [Project.partners.through(project=project, organisation=o) for o in others]
        project_places += [
            Project.places.through(project=project, place=p) for p in rng.sample(places, rng.randint(1, 4))
        ]
        project_commitments += [
            Project.commitments.through(project=project, clause=c)
            for c in rng.sample(commitments, rng.randint(1, 2))
        ]
        for m, title in enumerate(MILESTONE_TITLES):
            due = project.start_date + timedelta(days=90 * (m + 1))
            done = due < today and rng.random() < 0.8
            milestones.append(
                Milestone(project=project, title=title, due_date=due, done_on=due if done else None)
            )
        for organisation in [project.lead_organisation, *others]:
            contributions.append(
                Contribution(
                    project=project,
                    organisation=organisation,
                    amount=(project.budget * Decimal(rng.choice(["0.2", "0.3", "0.5"]))).quantize(
                        Decimal("1")
                    ),
                    kind=rng.choice(["cash", "cash", "in_kind"]),
                )
            )
        for kind in rng.sample(kinds, 2):
            target = Decimal(rng.randrange(10, 500))
            targets.append(OutcomeTarget(project=project, kind=kind, target=target))
            for period_start, period_end in HALF_YEARS[: rng.randint(0, len(HALF_YEARS))]:
                reports.append(
                    OutcomeReport(
                        project=project,
                        kind=kind,
                        period_start=period_start,
                        period_end=period_end,
                        actual=(target * Decimal(rng.randint(5, 40)) / 100).quantize(Decimal("1")),
                    )
                )
        updates += [
            ProjectUpdate(
                project=project, written_on=today - timedelta(days=d), text=rng.choice(UPDATE_TEXTS)
            )
            for d in rng.sample(range(1, 400), 2)
        ]
    for model, rows in [
        (Project.partners.through, partners),
        (Project.places.through, project_places),
        (Project.commitments.through, project_commitments),
        (Milestone, milestones),
        (Contribution, contributions),
        (OutcomeTarget, targets),
        (OutcomeReport, reports),
        (ProjectUpdate, updates),
    ]:
        model.objects.bulk_create(rows, batch_size=BATCH)


def make_meetings(partnership, *, size: Size, rng: random.Random, stdout=sys.stdout) -> None:
    """Reviews every fortnight back from next month, each with the standing agenda, and actions
    spread over them (a third still open, some overdue); proposals with each board's decision."""
    from datetime import datetime

    from simple_history.utils import bulk_create_with_history

    from meetings.models import Action, AgendaItem, Decision, Meeting, Proposal
    from partnership.models import Clause, Membership

    existing = Meeting.objects.filter(partnership=partnership).count()
    if existing >= size.meetings:
        progress(stdout, f"Meetings: {existing:,} already there.")
        return
    parties = list(partnership.parties.select_related("board"))
    members = Membership.objects.filter(organisation__in=parties).values_list("person_id", "organisation_id")
    # Officers own most actions; a tiny partnership may have none, so then anyone does.
    officers = list(members.filter(role=Membership.Role.OFFICER)) or list(members)
    first = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=30), datetime.min.time())
    )
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                partnership=partnership,
                title=f"Partnership review {n + 1}",
                starts_at=first - timedelta(days=14 * n, hours=-10),
                ends_at=first - timedelta(days=14 * n, hours=-12),
                papers_deadline=first - timedelta(days=14 * n + 7),
                host=parties[n % len(parties)],
                location="Council Chamber",
            )
            for n in range(existing, size.meetings)
        ],
        batch_size=BATCH,
    )
    standing = ["Review of joint working", "Opportunities for collective working", "Future priorities"]
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(meeting=meeting, title=title, position=p, is_standing=True)
            for meeting in meetings
            for p, title in enumerate(standing)
        ],
        batch_size=BATCH,
    )
    per_meeting = max(1, size.actions // size.meetings)
    statuses = [Action.Status.OPEN, Action.Status.IN_PROGRESS, Action.Status.DONE, Action.Status.DONE]
    actions = []
    for meeting in meetings:
        for n in range(per_meeting):
            person, organisation = rng.choice(officers)
            actions.append(
                Action(
                    meeting=meeting,
                    description=f"Report back on item {n + 1}",
                    owner_id=person,
                    owner_organisation_id=organisation,
                    due_date=timezone.localdate(meeting.starts_at) + timedelta(days=rng.randint(14, 90)),
                    status=rng.choice(statuses),
                )
            )
    bulk_create_with_history(actions, Action, batch_size=BATCH)
    commitments = list(Clause.objects.current().commitments().filter(agreement__partnership=partnership))
    proposals = Proposal.objects.bulk_create(
        [
            Proposal(
                partnership=partnership, title=f"Joint proposal {n + 1}", summary="For each board to decide."
            )
            for n in range(len(meetings))
        ],
        batch_size=BATCH,
    )
    Proposal.commitments.through.objects.bulk_create(
        [Proposal.commitments.through(proposal=p, clause=rng.choice(commitments)) for p in proposals],
        batch_size=BATCH,
    )
    outcomes = [Decision.Outcome.APPROVED] * 6 + [Decision.Outcome.REJECTED, Decision.Outcome.DEFERRED]
    Decision.objects.bulk_create(
        [
            Decision(proposal=proposal, board=party.board, outcome=outcome, decided_on=timezone.localdate())
            for proposal in proposals
            for party in parties
            if (outcome := rng.choice(outcomes + [None])) is not None
        ],
        batch_size=BATCH,
    )
    progress(
        stdout,
        f"Meetings: made {len(meetings):,} with {len(actions):,} actions and {len(proposals):,} proposals.",
    )


def make_bids(partnership, *, size: Size, rng: random.Random, stdout=sys.stdout) -> None:
    """Opportunities (five bids each), bids in every status, with match funding and linked projects."""
    from funding.models import Bid, FundingOpportunity, MatchFunding
    from partnership.models import Clause
    from projects.models import Project

    existing = Bid.objects.for_partnership(partnership).count()
    if existing >= size.bids:
        progress(stdout, f"Bids: {existing:,} already there.")
        return
    parties = list(partnership.parties.all())
    commitments = list(Clause.objects.current().commitments().filter(agreement__partnership=partnership))
    project_ids = list(Project.objects.for_partnership(partnership).values_list("pk", flat=True)[:5000])
    today = timezone.localdate()
    wanted = size.bids - existing
    closing = [today + timedelta(days=rng.randint(-300, 120)) for _ in range(max(1, wanted // 5))]
    opportunities = FundingOpportunity.objects.bulk_create(
        [
            FundingOpportunity(
                partnership=partnership,
                funder=rng.choice(["DSIT", "MHCLG", "DfE", "Homes England", "Innovate UK"]),
                name=f"Growth fund round {existing // 5 + n + 1}",
                amount_available=Decimal(rng.randint(1, 50)) * 1_000_000,
                opens_on=closes_on - timedelta(days=rng.randint(60, 400)),
                closes_on=closes_on,
            )
            for n, closes_on in enumerate(closing)
        ],
        batch_size=BATCH,
    )
    bids = []
    for n in range(wanted):
        status = rng.choice(list(Bid.Status.values))
        decided = status in (Bid.Status.SUCCESSFUL, Bid.Status.UNSUCCESSFUL)
        requested = Decimal(rng.randint(50, 5000)) * 1000
        bids.append(
            Bid(
                opportunity=opportunities[n % len(opportunities)],
                title=f"Joint bid {existing + n + 1}",
                lead_organisation=rng.choice(parties),
                amount_requested=requested,
                status=status,
                decision_date=today - timedelta(days=rng.randint(1, 300)) if decided else None,
                amount_awarded=requested * Decimal("0.8") if status == Bid.Status.SUCCESSFUL else None,
            )
        )
    bids = Bid.objects.bulk_create(bids, batch_size=BATCH)
    MatchFunding.objects.bulk_create(
        [
            MatchFunding(bid=bid, organisation=rng.choice(parties), amount=bid.amount_requested / 4)
            for bid in bids
        ],
        batch_size=BATCH,
    )
    Bid.commitments.through.objects.bulk_create(
        [Bid.commitments.through(bid=bid, clause=rng.choice(commitments)) for bid in bids], batch_size=BATCH
    )
    if project_ids:
        Bid.projects.through.objects.bulk_create(
            [Bid.projects.through(bid=bid, project_id=rng.choice(project_ids)) for bid in bids],
            batch_size=BATCH,
        )
    progress(stdout, f"Bids: made {len(bids):,} on {len(opportunities):,} opportunities.")


# Each step makes one kind of record, in this order (bids link to projects).
STEPS = [make_people, make_projects, make_meetings, make_bids]


def generate(
    *,
    projects: int | None = None,
    people: int | None = None,
    scale: float = 1.0,
    reset_first=False,
    seed: int = 2026,
    stdout=sys.stdout,
):
    """Makes (or tops up) the partnership to the size asked for; returns the partnership."""
    from django.db import connection, transaction

    size = Size.scaled(scale, projects=projects, people=people)
    rng = random.Random(seed)
    started = time.monotonic()
    partnership = ensure_partnership(stdout)
    if reset_first:
        with transaction.atomic():
            reset(partnership, stdout)
    for step in STEPS:
        with transaction.atomic():
            step(partnership, size=size, rng=rng, stdout=stdout)
    # Fresh statistics, as autovacuum would have made them by the time a real database is this size.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    progress(stdout, f"Done in {time.monotonic() - started:,.1f} s.")
    return partnership


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--projects", type=int, help="How many joint projects (default 1,000 × scale).")
    parser.add_argument("--people", type=int, help="How many people (default 100 × scale).")
    parser.add_argument("--scale", type=float, default=1.0, help="Multiplies the default sizes.")
    parser.add_argument("--reset", action="store_true", help="Remove what an earlier run made first.")
    parser.add_argument("--seed", type=int, default=2026, help="Random seed, for the same data each run.")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    generate(
        projects=args.projects, people=args.people, scale=args.scale, reset_first=args.reset, seed=args.seed
    )


FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Femi",
    "Grace",
    "Harry",
    "Isla",
    "Jack",
    "Kiran",
    "Lily",
    "Mo",
    "Nina",
    "Owen",
    "Priya",
    "Rhys",
    "Sofia",
    "Tom",
    "Zara",
]
LAST_NAMES = [
    "Ahmed",
    "Brown",
    "Clarke",
    "Davies",
    "Evans",
    "Fisher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Patel",
    "Roberts",
    "Smith",
    "Taylor",
    "Walker",
    "Wilson",
    "Young",
]
RAG_REASONS = [
    "A delivery partner withdrew; re-procurement is under way.",
    "Planning consent is delayed.",
    "Costs have risen above the budget agreed by both boards.",
    "Match funding is not yet confirmed.",
    "Recruitment is behind plan.",
]
HALF_YEARS = [
    (date(2024, 4, 1), date(2024, 9, 30)),
    (date(2024, 10, 1), date(2025, 3, 31)),
    (date(2025, 4, 1), date(2025, 9, 30)),
]
MILESTONE_TITLES = [
    "Business case approved",
    "Delivery partner appointed",
    "Mid-point review",
    "Final evaluation",
]
UPDATE_TEXTS = [
    "Spending and milestones are in line with the plan.",
    "Reported to both boards at the six-monthly review.",
    "A risk is escalated to the programme board.",
    "The first cohort has started.",
    "Site works began this month.",
]


if __name__ == "__main__":
    main()
