"""3.5: the six-monthly review pack — what changed since the previous review, each figure for this
period beside the one before. Every measure is one query answering for both periods."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone

from funding.models import Bid
from meetings.models import Action, Decision, Meeting, Proposal
from partnership.models import ConsultationResponse
from partnership.spreadsheets import Column, Money, Workbook
from projects.models import OutcomeKind, OutcomeReport, Project

from . import charts
from .dashboard import funding, outcomes
from .periods import Period
from .review_changes import ChangeList, changes, history_changes


@dataclass
class Measure:
    section: str
    label: str
    this: Decimal | int
    last: Decimal | int
    money: bool = False
    hint: str = ""  # what exactly is counted, where the label alone could be read two ways

    @property
    def change(self) -> Decimal | int:
        return self.this - self.last


@dataclass
class ReviewPack:
    meeting: Meeting
    this: Period
    last: Period
    measures: list[Measure]
    changes: list[ChangeList]

    @property
    def this_heading(self) -> str:
        return "This period to date" if self.this.to_date else "This period"

    def sections(self) -> list[tuple[str, list[Measure]]]:
        grouped: dict[str, list[Measure]] = {}
        for measure in self.measures:
            grouped.setdefault(measure.section, []).append(measure)
        return list(grouped.items())


def periods(meeting: Meeting) -> tuple[Period, Period]:
    """This period runs from the previous review to this one; the last period, from the review before.
    Without earlier reviews, a period is the six months the agreement's cycle gives (3.2.1). Before the
    review, this period runs only to now, so nothing yet to come is counted."""
    earlier = list(
        Meeting.objects.filter(partnership=meeting.partnership, starts_at__lt=meeting.starts_at)
        .scheduled()
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)[:2]
    )
    six_months = timedelta(days=182)
    this_start = earlier[0] if earlier else meeting.starts_at - six_months
    last_start = earlier[1] if len(earlier) > 1 else this_start - six_months
    now = timezone.now()
    this = Period(this_start, min(meeting.starts_at, now), to_date=now < meeting.starts_at)
    return this, Period(last_start, this_start)


def review_pack(meeting: Meeting) -> ReviewPack:
    this, last = periods(meeting)
    partnership = meeting.partnership
    measures = [
        *_projects(partnership, this, last),
        *_bids(partnership, this, last),
        *_outcomes(partnership, this, last),
        *_decisions(partnership, this, last),
        *_consultations(partnership, this, last),
        *_actions(partnership, this, last),
    ]
    return ReviewPack(meeting, this, last, measures, changes(partnership, this))


def _by_date(field: str, this: Period, last: Period) -> tuple[Q, Q]:
    return (
        Q(**{f"{field}__gte": this.first_day, f"{field}__lte": this.last_day}),
        Q(**{f"{field}__gte": last.first_day, f"{field}__lte": last.last_day}),
    )


def _by_time(field: str, this: Period, last: Period) -> tuple[Q, Q]:
    return (
        Q(**{f"{field}__gt": this.start, f"{field}__lte": this.end}),
        Q(**{f"{field}__gt": last.start, f"{field}__lte": last.end}),
    )


def _counts(queryset, this_q: Q, last_q: Q, total=None) -> tuple:
    """Counts (or sums of `total`) in each period, in one query that reads only the two periods' rows."""
    aggregate = (lambda q: Sum(total, filter=q, default=0)) if total else (lambda q: Count("pk", filter=q))
    result = queryset.filter(this_q | last_q).aggregate(this=aggregate(this_q), last=aggregate(last_q))
    return result["this"], result["last"]


def _became(
    model, field: str, value: str | list[str], scope: Q, this: Period, last: Period, *, was=None
) -> tuple[int, int]:
    """How many records changed their `field` to `value` (from `was`, when given) in each period, read
    from their audit trail."""
    to = value if isinstance(value, list) else [value]
    found = history_changes(model, field, to=to, was=was, scope=scope, after=last.start, until=this.end)
    this_q, last_q = _by_time("history_date", this, last)
    result = found.aggregate(
        this=Count("id", filter=this_q, distinct=True), last=Count("id", filter=last_q, distinct=True)
    )
    return result["this"], result["last"]


def _projects(partnership, this, last) -> list[Measure]:
    projects = Project.objects.filter(partnership=partnership)
    scope = Q(partnership=partnership)
    return [
        Measure(
            "Joint projects", "Projects started", *_counts(projects, *_by_date("start_date", this, last))
        ),
        Measure(
            "Joint projects",
            "Projects completed",
            *_became(Project, "status", Project.Status.COMPLETED, scope, this, last),
        ),
        Measure(
            "Joint projects",
            "Projects turned red",
            *_became(Project, "rag", Project.Rag.RED, scope, this, last),
        ),
        Measure(
            "Joint projects",
            "Projects recovered from red",
            *_became(
                Project,
                "rag",
                [Project.Rag.AMBER, Project.Rag.GREEN],
                scope,
                this,
                last,
                was=[Project.Rag.RED],
            ),
        ),
    ]


def _bids(partnership, this, last) -> list[Measure]:
    bids = Bid.objects.filter(opportunity__partnership=partnership)
    this_q, last_q = _by_date("decision_date", this, last)
    won, lost = Q(status=Bid.Status.SUCCESSFUL), Q(status=Bid.Status.UNSUCCESSFUL)
    scope = Q(opportunity__partnership=partnership)
    return [
        Measure(
            "Funding bids", "Bids submitted", *_became(Bid, "status", Bid.Status.SUBMITTED, scope, this, last)
        ),
        Measure("Funding bids", "Bids won", *_counts(bids, this_q & won, last_q & won)),
        Measure(
            "Funding bids",
            "Awarded to bids won",
            *_counts(bids, this_q & won, last_q & won, total="amount_awarded"),
            money=True,
        ),
        Measure("Funding bids", "Bids lost", *_counts(bids, this_q & lost, last_q & lost)),
        Measure(
            "Funding bids",
            "Requested by bids lost",
            *_counts(bids, this_q & lost, last_q & lost, total="amount_requested"),
            money=True,
        ),
    ]


def _outcomes(partnership, this, last) -> list[Measure]:
    """Outcomes reported for reporting periods that ended within each review period, by kind: every
    kind the partnership reports, with nothing in a period shown as 0."""
    reports = OutcomeReport.objects.filter(project__partnership=partnership)
    this_q, last_q = _by_date("period_end", this, last)
    totals = {
        row.pop("kind"): row
        for row in reports.filter(this_q | last_q)
        .values("kind")
        .annotate(this=Sum("actual", filter=this_q, default=0), last=Sum("actual", filter=last_q, default=0))
        .order_by()
    }
    nothing = {"this": Decimal(0), "last": Decimal(0)}
    kinds = OutcomeKind.objects.filter(Exists(reports.filter(kind=OuterRef("pk")))).order_by("name")
    return [
        Measure(
            "Outcomes delivered",
            kind.name,
            totals.get(kind.pk, nothing)["this"],
            totals.get(kind.pk, nothing)["last"],
            money=kind.is_money,
        )
        for kind in kinds
    ]


def _decisions(partnership, this, last) -> list[Measure]:
    """Proposals agreed (once each, when the last party's board approved: clause 3.1), apart from the
    boards' own decisions: a proposal has one from each party's board."""
    agreed = Proposal.objects.filter(partnership=partnership).agreed()
    decisions = Decision.objects.filter(proposal__partnership=partnership)
    this_q, last_q = _by_date("decided_on", this, last)
    outcomes = {
        Decision.Outcome.APPROVED: "Board decisions to approve",
        Decision.Outcome.REJECTED: "Board decisions to reject",
        Decision.Outcome.DEFERRED: "Board decisions to defer",
    }
    result = decisions.aggregate(
        this=Count("pk", filter=this_q & Q(outcome__in=outcomes)),
        last=Count("pk", filter=last_q & Q(outcome__in=outcomes)),
        **{
            f"{outcome}_{period}": Count("pk", filter=q & Q(outcome=outcome))
            for outcome in outcomes
            for period, q in [("this", this_q), ("last", last_q)]
        },
    )
    agreed_this, agreed_last = _counts(agreed, *_by_date("agreed_on", this, last))
    return [
        Measure(
            "Board decisions",
            "Proposals agreed",
            agreed_this,
            agreed_last,
            hint="Every party's board approved; counted once, when the last approved.",
        ),
        Measure(
            "Board decisions",
            "Board decisions recorded",
            result["this"],
            result["last"],
            hint="Each board's own decision: a proposal has one from each party's board.",
        ),
        *[
            Measure("Board decisions", label, result[f"{outcome}_this"], result[f"{outcome}_last"])
            for outcome, label in outcomes.items()
        ],
    ]


def _consultations(partnership, this, last) -> list[Measure]:
    """3.4: responses due in each period that came late, or have not come at all."""
    responses = ConsultationResponse.objects.filter(consultation__partnership=partnership)
    this_q, last_q = _by_date("consultation__respond_by", this, last)
    late = Q(responded_on__gt=F("consultation__respond_by"))
    missing = Q(responded_on__isnull=True)
    return [
        Measure(
            "Duty to cooperate",
            "Consultation responses given late",
            *_counts(responses, this_q & late, last_q & late),
        ),
        Measure(
            "Duty to cooperate",
            "Consultation responses not given",
            *_counts(responses, this_q & missing, last_q & missing),
        ),
    ]


def _actions(partnership, this, last) -> list[Measure]:
    # Still open after the day they were due, as the pack's list has them: one due today is not late yet.
    overdue = Action.objects.filter(meeting__partnership=partnership).overdue()
    this_q, last_q = _by_date("due_date", this, last)
    scope = Q(meeting__partnership=partnership)
    return [
        Measure(
            "Actions", "Actions closed", *_became(Action, "status", Action.Status.DONE, scope, this, last)
        ),
        Measure("Actions", "Actions due in the period and still open", *_counts(overdue, this_q, last_q)),
    ]


def write_xlsx(pack: ReviewPack, stream, *, by=None) -> None:
    """The pack as a spreadsheet: one row a measure, the last period beside this one as on the page;
    which review and which periods on a second sheet, "About"; then a sheet for each list of what
    changed in this period."""
    workbook = Workbook()
    workbook.table(
        "Review pack",
        [
            Column("Section"),
            Column("Measure"),
            Column("Last period"),
            Column(pack.this_heading),
            Column("Change"),
        ],
        [
            [m.section, m.label, *(Money(v) if m.money else v for v in (m.last, m.this, m.change))]
            for m in pack.measures
        ],
    )
    workbook.about(
        "The six-monthly review pack (3.5): each figure for this period beside the last period's.",
        partnership=pack.meeting.partnership,
        by=by,
        details=[
            ("Review pack for", str(pack.meeting)),
            (pack.this_heading, pack.this.span),
            ("Last period", pack.last.span),
        ],
    )
    for change_list in pack.changes:
        workbook.table(
            change_list.title,
            [Column(heading) for heading in change_list.columns],
            [[Money(c.value) if c.money else c.value for c in row] for row in change_list.rows],
        )
    workbook.save(stream)


def pack_charts(pack: ReviewPack) -> dict:
    """The charts that make sense for a review (overview/charts.py): live projects by RAG at each
    review up to this one, the funding funnel, outcomes against targets, open actions by age. A fixed
    number of queries."""
    partnership = pack.meeting.partnership
    money = funding(partnership)
    return {
        "rag": charts.rag_chart(
            charts.rag_by_period(partnership, until=pack.this.end), now_label="This review"
        ),
        "funnel": charts.funnel_chart(money["by_stage"], money["awarded"]),
        "outcomes": charts.outcomes_chart(outcomes(partnership)),
        "actions": charts.actions_chart(charts.actions_by_age(partnership)),
    }
