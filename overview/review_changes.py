"""3.5: the review pack's named lists of what changed in this period — projects that turned red or
recovered, bids won and lost, actions closed and overdue, consultations answered late. Each list is
the rows behind one of the pack's figures, read in one query whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import F, Model, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.text import slugify

from funding.models import Bid
from meetings.models import Action
from partnership.models import ConsultationResponse, Partnership
from projects.models import Project

from .periods import Period


@dataclass
class Cell:
    value: str | date | Decimal | int
    url: str = ""
    money: bool = False

    @property
    def is_date(self) -> bool:
        return isinstance(self.value, date)

    @property
    def numeric(self) -> bool:
        return self.money or (isinstance(self.value, int | Decimal) and not isinstance(self.value, bool))


@dataclass
class ChangeList:
    """A short table: one row a record, its first cell naming it; a cell links to the page of what it
    names (the project, the bid, the consultation, the meeting that agreed an action)."""

    title: str
    columns: list[str]
    rows: list[list[Cell]]
    empty: str  # said instead of an empty table

    @property
    def slug(self) -> str:
        return slugify(self.title)


def history_changes(
    model: type[Model], field: str, *, to: list[str], scope: Q, after: datetime, until: datetime, was=None
) -> QuerySet:
    """The rows of `model`'s audit trail where `field` took one of the values `to` after `after`, up
    to `until`, having had another value before (one of `was`, when given) or none (a new record)."""
    history = model.history.model  # type: ignore[attr-defined]
    before = (
        history.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
        .order_by("-history_date")
        .values(field)[:1]
    )
    came_from = Q(before__in=was) if was else Q(before__isnull=True) | ~Q(before__in=to)
    return (
        history.objects.filter(scope, history_date__gt=after, history_date__lte=until, **{f"{field}__in": to})
        .annotate(before=Subquery(before))
        .filter(came_from)
    )


def _last_change(changes: QuerySet, value: str = "history_date") -> Subquery:
    """`value` of the record's latest change among `changes`, for annotating the record itself."""
    return Subquery(changes.filter(id=OuterRef("pk")).order_by("-history_date").values(value)[:1])


def changes(partnership: Partnership, this: Period) -> list[ChangeList]:
    return [
        *_projects(partnership, this),
        *_bids(partnership, this),
        *_actions(partnership, this),
        _consultations(partnership, this),
    ]


def _in_period(field: str, this: Period) -> Q:
    return Q(**{f"{field}__gte": this.first_day, f"{field}__lte": this.last_day})


def _projects(partnership: Partnership, this: Period) -> list[ChangeList]:
    projects = Project.objects.filter(partnership=partnership).select_related("lead_organisation")
    red = [Project.Rag.RED]

    def changed(**options) -> QuerySet:
        return history_changes(
            Project, "rag", scope=Q(partnership=partnership), after=this.start, until=this.end, **options
        )

    turned_red = changed(to=red)
    recovered = changed(to=[Project.Rag.AMBER, Project.Rag.GREEN], was=red)
    return [
        ChangeList(
            "Projects that turned red",
            ["Project", "Lead organisation", "Turned red on", "Reason given", "Rating now"],
            [
                [
                    Cell(project.title, project.get_absolute_url()),
                    Cell(project.lead_organisation.short_name),
                    Cell(timezone.localdate(project.changed_at)),
                    Cell(project.reason_given),
                    Cell(project.get_rag_display()),
                ]
                for project in projects.annotate(
                    changed_at=_last_change(turned_red), reason_given=_last_change(turned_red, "rag_reason")
                )
                .filter(changed_at__isnull=False)
                .order_by("changed_at", "title")
            ],
            "No project turned red in this period.",
        ),
        ChangeList(
            "Projects recovered from red",
            ["Project", "Lead organisation", "Recovered on", "Rating now"],
            [
                [
                    Cell(project.title, project.get_absolute_url()),
                    Cell(project.lead_organisation.short_name),
                    Cell(timezone.localdate(project.changed_at)),
                    Cell(project.get_rag_display()),
                ]
                for project in projects.annotate(changed_at=_last_change(recovered))
                .filter(changed_at__isnull=False)
                .order_by("changed_at", "title")
            ],
            "No project recovered from red in this period.",
        ),
    ]


def _bids(partnership: Partnership, this: Period) -> list[ChangeList]:
    """Bids decided in the period, won and lost, read together."""
    decided = list(
        Bid.objects.filter(
            _in_period("decision_date", this), opportunity__partnership=partnership, status__in=Bid.DECIDED
        )
        .select_related("opportunity", "lead_organisation")
        .order_by("decision_date", "title", "pk")
    )

    def rows(status: str, amount: str) -> list[list[Cell]]:
        return [
            [
                Cell(bid.title, bid.get_absolute_url()),
                Cell(bid.opportunity.name),
                Cell(bid.lead_organisation.short_name),
                Cell(bid.decision_date),
                Cell(getattr(bid, amount) or Decimal(0), money=True),
            ]
            for bid in decided
            if bid.status == status
        ]

    columns = ["Bid", "Funding opportunity", "Lead applicant", "Decided on"]
    return [
        ChangeList(
            "Bids won",
            [*columns, "Awarded"],
            rows(Bid.Status.SUCCESSFUL, "amount_awarded"),
            "No bid was won in this period.",
        ),
        ChangeList(
            "Bids lost",
            [*columns, "Requested"],
            rows(Bid.Status.UNSUCCESSFUL, "amount_requested"),
            "No bid was lost in this period.",
        ),
    ]


def _actions(partnership: Partnership, this: Period) -> list[ChangeList]:
    actions = Action.objects.filter(meeting__partnership=partnership).select_related(
        "owner", "owner_organisation", "meeting"
    )
    closed = history_changes(
        Action,
        "status",
        to=[Action.Status.DONE],
        scope=Q(meeting__partnership=partnership),
        after=this.start,
        until=this.end,
    )
    today = timezone.localdate()

    def described(action: Action) -> list[Cell]:
        return [
            Cell(action.description),
            Cell(f"{action.owner} ({action.owner_organisation.short_name})"),
            Cell(str(action.meeting), action.meeting.get_absolute_url()),
            Cell(action.due_date),
        ]

    return [
        ChangeList(
            "Actions closed",
            ["Action", "Owner", "Agreed at", "Due", "Closed on"],
            [
                [*described(action), Cell(timezone.localdate(action.closed_at))]
                for action in actions.annotate(closed_at=_last_change(closed))
                .filter(closed_at__isnull=False)
                .order_by("closed_at", "pk")
            ],
            "No action was closed in this period.",
        ),
        ChangeList(
            "Actions overdue",
            ["Action", "Owner", "Agreed at", "Due", "Days overdue"],
            [
                [*described(action), Cell((today - action.due_date).days)]
                # Still open after the day they were due: one due today is not late yet.
                for action in actions.overdue()
                .filter(_in_period("due_date", this))
                .order_by("due_date", "pk")
            ],
            "No action due in this period is still open.",
        ),
    ]


def _consultations(partnership: Partnership, this: Period) -> ChangeList:
    """3.4: responses due in the period that came after the deadline."""
    late = (
        ConsultationResponse.objects.filter(
            _in_period("consultation__respond_by", this),
            consultation__partnership=partnership,
            responded_on__gt=F("consultation__respond_by"),
        )
        .select_related("consultation__consulting_organisation", "organisation")
        .order_by("consultation__respond_by", "consultation__title", "organisation__short_name")
    )
    return ChangeList(
        "Consultations answered late",
        ["Consultation", "Consulted by", "Answered by", "Deadline", "Answered on", "Days late"],
        [
            [
                Cell(response.consultation.title, response.consultation.get_absolute_url()),
                Cell(response.consultation.consulting_organisation.short_name),
                Cell(response.organisation.short_name),
                Cell(response.consultation.respond_by),
                Cell(response.responded_on),
                Cell((response.responded_on - response.consultation.respond_by).days),
            ]
            for response in late
        ],
        "No consultation response due in this period came late.",
    )
