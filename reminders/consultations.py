"""3.4: the consulted party's board is told when a consultation opens, and reminded before the
response deadline until its organisation has responded. Each awaited response is the record. The
other parties' boards, the consulting party's own among them, are told for information: the
consultation is the record.

Consultations belong to the partnership app, which stands below this one and imports no other app:
so their kinds of reminder are registered here (apps.py imports this module), and partnership's
services plan them through partnership.outbox, which apps.py connects to this app's services."""

from django.db.models import Q

from partnership.models import Consultation, ConsultationResponse, Person

from .kinds import ReminderKind, register

CONSULTED = (
    "You are a board member or officer of a party consulted under the duty to cooperate (clause 3.4 of the "
    "partnership agreement), and its response is awaited."
)

INFORMED = (
    "You are a board member or officer of a party to the partnership, told for information when a "
    "consultation opens under the duty to cooperate (clause 3.4 of the partnership agreement)."
)
BOARD_ROLES = ["board_member", "officer"]


def _board(response: ConsultationResponse):
    return Person.objects.filter(
        memberships__organisation=response.organisation_id,
        memberships__role__in=BOARD_ROLES,
        is_active=True,
    ).distinct()


def _informed(consultation: Consultation):
    """The boards of the parties not consulted; someone also on a consulted board is asked to respond
    there, and is not told twice."""
    consulted_boards = Person.objects.filter(
        memberships__organisation__in=consultation.responses.values("organisation"),
        memberships__role__in=BOARD_ROLES,
    )
    parties = Q(memberships__organisation__in=consultation.partnership.parties.all()) | Q(
        memberships__organisation=consultation.consulting_organisation_id
    )
    return (
        Person.objects.filter(parties, memberships__role__in=BOARD_ROLES, is_active=True)
        .exclude(pk__in=consulted_boards.values("pk"))
        .distinct()
    )


def _awaited(response: ConsultationResponse, reminder) -> bool:
    response.refresh_from_db(fields=["responded_on"])
    return response.responded_on is None


def _common(**kwargs) -> dict:
    return {
        "record_model": "partnership.ConsultationResponse",
        "recipients": _board,
        "partnership": lambda response: response.consultation.partnership,
        "reason": CONSULTED,
        "still_due": _awaited,
        "url": lambda response: response.consultation.get_absolute_url(),
        # Admins see a consultation's reminders together, whichever party each is for.
        "about": lambda response: response.consultation,
        **kwargs,
    }


CONSULTATION_OPENED = register(
    ReminderKind(name="consultation_opened", label="Consultation opened", **_common())
)
CONSULTATION_RESPONSE_DUE = register(
    ReminderKind(
        name="consultation_response_due",
        label="Consultation response due",
        anchor=lambda response: response.consultation.respond_by,
        default_offsets=(14, 3, 1),
        catch_up=True,  # opened inside the last offset: reminded once, now
        **_common(),
    )
)
CONSULTATION_OPENED_FOR_INFORMATION = register(
    ReminderKind(
        name="consultation_opened_for_information",
        label="Consultation opened (for information)",
        record_model="partnership.Consultation",
        recipients=_informed,
        partnership=lambda consultation: consultation.partnership,
        reason=INFORMED,
    )
)
