"""Demo people for each role at each party, for `make run`. Safe to run again: nothing is duplicated."""

from django.db import transaction

from .models import Board, Membership, Organisation, Partnership, Person

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
