"""The "For you" band at the top of the dashboard: what the signed-in person and their board must do,
worked out from their memberships (organisation and role), live, each selector in a fixed number of
queries. Unlike the partnership-wide figures (`dashboard.cached_figures`), it is never cached: it is
one person's, and an answer they just gave must show at once."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from funding.models import Bid
from meetings.models import Action, AgendaItem, Decision, Invitation, Meeting, Paper, Proposal
from partnership.models import Board, ConsultationResponse, Membership, Partnership, Person
from projects.models import Milestone, Project

from .dashboard import AgreementStanding

DUE_SOON_DAYS = 14  # an open action due within this many days is "due"
CLOSING_SOON_DAYS = 28  # a bid being worked on whose opportunity closes within this many days
REVIEW_SOON_DAYS = 90  # an agreement whose review date is this near is "expiring"


@dataclass
class Awaiting:
    """A proposal a board has still to decide, and how long it has waited."""

    proposal: Proposal
    board: Board
    days: int
    may_record: bool


@dataclass
class BlockedOn:
    """Something the partnership waits for, and on whom (the admin's view)."""

    what: str  # singular
    whom: str
    url: str
    count: int
    plural: str = ""

    @property
    def label(self) -> str:
        """ "1 overdue action", "2 overdue actions"."""
        return f"{self.count} {self.what if self.count == 1 else (self.plural or self.what + 's')}"


@dataclass
class NextMeeting:
    meeting: Meeting
    invited: bool
    response: str  # Invitation.Response value, "" when not answered
    response_label: str
    papers_missing: list[AgendaItem]  # the person's agenda items with no paper yet


@dataclass
class ForYou:
    board_member: bool
    officer: bool
    admin: bool
    organisations: list[str]  # the short names of the person's parties
    decisions: list[Awaiting] = field(default_factory=list)
    overdue_actions: list[Action] = field(default_factory=list)
    due_actions: list[Action] = field(default_factory=list)
    next_meeting: NextMeeting | None = None
    consultations: list[ConsultationResponse] = field(default_factory=list)
    agreement_unsigned: bool = False
    agreement_review_on: date | None = None
    agreement_review_overdue: bool = False
    projects: list[Project] = field(default_factory=list)
    bids: list[Bid] = field(default_factory=list)
    blocked: list[BlockedOn] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.decisions
            or self.overdue_actions
            or self.due_actions
            or (self.next_meeting and self.next_meeting.invited)
            or self.consultations
            or self.agreement_unsigned
            or self.agreement_review_on
            or self.projects
            or self.bids
            or self.blocked
        )


def awaiting_decisions(
    partnership: Partnership, boards: list[Board], person: Person | None = None
) -> list[Awaiting]:
    """Proposals still pending (ProposalQuerySet.with_status) that each of `boards` has not decided,
    oldest first: two queries whatever the number of proposals."""
    if not boards:
        return []
    pending = list(
        Proposal.objects.filter(partnership=partnership)
        .with_status()
        .filter(annotated_status=Proposal.Status.PENDING)
        .order_by("created_at", "pk")
    )
    decided = set(
        Decision.objects.filter(
            proposal__in=[p.pk for p in pending],
            board__in=boards,
            outcome__in=[Decision.Outcome.APPROVED, Decision.Outcome.REJECTED],
        ).values_list("proposal_id", "board_id")
    )
    today = timezone.localdate()
    return [
        Awaiting(
            proposal=proposal,
            board=board,
            days=(today - timezone.localdate(proposal.created_at)).days,
            may_record=person is not None and person.can_record_decision_for(board),
        )
        for board in boards
        for proposal in pending
        if (proposal.pk, board.pk) not in decided
    ]


def actions(partnership: Partnership, person: Person) -> tuple[list[Action], list[Action]]:
    """The person's own open actions: overdue, and due within DUE_SOON_DAYS (one query)."""
    today = timezone.localdate()
    rows = list(
        Action.objects.open()
        .filter(
            meeting__partnership=partnership, owner=person, due_date__lte=today + timedelta(DUE_SOON_DAYS)
        )
        .select_related("meeting")
    )
    return [a for a in rows if a.is_overdue], [a for a in rows if not a.is_overdue]


def next_meeting(partnership: Partnership, person: Person) -> NextMeeting | None:
    """The next scheduled review, whether the person is invited (Meeting.invitees, the rule the RSVP
    page uses), their answer, and their agenda items still without a paper: four queries."""
    meeting = (
        Meeting.objects.filter(partnership=partnership).scheduled().upcoming().select_related("host").first()
    )
    if meeting is None:
        return None
    invited = meeting.invitees().filter(pk=person.pk).exists()
    invitation = Invitation.objects.filter(meeting=meeting, person=person).first()
    response = invitation.response if invitation else Invitation.Response.NO_RESPONSE
    missing = list(
        AgendaItem.objects.filter(meeting=meeting, presenter=person).filter(
            ~Exists(Paper.objects.filter(agenda_item=OuterRef("pk")))
        )
    )
    return NextMeeting(
        meeting=meeting,
        invited=invited,
        response=response,
        response_label=Invitation.Response(response).label,
        papers_missing=missing,
    )


def consultations_owed(partnership: Partnership, organisation_ids: set[int]) -> list[ConsultationResponse]:
    """Responses the person's party owes: awaiting (still open) or overdue, soonest deadline first."""
    today = timezone.localdate()
    return list(
        ConsultationResponse.objects.filter(
            consultation__partnership=partnership,
            organisation__in=organisation_ids,
            responded_on__isnull=True,
            consultation__opens_on__lte=today,
        )
        .select_related("consultation", "organisation")
        .order_by("consultation__respond_by", "pk")
    )


def projects_needing_update(partnership: Partnership, organisation_ids: set[int]) -> list[Project]:
    """Live projects the officer's organisations lead (their officers keep them up to date) whose RAG
    rating needs review (Project.with_flags) or that have a late milestone: one query."""
    late = Milestone.objects.late().filter(project=OuterRef("pk"))
    return list(
        Project.objects.for_partnership(partnership)
        .live()
        .with_flags()
        .annotate(late_milestones=Exists(late))
        .filter(lead_organisation__in=organisation_ids)
        .filter(Q(rag_needs_review=True) | Q(late_milestones=True))
        .order_by("title", "pk")
    )


def bids_closing(partnership: Partnership, organisation_ids: set[int]) -> list[Bid]:
    """Bids being worked on whose lead applicant is the officer's organisation (Bid.lead_officers work
    them) and whose opportunity closes soon: one query."""
    return list(
        Bid.objects.for_partnership(partnership)
        .in_progress()
        .closing_within(CLOSING_SOON_DAYS)
        .filter(lead_organisation__in=organisation_ids)
        .select_related("opportunity")
        .order_by("opportunity__closes_on", "title", "pk")
    )


def blocked(partnership: Partnership, standing: AgreementStanding | None) -> list[BlockedOn]:
    """For admins: what the partnership waits for, and on whom. Five queries."""
    rows: list[BlockedOn] = []
    boards = list(Board.objects.filter(organisation__partnerships=partnership).select_related("organisation"))
    waiting: dict[int, int] = {}
    for item in awaiting_decisions(partnership, boards):
        waiting[item.board.pk] = waiting.get(item.board.pk, 0) + 1
    for board in boards:
        if waiting.get(board.pk):
            rows.append(
                BlockedOn(
                    "proposal awaiting its decision",
                    board.name,
                    reverse("meetings:decisions"),
                    waiting[board.pk],
                    plural="proposals awaiting its decision",
                )
            )
    for row in (
        Action.objects.overdue()
        .filter(meeting__partnership=partnership)
        .values("owner", "owner__first_name", "owner__last_name", "owner_organisation__short_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "owner__last_name", "owner")
    ):
        name = f"{row['owner__first_name']} {row['owner__last_name']}".strip()
        rows.append(
            BlockedOn(
                "overdue action",
                f"{name} ({row['owner_organisation__short_name']})",
                f"{reverse('meetings:action-log')}?overdue=on",
                row["n"],
            )
        )
    for row in (
        ConsultationResponse.objects.overdue()
        .filter(consultation__partnership=partnership)
        .values("organisation", "organisation__short_name")
        .annotate(n=Count("pk"))
        .order_by("organisation__short_name")
    ):
        rows.append(
            BlockedOn(
                "overdue consultation response",
                row["organisation__short_name"],
                f"{reverse('partnership:consultation-list')}?consulted={row['organisation']}",
                row["n"],
            )
        )
    if standing and standing.unsigned:
        rows.append(
            BlockedOn(
                "missing signature of the agreement",
                standing.unsigned_names,
                reverse("partnership:agreement") + "#signatories",
                len(standing.unsigned),
                plural="missing signatures of the agreement",
            )
        )
    return rows


def for_you(partnership: Partnership, person: Person, standing: AgreementStanding | None) -> ForYou:
    """Everything the band shows for `person`; `standing` is the dashboard's agreement figure."""
    roles = person.roles_by_organisation
    organisation_ids = set(roles)
    board_member = person.has_role(Membership.Role.BOARD_MEMBER)
    officer = person.is_officer
    admin = person.has_role(Membership.Role.PARTNERSHIP_ADMIN)
    parties = {o.pk: o.short_name for o in partnership.parties.filter(pk__in=organisation_ids)}
    band = ForYou(
        board_member=board_member, officer=officer, admin=admin, organisations=sorted(parties.values())
    )
    if not parties:
        return band
    own = set(parties)
    if board_member or admin:
        boards = list(
            Board.objects.filter(Q(organisation__in=own) | Q(secretary=person), organisation__in=parties)
            .select_related("organisation")
            .distinct()
        )
        band.decisions = awaiting_decisions(partnership, boards, person)
        band.consultations = consultations_owed(partnership, own)
        if standing:
            names = set(parties.values())
            band.agreement_unsigned = bool(names & set(standing.unsigned))
            if standing.review_on and standing.review_on <= timezone.localdate() + timedelta(
                REVIEW_SOON_DAYS
            ):
                band.agreement_review_on = standing.review_on
                band.agreement_review_overdue = standing.review_overdue
    band.overdue_actions, band.due_actions = actions(partnership, person)
    band.next_meeting = next_meeting(partnership, person)
    if officer:
        officer_orgs = {pk for pk in own if Membership.Role.OFFICER in roles[pk]}
        band.projects = projects_needing_update(partnership, officer_orgs)
        band.bids = bids_closing(partnership, officer_orgs)
    if admin:
        band.blocked = blocked(partnership, standing)
    return band
