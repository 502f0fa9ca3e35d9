"""Reads for meetings that span the partnership's models."""

from django.db.models import Prefetch, QuerySet

from partnership.models import Board, Clause, Partnership, Person

from .models import Decision, Proposal


def partnership_people(partnership: Partnership) -> QuerySet[Person]:
    """Everyone active in an organisation of the partnership: who may present an item or own an action."""
    return Person.objects.filter(
        memberships__organisation__partnerships=partnership, is_active=True
    ).distinct()


def party_boards(partnership: Partnership) -> QuerySet[Board]:
    """The board of each party, with its organisation."""
    return Board.objects.filter(organisation__in=partnership.parties.all()).select_related("organisation")


def proposals_of(partnership: Partnership) -> QuerySet[Proposal]:
    """The partnership's proposals, newest first, with their status, each board's decision and the
    commitments they serve."""
    return (
        Proposal.objects.filter(partnership=partnership)
        .with_status()
        .select_related("project", "bid")
        .order_by("-created_at", "-pk")
        .prefetch_related(
            Prefetch(
                "decisions", queryset=Decision.objects.select_related("board__organisation", "recorded_by")
            ),
            Prefetch("commitments", queryset=Clause.objects.select_related("agreement").order_by("position")),
        )
    )


# 3.2.1 asks the parties to meet every six months and 3.5 to review the partnership: each review of
# the series serves both; its standing agenda (review, opportunities, priorities) serves 3.2.1.
REVIEW_CLAUSES = ("3.2.1", "3.5")
STANDING_CLAUSES = ("3.2.1",)


def clauses_numbered(partnership: Partnership, numbers: tuple[str, ...]) -> list[Clause]:
    """The clauses of the partnership's current agreement with these numbers; any it lacks left out."""
    return list(Clause.objects.current_for(partnership).filter(number__in=numbers))
