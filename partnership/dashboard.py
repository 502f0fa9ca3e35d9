"""3.5: "how is the partnership doing?" — the figures of the dashboard, each in a fixed number of
queries whatever the partnership's size."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, DateTimeField, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from funding.models import Bid, MatchFunding
from meetings.models import Action, Decision, Meeting, Proposal
from projects.models import OutcomeKind, OutcomeReport, OutcomeTarget, Project

from .models import Board, Clause, Consultation, ConsultationResponse, Partnership

LIVE_PROJECT = ~Q(status__in=[Project.Status.COMPLETED, Project.Status.CLOSED])
LIVE_BID = Q(status__in=[*Bid.WORKING, Bid.Status.SUBMITTED])


@dataclass
class BoardFigures:
    board: Board
    decisions_awaited: int
    consultations_awaited: int


def next_meeting(partnership: Partnership) -> Meeting | None:
    return (
        Meeting.objects.filter(partnership=partnership).scheduled().upcoming().select_related("host").first()
    )


def boards(partnership: Partnership) -> list[BoardFigures]:
    """For each party's board: proposals still awaiting its decision, consultations awaiting its answer."""
    pending = (
        Proposal.objects.filter(partnership=partnership)
        .with_status()
        .filter(annotated_status=Proposal.Status.PENDING)
        .values("pk")
    )
    decided = set(
        Decision.objects.filter(
            proposal__in=pending, outcome__in=[Decision.Outcome.APPROVED, Decision.Outcome.REJECTED]
        ).values_list("proposal_id", "board_id")
    )
    pending_ids = [row["pk"] for row in pending]
    awaiting_answer = dict(
        ConsultationResponse.objects.awaiting()
        .filter(consultation__partnership=partnership)
        .values("organisation")
        .annotate(n=Count("pk"))
        .values_list("organisation", "n")
    )
    return [
        BoardFigures(
            board=board,
            decisions_awaited=sum((pk, board.pk) not in decided for pk in pending_ids),
            consultations_awaited=awaiting_answer.get(board.organisation_id, 0),
        )
        for board in Board.objects.filter(organisation__partnerships=partnership).select_related(
            "organisation"
        )
    ]


def overdue_actions(partnership: Partnership) -> list[dict]:
    """Overdue actions by owning organisation, most first."""
    return list(
        Action.objects.overdue()
        .filter(meeting__partnership=partnership)
        .values("owner_organisation", "owner_organisation__short_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "owner_organisation__short_name")
    )


def projects(partnership: Partnership) -> dict:
    live = Project.objects.for_partnership(partnership).filter(LIVE_PROJECT)
    return {"by_rag": live.counts_by_rag(), "by_sector": live.counts_by_sector()}


def funding(partnership: Partnership) -> dict:
    bids = Bid.objects.for_partnership(partnership)
    totals = bids.aggregate(requested=Sum("amount_requested"), awarded=Sum("amount_awarded"))
    matched = MatchFunding.objects.filter(bid__in=bids).aggregate(matched=Sum("amount"))
    return {**totals, **matched, "success_rate": bids.success_rate()}


def outcomes(partnership: Partnership) -> list[OutcomeKind]:
    """Each kind of outcome with its target and achieved totals across the partnership's projects."""
    targets = dict(
        OutcomeTarget.objects.filter(project__partnership=partnership)
        .values("kind")
        .annotate(total=Sum("target"))
        .values_list("kind", "total")
    )
    achieved = dict(
        OutcomeReport.objects.filter(project__partnership=partnership)
        .values("kind")
        .annotate(total=Sum("actual"))
        .values_list("kind", "total")
    )
    kinds = list(OutcomeKind.objects.filter(pk__in={*targets, *achieved}).order_by("name"))
    for kind in kinds:
        kind.target, kind.achieved = targets.get(kind.pk), achieved.get(kind.pk)
    return kinds


def _count(model, only: Q | None = None):
    """How many records of `model` link to the outer clause through their `commitments`."""
    return Coalesce(
        Subquery(
            model.objects.filter(only or Q(), commitments=OuterRef("pk"))
            .order_by()
            .values("commitments")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


def _latest(model, field: str):
    return Subquery(
        model.objects.filter(commitments=OuterRef("pk"))
        .order_by()
        .values("commitments")
        .annotate(latest=Max(field))
        .values("latest"),
        output_field=DateTimeField(),
    )


def commitments_matrix(partnership: Partnership) -> list[Clause]:
    """Each clause of the current agreement that records serve, with how many live projects, bids,
    proposals and consultations serve it and when it last saw activity. One query."""
    agreement = partnership.current_agreement
    if agreement is None:
        return []
    epoch = timezone.make_aware(datetime(1970, 1, 1))
    clauses = (
        agreement.clauses.exclude(kind=Clause.Kind.GENERAL)
        .annotate(
            live_projects=_count(Project, LIVE_PROJECT),
            live_bids=_count(Bid, LIVE_BID),
            proposal_count=_count(Proposal),
            consultation_count=_count(Consultation),
            last_activity=Greatest(
                Coalesce(_latest(Project, "updated_at"), epoch),
                Coalesce(_latest(Proposal, "created_at"), epoch),
                Coalesce(_latest(Consultation, "created_at"), epoch),
            ),
        )
        .select_related("agreement")
    )
    for clause in clauses:
        clause.total = (
            clause.live_projects + clause.live_bids + clause.proposal_count + clause.consultation_count
        )
        if clause.last_activity == epoch:
            clause.last_activity = None
    return list(clauses)


@dataclass
class LinkedRecords:
    anchor: str
    heading: str
    records: list
    count: int
    list_url: str = ""


def records_serving(clause: Clause, limit: int = 20) -> list[LinkedRecords]:
    """What links back to one clause, newest first, each kind with its count and the full list's URL."""
    sections = [
        ("projects", "Joint projects", clause.projects.order_by("-updated_at"), reverse("projects:list")),
        (
            "bids",
            "Bids",
            clause.bids.select_related("opportunity").order_by("-pk"),
            reverse("funding:pipeline"),
        ),
        ("proposals", "Proposals for the boards", clause.proposals.order_by("-created_at"), ""),
        (
            "consultations",
            "Consultations",
            clause.consultations.all(),
            reverse("partnership:consultation-list"),
        ),
        ("priorities", "Agreed priorities", clause.priorities.select_related("meeting").order_by("-pk"), ""),
        ("evidence", "Shared data and evidence", clause.evidence.all(), reverse("partnership:evidence-list")),
    ]
    return [
        LinkedRecords(
            anchor,
            heading,
            list(records[:limit]),
            records.count(),
            f"{url}?commitment={clause.pk}" if url else "",
        )
        for anchor, heading, records, url in sections
    ]
