"""Demo people for each role at each party, for `make run`. Safe to run again: nothing is duplicated."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import (
    Board,
    Clause,
    Consultation,
    ConsultationResponse,
    Evidence,
    Membership,
    Organisation,
    Partnership,
    Person,
)

# (first name, last name, job title, role) per party, keyed by the party's short name.
PEOPLE = {
    "HLEP": [
        ("Helen", "Ashby", "Chair", Membership.Role.BOARD_MEMBER),
        ("Harun", "Begum", "Board member", Membership.Role.BOARD_MEMBER),
        ("Holly", "Carter", "Board member", Membership.Role.BOARD_MEMBER),
        ("Hugo", "Dale", "Programme officer", Membership.Role.OFFICER),
        ("Hana", "Evans", "Partnership manager", Membership.Role.PARTNERSHIP_ADMIN),
    ],
    "CPCA": [
        ("Colin", "Fraser", "Mayor", Membership.Role.BOARD_MEMBER),
        ("Chloe", "Gupta", "Board member", Membership.Role.BOARD_MEMBER),
        ("Callum", "Hughes", "Board member", Membership.Role.BOARD_MEMBER),
        ("Cara", "Ingram", "Economic growth officer", Membership.Role.OFFICER),
        ("Connor", "Jones", "Governance manager", Membership.Role.PARTNERSHIP_ADMIN),
    ],
}


def demo_email(first_name: str, organisation: Organisation) -> str:
    return f"{first_name.lower()}@{organisation.short_name.lower()}.accord.localhost"


def load_people(partnership: Partnership, password: str) -> list[tuple[Person, Organisation, str]]:
    made = []
    with transaction.atomic():
        for organisation in partnership.parties.all():
            for first_name, last_name, job_title, role in PEOPLE.get(organisation.short_name, []):
                person, created = Person.objects.get_or_create(
                    email=demo_email(first_name, organisation),
                    defaults={"first_name": first_name, "last_name": last_name, "job_title": job_title},
                )
                if created:
                    person.set_password(password)
                    person.save(update_fields=["password"])
                Membership.objects.get_or_create(person=person, organisation=organisation, role=role)
                made.append((person, organisation, role))
            board = Board.objects.get(organisation=organisation)
            if board.secretary is None:
                # The partnership admin of each party keeps its board's decisions.
                board.secretary = next(
                    p for p, o, r in made if o == organisation and r == "partnership_admin"
                )
                board.save(update_fields=["secretary"])
    return made


def demo_pdf(title: str) -> ContentFile:
    """A one-page PDF naming the document, so demo downloads open in any reader."""
    text = title.replace("(", "").replace(")", "")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return ContentFile(body, name=f"{slugify(title)}.pdf")


def load_consultations_and_evidence(partnership: Partnership) -> None:
    """3.4 and 2.3.7: one consultation answered, one awaiting CPCA, and a register of shared evidence."""
    today = timezone.localdate()
    hlep, cpca = (partnership.parties.get(short_name=name) for name in ("HLEP", "CPCA"))
    clauses = {c.number: c for c in Clause.objects.current().filter(agreement__partnership=partnership)}
    with transaction.atomic():
        for consulting, consulted, kind, title, opened_days_ago, answered in [
            (
                cpca,
                hlep,
                Consultation.Document.LOCAL_INDUSTRIAL_STRATEGY,
                "Cambridgeshire and Peterborough Local Industrial Strategy refresh",
                70,
                True,
            ),
            (
                hlep,
                cpca,
                Consultation.Document.SKILLS_PLAN,
                "Hertfordshire Local Skills Improvement Plan",
                10,
                False,
            ),
        ]:
            consultation, created = Consultation.objects.get_or_create(
                partnership=partnership,
                title=title,
                defaults={
                    "consulting_organisation": consulting,
                    "kind": kind,
                    "summary": f"{consulting.name} asks {consulted.name} for its views before adoption, "
                    "under the duty to cooperate.",
                    "link": "https://example.org/strategy",
                    "opens_on": today - timedelta(days=opened_days_ago),
                    "respond_by": today - timedelta(days=opened_days_ago) + timedelta(days=42),
                },
            )
            if created:
                consultation.document = demo_pdf(title)
                consultation.save(update_fields=["document"])
                consultation.commitments.set([clauses["3.4"], clauses["2.3.1"]])
                ConsultationResponse.objects.create(
                    consultation=consultation,
                    organisation=consulted,
                    **(
                        {
                            "text": "We support the priorities on life sciences and the corridor.",
                            "responded_on": consultation.respond_by - timedelta(days=5),
                            "attachment": demo_pdf(f"{consulted.short_name} response to {title}"),
                        }
                        if answered
                        else {}
                    ),
                )
        for owner, title, basis, commitment in [
            (
                hlep,
                "Hertfordshire business survey 2026",
                Evidence.SharingBasis.OPEN_GOVERNMENT_LICENCE,
                "2.3.7",
            ),
            (cpca, "Housing completions by district", Evidence.SharingBasis.DATA_SHARING_AGREEMENT, "2.3.6"),
            (cpca, "Life sciences cluster mapping", Evidence.SharingBasis.PARTNERS_ONLY, "2.3.3"),
        ]:
            evidence, created = Evidence.objects.get_or_create(
                partnership=partnership,
                title=title,
                defaults={
                    "owner": owner,
                    "description": f"{title}, shared by {owner.short_name} for joint planning.",
                    "link": "https://example.org/data",
                    "sharing_basis": basis,
                    "shared_on": today - timedelta(days=200),
                    "next_review_on": today + timedelta(days=160 if basis != "partners_only" else -5),
                },
            )
            if created:
                evidence.file = demo_pdf(title)
                evidence.save(update_fields=["file"])
                evidence.commitments.set([clauses[commitment]])
