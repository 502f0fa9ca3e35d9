"""Workflows that write several rows of a project at once, each in one transaction."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history

from partnership.models import Partnership, Person
from partnership.once import claim
from partnership.writes import keep_links_in_history, refuse_lead_change, save_record, set_rows

from .models import OutcomeKind, Project
from .spreadsheets import CheckedRow


def create_project(*, partnership: Partnership, by: Person, **values: Any) -> Project:
    """A project and its partners, places and commitments together; `values` are the project's
    fields, its many-to-many ones as lists."""
    with transaction.atomic():
        return save_record(Project(partnership=partnership), values, by=by)


def update_project(project: Project, *, by: Person, **values: Any) -> Project:
    """The project's fields, partners, places and commitments changed together."""
    refuse_lead_change(project, values, by=by)
    with transaction.atomic():
        return save_record(project, values, by=by)


DUPLICATE_OUTCOME_KIND = "There is already an outcome of that name"


def save_outcome_kind(
    kind: OutcomeKind, *, partnership: Partnership, name: str, unit: str, by: Person
) -> OutcomeKind:
    """A kind of outcome of `partnership`, added or changed. The form checked the name is new, but
    another admin may add it in between: the database refuses the second, said on the name."""
    try:
        with transaction.atomic():
            kind.partnership = partnership
            return save_record(kind, {"name": name, "unit": unit}, by=by)
    except IntegrityError:
        raise ValidationError({"name": DUPLICATE_OUTCOME_KIND}) from None


ROWS = ("milestones", "contributions", "outcome_targets")


def set_project_rows(project: Project, *, kind: str, rows: list[dict], by: Person) -> None:
    """Milestones, contributions or outcome targets edited on one page: the project's rows of that
    kind become exactly `rows` (see partnership.writes.set_rows), all saved, or none."""
    if kind not in ROWS:
        raise ValueError(f"A project has no rows called {kind!r}.")
    with transaction.atomic():
        set_rows(getattr(project, kind), rows, by=by)


def import_projects(
    *, partnership: Partnership, rows: list[CheckedRow], preview: str, by: Person
) -> list[Project] | None:
    """Every checked row becomes a project, in one transaction and a handful of queries whatever the
    number of rows; the caller checked that no row has errors. The `preview` (its one-time token) is
    imported once: confirmed again, even at the same moment, it imports nothing and gives None."""
    assert all(not row.errors for row in rows), "only rows without errors are imported"
    with transaction.atomic():
        if not claim(preview, by=by)[1]:
            return None
        projects = bulk_create_with_history(
            [Project(partnership=partnership, **row.project) for row in rows], Project, default_user=by
        )
        for field, related in [("partners", "organisation"), ("places", "place"), ("commitments", "clause")]:
            through = getattr(Project, field).through
            through.objects.bulk_create(
                through(project=project, **{related: value})
                for project, row in zip(projects, rows, strict=True)
                for value in getattr(row, field)
            )
        keep_links_in_history(projects)  # their "Created" versions name their links
    return projects
