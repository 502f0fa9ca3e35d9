"""Reference data every partnership starts with: the local authority districts of the two areas, and
the kinds of outcome the agreement's commitments are measured by, which each partnership's admins
change as their own."""

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


def seed_places(place_model) -> None:
    """Idempotent; takes the model so the data migration can pass its historical one."""
    for name, county, on_corridor in PLACES:
        place_model.objects.get_or_create(name=name, defaults={"county": county, "on_corridor": on_corridor})


def seed_outcome_kinds(partnership) -> None:
    """The usual kinds of outcome, for a partnership that has none yet (its admins change them after)."""
    from .models import OutcomeKind

    if not OutcomeKind.objects.filter(partnership=partnership).exists():
        OutcomeKind.objects.bulk_create(
            OutcomeKind(partnership=partnership, name=name, unit=unit) for name, unit in OUTCOME_KINDS
        )


def seed_new_partnership(sender, instance, created: bool, raw: bool, **kwargs) -> None:
    """post_save of Partnership (connected in apps.py): a partnership made from now on, by an
    imported agreement or in the admin, starts with the usual kinds of outcome. The partnership app
    does not import this one, so it cannot call this itself."""
    if created and not raw:  # not for rows a fixture loads as they were
        seed_outcome_kinds(instance)


def ensure_reference_data() -> None:
    """The districts, and the usual kinds of outcome for every partnership without any."""
    from partnership.models import Partnership

    from .models import Place

    seed_places(Place)
    for partnership in Partnership.objects.filter(outcome_kinds=None):
        seed_outcome_kinds(partnership)
