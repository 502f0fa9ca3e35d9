from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
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
from .once import unique_or_invalid
from .outbox import planner
from .site import absolute_url
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
    """A person and their roles at each party, together (an email address taken a moment earlier
    is the form's error)."""
    person = Person()
    try:
        with unique_or_invalid(person):
            save_record(person, values, by=by)
            set_roles(person, roles, by=by)
    except ValidationError as clash:
        if "email" in clash.message_dict:  # in the form's own words (check_email_free)
            raise ValidationError({"email": EMAIL_TAKEN}) from clash
        raise
    return person


def update_person(
    person: Person, *, roles: dict[Organisation, list[str]], by: Person, **values: Any
) -> Person:
    """A person's details and their roles at each party, changed together."""
    with transaction.atomic():
        save_record(person, values, by=by)
        set_roles(person, roles, by=by)
    return person


EMAIL_TAKEN = "Another person already signs in with this email address."


def check_email_free(email: str, *, person: Person | None) -> None:
    """An email address signs in one person only."""
    others = Person.objects.filter(email__iexact=email)
    if person is not None:
        others = others.exclude(pk=person.pk)
    if others.exists():
        raise ValidationError(EMAIL_TAKEN)


class EmailChangeRefused(Exception):
    """A link to confirm a new email address that cannot be used; the message says why."""


_EMAIL_CHANGE = "partnership.email-change"


def within_hourly_limit(key: str, limit: int) -> bool:
    """Counts one more request under `key` in the cache; false once there were more than `limit`
    this hour (the count starts with the first request and is forgotten an hour later)."""
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # forgotten between the two calls: this is the hour's first
        cache.set(key, 1, timeout=3600)
        return True


def request_email_change(*, email: str, by: Person) -> None:
    """Sends a link to the new address and a notice to the current one. Nothing changes until the
    person opens the link: it proves the new address is theirs. A few times an hour at most, so
    nobody uses Accord to flood an inbox."""
    limit = settings.ACCORD_EMAIL_CHANGES_PER_PERSON_PER_HOUR
    if not within_hourly_limit(f"email-change:person:{by.pk}", limit):
        raise ValidationError(
            {
                "email": f"You have asked to change your email address {limit} times in the past hour. "
                "Try again in an hour."
            }
        )
    # The link names the address it changes from, so it stops working once used.
    token = signing.dumps({"person": by.pk, "from": by.email, "to": email}, salt=_EMAIL_CHANGE)
    context = {
        "person": by,
        "new_email": email,
        "hours": settings.ACCORD_EMAIL_CHANGE_LINK_HOURS,
        "site_url": settings.ACCORD_SITE_URL,
    }
    _send_account_email(
        "email_change_confirm",
        to=email,
        context={
            **context,
            "url": absolute_url(reverse("partnership:email-change-confirm", args=[token])),
            "reason": "somebody asked to sign in to Accord with this email address.",
        },
    )
    _send_account_email(
        "email_change_notice",
        to=by.email,
        context={
            **context,
            "url": absolute_url(reverse("password_reset")),
            "reason": "you sign in to Accord with this email address.",
        },
    )


def email_change_of(token: str, *, person: Person) -> str:
    """The new address a confirmation link carries for `person`; EmailChangeRefused says why the
    link cannot be used, and another person's link is refused outright."""
    try:
        change = signing.loads(
            token, salt=_EMAIL_CHANGE, max_age=timedelta(hours=settings.ACCORD_EMAIL_CHANGE_LINK_HOURS)
        )
    except signing.SignatureExpired as error:
        raise EmailChangeRefused(
            f"This link has expired: it worked for {settings.ACCORD_EMAIL_CHANGE_LINK_HOURS} hours. "
            "Ask for a new one from your profile."
        ) from error
    except signing.BadSignature as error:
        raise EmailChangeRefused(
            "This link is not valid. Check you copied all of it from the email, or ask for a new one."
        ) from error
    if change["person"] != person.pk:
        raise PermissionDenied("This link confirms another person's email address.")
    if change["from"] != person.email:
        raise EmailChangeRefused(
            "This link has already been used, or your email address changed after it was sent."
        )
    return change["to"]


def confirm_email_change(token: str, *, by: Person) -> Person:
    """The person signs in with the new address from now on; their history says they changed it."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=by.pk)
        email = email_change_of(token, person=person)
        try:
            check_email_free(email, person=person)
            # Another person may take the address between the check and the save.
            with unique_or_invalid(person):
                save_record(person, {"email": email}, by=by)
        except ValidationError as error:
            raise EmailChangeRefused(EMAIL_TAKEN) from error
    return person


def _send_account_email(template: str, *, to: str, context: dict) -> None:
    """An email about the person's own account, with a plain-text and an HTML part."""
    message = EmailMultiAlternatives(
        subject=" ".join(render_to_string(f"email/{template}.subject.txt", context).split()),
        body=render_to_string(f"email/{template}.txt", context),
        to=[to],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(render_to_string(f"email/{template}.html", context), "text/html")
    message.send()


def add_party(partnership: Partnership, *, by: Person, **values: Any) -> Organisation:
    """An organisation joins the partnership, with its board. A name another admin took a moment
    earlier is the form's error."""
    organisation = Organisation()
    with unique_or_invalid(organisation):
        save_record(organisation, values, by=by)
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
        # Keys asked for at the same moment wait for one another; the last one asked for is kept.
        Person.objects.select_for_update().only("pk").get(pk=by.pk)
        Token.objects.filter(user=by).delete()
        return Token.objects.create(user=by)


def revoke_api_key(*, by: Person) -> None:
    Token.objects.filter(user=by).delete()


def check_not_consulting_itself(consulting: Organisation | None, consulted: Iterable[Organisation]) -> None:
    """3.4 is a duty to the other parties: the consulting party is never among those consulted."""
    if consulting is not None and consulting in consulted:
        raise ValidationError("A party does not consult itself: untick the consulting party")


def open_consultation(
    *, partnership: Partnership, consulted: list[Organisation], by: Person, **values: Any
) -> Consultation:
    """3.4: records the consultation, with the commitments it serves, and an awaited response from
    each consulted party, together."""
    check_not_consulting_itself(values.get("consulting_organisation"), consulted)
    with transaction.atomic():
        consultation = save_record(Consultation(partnership=partnership, opened_by=by), values, by=by)
        for organisation in consulted:
            response = save_record(
                ConsultationResponse(consultation=consultation, organisation=organisation), {}, by=by
            )
            # The outbox: the consulted board hears of it, and is reminded, only if this commits.
            planner().plan_now("consultation_opened", response)
            planner().plan_before("consultation_response_due", response)
        # Every other party's board, the consulting party's own among them, hears of it for information.
        planner().plan_now("consultation_opened_for_information", consultation)
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
