from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from .agreement_text import AgreementText
from .clause_links import move_links
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
from .writes import M, done_by, save_record


@dataclass
class ImportResult:
    agreement: Agreement
    created: bool
    moved: int = 0  # links of records moved to the new version's clause of the same number


def import_agreement(parsed: AgreementText, *, by: Person | None = None) -> ImportResult:
    """Turns a parsed agreement into records. The same text again changes nothing; a changed text
    becomes the next version and the earlier ones stay readable. Records linked to a clause of the
    version it replaces move to the new clause of the same number; those whose clause is gone keep
    their link (the comparison lists them). One transaction; the history names `by`."""
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
        carry_short_titles(parsed, latest)

        agreement = _created(
            Agreement(
                partnership=partnership,
                title=parsed.title,
                version=latest.version + 1 if latest else 1,
                source_sha256=parsed.sha256,
                review_on=latest.review_on if latest else None,
            ),
            by,
        )
        by_number: dict[str | None, Clause] = {}
        for position, clause in enumerate(parsed.clauses, start=1):
            by_number[clause.number] = _created(
                Clause(
                    agreement=agreement,
                    parent=by_number.get(clause.parent_number),
                    number=clause.number,
                    heading=clause.heading,
                    text=clause.text,
                    kind=clause.kind,
                    position=position,
                ),
                by,
            )
        for party, organisation in zip(parsed.parties, organisations, strict=True):
            _created(
                Signature(
                    agreement=agreement,
                    organisation=organisation,
                    signatory_name=party.signatory_name,
                    signed_on=party.signed_on,
                ),
                by,
            )
        moved = 0
        if latest:
            moves = {
                old.pk: by_number[old.number].pk for old in latest.clauses.all() if old.number in by_number
            }
            moved = move_links(moves, by=by, reason=f"Moved to version {agreement.version} of the agreement")
    return ImportResult(agreement, created=True, moved=moved)


def _created(record: M, by: Person | None) -> M:
    if by is not None:
        done_by(record, by)
    record.save()
    return record


SHORT_TITLE_MOST_CHARS = 120


def rename_clause(clause: Clause, *, heading: str, by: Person) -> Clause:
    """A partnership admin gives the clause the short title it is known by in lists, filters and
    history; the agreement's wording stays as signed."""
    parties = set(clause.agreement.partnership.parties.values_list("pk", flat=True))
    if not by.has_role(Membership.Role.PARTNERSHIP_ADMIN, parties):
        raise PermissionDenied("Only an admin of the partnership changes a clause's short title.")
    heading = " ".join(heading.split())
    if not heading:
        raise ValidationError({"heading": "Enter a short title"})
    if len(heading) > SHORT_TITLE_MOST_CHARS:
        raise ValidationError(
            {"heading": f"Short title must be {SHORT_TITLE_MOST_CHARS} characters or fewer"}
        )
    with transaction.atomic():
        return save_record(clause, {"heading": heading}, by=by)


def carry_short_titles(parsed: AgreementText, latest: Agreement | None) -> None:
    """A short title an admin gave a clause (rename_clause) survives an amendment that leaves the
    clause's number and text as they were; a clause whose text changed takes the new text's title."""
    if latest is None:
        return
    kept = {(c.number, c.text): c.heading for c in latest.clauses.all()}
    for clause in parsed.clauses:
        clause.heading = kept.get((clause.number, clause.text), clause.heading)


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


def check_signing_date(agreement: Agreement, signed_on: date) -> None:
    """A signature is dated today or earlier (London). It may predate the version's coming into
    Accord: an agreement signed on paper is imported afterwards."""
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": "The date of signing must be today or in the past"})


def record_signature(
    signature: Signature,
    *,
    signatory_name: str,
    signatory_role: str,
    signed_on: date,
    approved_by: str,
    by: Person,
) -> Signature:
    """Who signed the agreement for one party, when, and which board decision approved it (3.1: each
    party's board decides for itself). Only an admin of that party records or corrects it; a version
    already replaced is not signed. Once every party has signed, the version is Signed."""
    if not by.has_role(Membership.Role.PARTNERSHIP_ADMIN, {signature.organisation_id}):
        raise PermissionDenied(f"Only an admin of {signature.organisation} records its signature.")
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=signature.agreement_id)
        if agreement.status == Agreement.Status.SUPERSEDED:
            raise ValidationError(
                f"Version {agreement.version} has been replaced by a later version: sign the current one."
            )
        check_signing_date(agreement, signed_on)
        signature.recorded_by = by
        return save_record(
            signature,
            {
                "signatory_name": signatory_name,
                "signatory_role": signatory_role,
                "signed_on": signed_on,
                "approved_by": approved_by,
            },
            by=by,
        )


def set_review_date(agreement: Agreement, *, review_on: date | None, by: Person) -> Agreement:
    """When the parties next review the agreement itself (3.5); a partnership admin sets it."""
    if not by.is_partnership_admin:
        raise PermissionDenied("Only a partnership admin sets the agreement's review date.")
    with transaction.atomic():
        return save_record(agreement, {"review_on": review_on}, by=by)


def check_amendment(partnership: Partnership, parsed: AgreementText) -> None:
    """A new text amends this partnership's agreement only if it names the same parties and says
    something new."""
    wanted = sorted(partnership.parties.values_list("short_name", flat=True))
    named = sorted(party.short_name for party in parsed.parties)
    if named != wanted:
        raise ValidationError(
            f"The text names the parties {', '.join(named)}, but the partnership's parties are "
            f"{', '.join(wanted)}."
        )
    current = partnership.current_agreement
    if current is not None and current.source_sha256 == parsed.sha256:
        raise ValidationError("This is the current version's text")


def amend_agreement(partnership: Partnership, parsed: AgreementText, *, by: Person) -> ImportResult:
    """A partnership admin replaces the agreement with a new version of its text (import_agreement:
    records move to the new clauses of the same number), in one transaction."""
    if not by.is_partnership_admin:
        raise PermissionDenied("Only a partnership admin amends the agreement.")
    with transaction.atomic():
        check_amendment(partnership, parsed)
        return import_agreement(parsed, by=by)
