from dataclasses import dataclass
from typing import Any

from django.db import transaction
from rest_framework.authtoken.models import Token

from .agreement_text import AgreementText
from .models import (
    Agreement,
    Board,
    Clause,
    Consultation,
    ConsultationResponse,
    Evidence,
    Membership,
    Organisation,
    Partnership,
    Person,
    Signature,
)
from .outbox import planner
from .writes import done_by, save_record


@dataclass
class ImportResult:
    agreement: Agreement
    created: bool


def import_agreement(parsed: AgreementText) -> ImportResult:
    """Turns a parsed agreement into records. The same text again changes nothing; a changed text
    becomes the next version and the earlier ones stay readable."""
    with transaction.atomic():
        organisations = []
        for party in parsed.parties:
            organisation, _ = Organisation.objects.get_or_create(
                short_name=party.short_name, defaults={"name": party.name, "kind": party.kind}
            )
            Board.objects.get_or_create(organisation=organisation, defaults={"name": f"{organisation} Board"})
            organisations.append(organisation)

        partnership = _partnership_of(organisations)
        latest = partnership.agreements.order_by("-version").first()
        if latest and latest.source_sha256 == parsed.sha256:
            return ImportResult(latest, created=False)

        agreement = Agreement.objects.create(
            partnership=partnership,
            title=parsed.title,
            version=latest.version + 1 if latest else 1,
            source_sha256=parsed.sha256,
        )
        by_number: dict[str | None, Clause] = {}
        for position, clause in enumerate(parsed.clauses, start=1):
            by_number[clause.number] = Clause.objects.create(
                agreement=agreement,
                parent=by_number.get(clause.parent_number),
                number=clause.number,
                heading=clause.heading,
                text=clause.text,
                kind=clause.kind,
                position=position,
            )
        for party, organisation in zip(parsed.parties, organisations, strict=True):
            Signature.objects.create(
                agreement=agreement,
                organisation=organisation,
                signatory_name=party.signatory_name,
                signed_on=party.signed_on,
            )
    return ImportResult(agreement, created=True)


def _partnership_of(organisations: list[Organisation]) -> Partnership:
    """The partnership whose parties are exactly these organisations, made if there is none."""
    wanted = {o.pk for o in organisations}
    for partnership in Partnership.objects.prefetch_related("parties"):
        if {o.pk for o in partnership.parties.all()} == wanted:
            return partnership
    names = " and ".join(o.short_name for o in organisations)
    partnership = Partnership.objects.create(name=f"{names} strategic partnership")
    partnership.parties.set(organisations)
    return partnership


def set_roles(person: Person, roles: dict[Organisation, list[str]], *, by: Person | None = None) -> None:
    """Makes the person's memberships exactly these roles, in one transaction; their history names
    `by` when given (otherwise the request's user)."""
    with transaction.atomic():
        wanted = {(organisation.pk, role) for organisation, org_roles in roles.items() for role in org_roles}
        for membership in person.memberships.all():
            if (membership.organisation_id, membership.role) not in wanted:
                if by is not None:
                    done_by(membership, by)
                membership.delete()
        have = set(person.memberships.values_list("organisation_id", "role"))
        for organisation_id, role in sorted(wanted - have):
            membership = Membership(person=person, organisation_id=organisation_id, role=role)
            if by is not None:
                done_by(membership, by)
            membership.save()
    person.__dict__.pop("roles_by_organisation", None)


def create_person(*, roles: dict[Organisation, list[str]], by: Person, **values: Any) -> Person:
    """A person and their roles at each party, together."""
    with transaction.atomic():
        person = save_record(Person(), values, by=by)
        set_roles(person, roles, by=by)
    return person


def update_person(
    person: Person, *, roles: dict[Organisation, list[str]], by: Person, **values: Any
) -> Person:
    """A person's details and their roles at each party, changed together."""
    with transaction.atomic():
        save_record(person, values, by=by)
        set_roles(person, roles, by=by)
    return person


def add_party(partnership: Partnership, *, by: Person, **values: Any) -> Organisation:
    """An organisation joins the partnership, with its board."""
    with transaction.atomic():
        organisation = save_record(Organisation(), values, by=by)
        save_record(Board(organisation=organisation, name=f"{organisation.short_name} Board"), {}, by=by)
        done_by(partnership, by)
        partnership.parties.add(organisation)
    return organisation


def add_evidence(*, partnership: Partnership, by: Person, **values: Any) -> Evidence:
    """2.3.7: data or evidence a party shares, with the commitments it serves."""
    with transaction.atomic():
        return save_record(Evidence(partnership=partnership, added_by=by), values, by=by)


def change_evidence(evidence: Evidence, *, by: Person, **values: Any) -> Evidence:
    with transaction.atomic():
        return save_record(evidence, values, by=by)


def renew_api_key(*, by: Person) -> Token:
    """The person's key for the open-data API: any old one stops working as the new one is made."""
    with transaction.atomic():
        Token.objects.filter(user=by).delete()
        return Token.objects.create(user=by)


def revoke_api_key(*, by: Person) -> None:
    Token.objects.filter(user=by).delete()


def open_consultation(
    *, partnership: Partnership, consulted: list[Organisation], by: Person, **values: Any
) -> Consultation:
    """3.4: records the consultation, with the commitments it serves, and an awaited response from
    each consulted party, together."""
    with transaction.atomic():
        consultation = save_record(Consultation(partnership=partnership, opened_by=by), values, by=by)
        for organisation in consulted:
            response = save_record(
                ConsultationResponse(consultation=consultation, organisation=organisation), {}, by=by
            )
            # The outbox: the consulted board hears of it, and is reminded, only if this commits.
            planner().plan_now("consultation_opened", response)
            planner().plan_before("consultation_response_due", response)
    return consultation


def change_consultation(consultation: Consultation, *, by: Person, **values: Any) -> Consultation:
    """Saves a changed consultation and the commitments it serves; a moved deadline moves the
    reminders of responses still awaited."""
    with transaction.atomic():
        save_record(consultation, values, by=by)
        for response in consultation.responses.filter(responded_on__isnull=True):
            planner().replan_before("consultation_response_due", response)
    return consultation


def record_response(response: ConsultationResponse, *, by: Person, **values: Any) -> ConsultationResponse:
    """The consulted party's answer; its board is reminded no more."""
    with transaction.atomic():
        response.responded_by = by
        save_record(response, values, by=by)
        planner().cancel_planned(response)
    return response
