"""Demo six-monthly reviews for `make run`: the last review (past, minuted, with actions and agreed
priorities), the next one on the calendar, and two proposals before the boards. Safe to run again."""

from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from partnership.demo import demo_email
from partnership.models import Board, Clause, Partnership, Person

from .models import (
    STANDING_AGENDA,
    Action,
    AgendaItem,
    Decision,
    Invitation,
    Meeting,
    MeetingSeries,
    Minutes,
    Paper,
    Priority,
    Proposal,
    add_months,
)
from .selectors import REVIEW_CLAUSES, clauses_numbered
from .services import add_agenda_item, link_standing_items, schedule_series, sync_invitations

MINUTES = """Present: the HLEP and CPCA boards (both quorate).

1. Review of joint working. The partners reviewed progress on the joint projects. The life sciences
   cluster work is on track; the housing data work is behind because data sharing terms took longer.
2. Opportunities for collective working. The partners agreed to explore a joint bid for skills
   bootcamps and a shared approach to HMG on the London-Stansted growth corridor.
3. Future priorities. Three priorities were agreed (recorded below).
"""

DEMO_PAPER = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# (description, owner's first name, party, days after the meeting it is due, status)
ACTIONS = [
    ("Circulate the joint data pack on housing delivery", "Hugo", "HLEP", 30, Action.Status.OPEN),
    ("Draft terms for sharing business rates data", "Cara", "CPCA", 45, Action.Status.IN_PROGRESS),
    ("Map the skills bootcamp providers in both areas", "Hugo", "HLEP", 60, Action.Status.DONE),
    ("Prepare the London-Stansted corridor briefing for HMG", "Cara", "CPCA", 200, Action.Status.OPEN),
]

# (title, commitment numbers)
PRIORITIES = [
    ("A joint offer to life sciences investors along the corridor", ["2.3.3", "2.3.4"]),
    ("One evidence base for housing supply across the region", ["2.3.6", "2.3.7"]),
    ("A shared skills bootcamp bid", ["2.3.2", "2.3.5"]),
]

# (title, summary, commitments, the project it is about (projects' demo), {party: outcome})
PROPOSALS = [
    (
        "Joint life sciences inward investment prospectus",
        "Publish one prospectus for life sciences investors covering both areas, funded equally.",
        ["2.3.3", "2.3.4", "3.1"],
        "Corridor life sciences incubator",
        {"HLEP": Decision.Outcome.APPROVED, "CPCA": Decision.Outcome.APPROVED},
    ),
    (
        "Shared housing delivery data platform",
        "Build one platform for housing delivery data, hosted by HLEP, that both parties feed and use.",
        ["2.3.6", "2.3.7", "3.1"],
        "Joint strategic planning evidence base",
        {"HLEP": Decision.Outcome.APPROVED, "CPCA": Decision.Outcome.PENDING},
    ),
]


def working_day_pair(day: date) -> date:
    """The first day from `day` that is a weekday, as is the same day six months on (and not Christmas)."""

    def fits(d: date) -> bool:
        return d.weekday() < 5 and not (d.month == 12 and d.day > 20) and not (d.month == 1 and d.day < 4)

    while not (fits(day) and fits(add_months(day, 6))):
        day += timedelta(days=1)
    return day


def person(first_name: str, party) -> Person | None:
    return Person.objects.filter(email=demo_email(first_name, party)).first()


def load(partnership: Partnership) -> None:
    parties = {p.short_name: p for p in partnership.parties.all()}
    if not {"HLEP", "CPCA"} <= set(parties):
        return
    hlep, cpca = parties["HLEP"], parties["CPCA"]
    commitments = {c.number: c for c in Clause.objects.current().filter(agreement__partnership=partnership)}
    with transaction.atomic():
        today = timezone.localdate()
        last_review = timezone.make_aware(
            datetime.combine(working_day_pair(add_months(today, -5)), time(10, 0))
        )
        series, _ = MeetingSeries.objects.get_or_create(
            partnership=partnership,
            title="Six-monthly review",
            defaults={
                "first_starts_at": last_review,
                "first_host": cpca,
                "location": "Alconbury Weald Enterprise Campus, Huntingdon",
                "online_url": "https://meet.accord.localhost/six-monthly-review",
            },
        )
        past = load_last_review(series, hlep, cpca, commitments)
        schedule_series(series=series, count=1, by=person("Hana", hlep))
        load_proposals(partnership, parties, commitments, past)
        load_next_agenda(series, hlep, cpca)


def load_next_agenda(series: MeetingSeries, hlep, cpca) -> None:
    """The next review's agenda has, beside its standing items, one item of its own, whose presenter
    has yet to send its paper; its first item has a paper already, which may still be removed."""
    upcoming = series.meetings.filter(series_number=1).first()
    if upcoming is None:
        return
    if not upcoming.agenda_items.filter(is_standing=False).exists():
        add_agenda_item(
            upcoming,
            by=person("Hana", hlep),
            title="Shared housing delivery data platform: where each board stands",
            presenter=person("Cara", cpca),
        )
    add_demo_paper(
        upcoming,
        title="Joint working: the first half of the year",
        name="joint-working-half-year.pdf",
        uploaded_by=person("Hugo", hlep),
    )


def add_demo_paper(meeting: Meeting, *, title: str, name: str, uploaded_by, **fields) -> None:
    """A paper on the meeting's first agenda item, once."""
    first_item = meeting.agenda_items.order_by("position").first()
    if not first_item.papers.exists():
        Paper.objects.create(
            agenda_item=first_item,
            title=title,
            file=ContentFile(DEMO_PAPER, name=name),
            original_name=name,
            content_type="application/pdf",
            size=len(DEMO_PAPER),
            uploaded_by=uploaded_by,
            **fields,
        )


def load_last_review(series: MeetingSeries, hlep, cpca, commitments) -> Meeting:
    """The review already held: its agenda, attendance, minutes, actions and agreed priorities."""
    starts_at = series.starts_at(0)
    meeting, created = Meeting.objects.get_or_create(
        series=series,
        series_number=0,
        defaults={
            "partnership": series.partnership,
            "title": series.title,
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(minutes=series.duration_minutes),
            "host": series.host(0),
            "papers_deadline": series.papers_deadline(starts_at),
            "location": series.location,
            "online_url": series.online_url,
        },
    )
    if created:
        presenters = [person("Hugo", hlep), person("Cara", cpca), person("Hana", hlep)]
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, title=title, position=n, is_standing=True, presenter=presenter)
            for n, (title, presenter) in enumerate(zip(STANDING_AGENDA, presenters, strict=True), start=1)
        )
    # The review serves 3.2.1 and 3.5, its standing items 3.2.1, as every review the series schedules.
    meeting.commitments.add(*clauses_numbered(series.partnership, REVIEW_CLAUSES))
    link_standing_items(
        list(meeting.agenda_items.filter(is_standing=True).select_related("meeting__partnership"))
    )
    first_item = meeting.agenda_items.order_by("position").first()
    add_demo_paper(
        meeting,
        title="Joint working: progress since the last review",
        name="joint-working-review.pdf",
        uploaded_by=first_item.presenter,
        uploaded_at=meeting.papers_deadline - timedelta(days=1),
    )
    sync_invitations(meeting)
    meeting.invitations.filter(attended__isnull=True).update(
        response=Invitation.Response.ATTENDING, attended=True
    )
    Minutes.objects.get_or_create(
        meeting=meeting, defaults={"text": MINUTES, "drafted_by": person("Hana", hlep)}
    )
    for description, first_name, party, days, status in ACTIONS:
        organisation = hlep if party == "HLEP" else cpca
        owner = person(first_name, organisation)
        if owner is None:
            continue
        Action.objects.get_or_create(
            meeting=meeting,
            description=description,
            defaults={
                "agenda_item": first_item,
                "owner": owner,
                "owner_organisation": organisation,
                "due_date": timezone.localdate(starts_at) + timedelta(days=days),
                "status": status,
            },
        )
    for title, numbers in PRIORITIES:
        priority, created = Priority.objects.get_or_create(meeting=meeting, title=title)
        if created:
            priority.commitments.set([commitments[n] for n in numbers if n in commitments])
    return meeting


def load_proposals(partnership: Partnership, parties, commitments, meeting: Meeting) -> None:
    for title, summary, numbers, project_title, outcomes in PROPOSALS:
        proposal, created = Proposal.objects.get_or_create(
            partnership=partnership,
            title=title,
            defaults={
                "summary": summary,
                "project": partnership.projects.filter(title=project_title).first(),
            },
        )
        if created:
            proposal.commitments.set([commitments[n] for n in numbers if n in commitments])
        for party, outcome in outcomes.items():
            board = Board.objects.get(organisation=parties[party])
            decided = outcome != Decision.Outcome.PENDING
            Decision.objects.get_or_create(
                proposal=proposal,
                board=board,
                defaults={
                    "outcome": outcome,
                    "decided_on": timezone.localdate(meeting.starts_at) + timedelta(days=21)
                    if decided
                    else None,
                    "reference": f"{party}/{timezone.localdate(meeting.starts_at):%Y}/{proposal.pk:02d}"
                    if decided
                    else "",
                    "recorded_by": board.secretary,
                },
            )
