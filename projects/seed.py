"""Reference data every partnership starts with: the local authority districts of the two areas, and
the kinds of outcome the agreement's commitments are measured by. Admins extend both in Django admin."""

# (district, county, on the London–Stansted–Cambridge corridor)
PLACES = [
    ("Broxbourne", "Hertfordshire", True),
    ("Dacorum", "Hertfordshire", False),
    ("East Hertfordshire", "Hertfordshire", True),
    ("Hertsmere", "Hertfordshire", False),
    ("North Hertfordshire", "Hertfordshire", False),
    ("St Albans", "Hertfordshire", False),
    ("Stevenage", "Hertfordshire", False),
    ("Three Rivers", "Hertfordshire", False),
    ("Watford", "Hertfordshire", False),
    ("Welwyn Hatfield", "Hertfordshire", False),
    ("Cambridge", "Cambridgeshire", True),
    ("East Cambridgeshire", "Cambridgeshire", False),
    ("Fenland", "Cambridgeshire", False),
    ("Huntingdonshire", "Cambridgeshire", False),
    ("South Cambridgeshire", "Cambridgeshire", True),
    ("Peterborough", "Peterborough", False),
]

# (name, unit); the unit "GBP" makes an outcome money.
OUTCOME_KINDS = [
    ("Jobs created", "jobs"),
    ("Homes delivered", "homes"),
    ("Learners", "learners"),
    ("Apprenticeships", "apprenticeships"),
    ("Businesses supported", "businesses"),
    ("Private investment leveraged", "GBP"),
]


def seed_reference_data(place_model, outcome_kind_model) -> None:
    """Idempotent; takes the models so the data migration can pass its historical ones."""
    for name, county, on_corridor in PLACES:
        place_model.objects.get_or_create(name=name, defaults={"county": county, "on_corridor": on_corridor})
    for name, unit in OUTCOME_KINDS:
        outcome_kind_model.objects.get_or_create(name=name, defaults={"unit": unit})


def ensure_reference_data() -> None:
    from .models import OutcomeKind, Place

    seed_reference_data(Place, OutcomeKind)
