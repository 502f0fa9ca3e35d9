"""3.5: "how is the partnership doing?" — the figures of the dashboard, each in a fixed number of
queries whatever the partnership's size, and kept for a minute (`cached_figures`)."""

import logging
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Sum
from django.utils import timezone
from redis import RedisError

from funding.models import Bid, MatchFunding
from meetings.models import Action, Decision, Meeting, Proposal
from partnership.models import Board, Clause, ConsultationResponse, Partnership
from partnership.serving import coverage
from projects.models import OutcomeKind, OutcomeReport, OutcomeTarget, Project

from . import charts

logger = logging.getLogger(__name__)


@dataclass
class BoardFigures:
    board: Board
    decisions_awaited: int
    consultations_awaited: int


@dataclass
class AgreementStanding:
    """Whether the current agreement is signed by every party, and when it is to be reviewed."""

    version: int
    signed_on: date | None  # the last party's signature, once every party has signed
    unsigned: list[str]  # the short names of the parties yet to sign
    review_on: date | None
    review_overdue: bool

    @property
    def unsigned_names(self) -> str:
        """ "HLEP and CPCA", in the order the agreement names the parties."""
        if len(self.unsigned) < 2:
            return "".join(self.unsigned)
        return f"{', '.join(self.unsigned[:-1])} and {self.unsigned[-1]}"


def agreement_standing(partnership: Partnership) -> AgreementStanding | None:
    agreement = partnership.current_agreement
    if agreement is None:
        return None
    signatures = list(agreement.signatures.select_related("organisation").order_by("pk"))
    unsigned = [s.organisation.short_name for s in signatures if not s.is_signed]
    dates = [s.signed_on for s in signatures if s.signed_on]
    return AgreementStanding(
        version=agreement.version,
        signed_on=max(dates) if signatures and not unsigned else None,
        unsigned=unsigned,
        review_on=agreement.review_on,
        review_overdue=bool(agreement.review_on and agreement.review_on < timezone.localdate()),
    )


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
    live = Project.objects.for_partnership(partnership).live()
    by_rag, by_sector = live.counts()
    return {"by_rag": by_rag, "by_sector": by_sector}


def funding(partnership: Partnership) -> dict:
    bids = Bid.objects.for_partnership(partnership)
    totals = bids.aggregate(requested=Sum("amount_requested"), awarded=Sum("amount_awarded"))
    matched = MatchFunding.objects.filter(bid__in=bids).aggregate(matched=Sum("amount"))
    return {
        **totals,
        **matched,
        "success_rate": bids.success_rate(),
        "by_stage": bids.by_stage_and_status(),  # the funnel of overview/charts.py
    }


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


def commitments_matrix(partnership: Partnership) -> list[Clause]:
    """Each commitment and practice of the current agreement with how many records of each kind
    serve it or its sub-clauses, in one query: `serving.coverage`, the one definition the clause
    pages and the registers' filters share. A clause with a total of 0 is served by nothing."""
    return coverage(partnership)


def figures(partnership: Partnership) -> dict:
    """Every figure of the dashboard, worked out now."""
    return {
        "as_at": timezone.now(),
        "agreement_standing": agreement_standing(partnership),
        "next_meeting": next_meeting(partnership),
        "boards": boards(partnership),
        "overdue_actions": overdue_actions(partnership),
        "projects": projects(partnership),
        "funding": funding(partnership),
        "outcomes": outcomes(partnership),
        "matrix": commitments_matrix(partnership),
        # For the charts of overview/charts.py: two queries and one.
        "rag_by_period": charts.rag_by_period(partnership),
        "actions_by_age": charts.actions_by_age(partnership),
    }


def _key(partnership_pk: int) -> str:
    return f"dashboard:{partnership_pk}"


def cached_figures(partnership: Partnership) -> dict:
    """The figures, worked out at most once per ACCORD_DASHBOARD_SECONDS for each partnership, or
    after someone changes something (`forget_figures`): they add up every project, bid and action,
    which takes seconds at 100,000 projects. The page says when they were worked out; the lists
    behind each figure are always live."""
    try:
        return cache.get_or_set(
            _key(partnership.pk), lambda: figures(partnership), settings.ACCORD_DASHBOARD_SECONDS
        )
    except RedisError:
        logger.warning("The cache is unreachable: the dashboard's figures are worked out afresh.")
        return figures(partnership)


def forget_figures(partnership_pks) -> None:
    """The next reader of these partnerships' dashboards gets figures worked out afresh."""
    try:
        cache.delete_many([_key(pk) for pk in partnership_pks])
    except RedisError:
        logger.warning("The cache is unreachable: the dashboard's figures may be a minute old.")
