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

    @classmethod
    def scaled(cls, scale: float, *, projects: int | None = None, people: int | None = None) -> "Size":
        return cls(
            projects=projects if projects is not None else int(1000 * scale),
            people=people if people is not None else max(10, int(100 * scale)),
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


def reset(partnership, stdout=sys.stdout) -> None:
    """Removes the partnership's projects and the people an earlier run made. Projects go by SQL:
    Django's cascade would load every row and write its deletion to the history, which takes minutes.
    Records of other apps that point at a project are unlinked (SET_NULL) or removed with it."""
    from django.db import connection, models

    from partnership.models import Person
    from projects.models import Project

    projects = f"SELECT id FROM {Project._meta.db_table} WHERE partnership_id = %s"
    statements = [
        f"DELETE FROM {field.remote_field.through._meta.db_table} WHERE project_id IN ({projects})"
        for field in Project._meta.many_to_many
    ]
    for relation in Project._meta.related_objects:
        if relation.many_to_many:  # e.g. bids linked to projects
            through = relation.through._meta
            column = next(f.column for f in through.fields if f.related_model is Project)
            statements.append(f"DELETE FROM {through.db_table} WHERE {column} IN ({projects})")
        elif relation.on_delete is models.SET_NULL:
            table, column = relation.related_model._meta.db_table, relation.field.column
            statements.append(f"UPDATE {table} SET {column} = NULL WHERE {column} IN ({projects})")
        elif relation.on_delete is not models.DO_NOTHING:  # history keeps no constraint: DO_NOTHING
            table, column = relation.related_model._meta.db_table, relation.field.column
            statements.append(f"DELETE FROM {table} WHERE {column} IN ({projects})")
    statements.append(f"DELETE FROM {Project.history.model._meta.db_table} WHERE partnership_id = %s")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, [partnership.pk])
        cursor.execute(f"DELETE FROM {Project._meta.db_table} WHERE partnership_id = %s", [partnership.pk])
        removed = cursor.rowcount
    Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").delete()
    progress(stdout, f"Reset: removed {removed:,} projects and the bench people.")


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
    kinds = list(OutcomeKind.objects.all())
    sectors = list(SECTOR_WORDS)
    today = date.today()
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


# Each step makes one kind of record; meetings, bids and actions add theirs here.
STEPS = [make_people, make_projects]


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
    from django.db import transaction

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
