"""Workflows that write several rows of a project at once, each in one transaction."""

from typing import Any

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from partnership.models import Partnership, Person
from partnership.writes import save_record, set_rows

from .models import Project
from .spreadsheets import CheckedRow


def create_project(*, partnership: Partnership, by: Person, **values: Any) -> Project:
    """A project and its partners, places and commitments together; `values` are the project's
    fields, its many-to-many ones as lists."""
    with transaction.atomic():
        return save_record(Project(partnership=partnership), values, by=by)


def update_project(project: Project, *, by: Person, **values: Any) -> Project:
    """The project's fields, partners, places and commitments changed together."""
    with transaction.atomic():
        return save_record(project, values, by=by)


ROWS = ("milestones", "contributions", "outcome_targets")


def set_project_rows(project: Project, *, kind: str, rows: list[dict], by: Person) -> None:
    """Milestones, contributions or outcome targets edited on one page: the project's rows of that
    kind become exactly `rows` (see partnership.writes.set_rows), all saved, or none."""
    if kind not in ROWS:
        raise ValueError(f"A project has no rows called {kind!r}.")
    with transaction.atomic():
        set_rows(getattr(project, kind), rows, by=by)


def import_projects(*, partnership: Partnership, rows: list[CheckedRow], by: Person) -> list[Project]:
    """Every checked row becomes a project, in one transaction and a handful of queries whatever the
    number of rows; the caller checked that no row has errors."""
    assert all(not row.errors for row in rows), "only rows without errors are imported"
    with transaction.atomic():
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
    return projects
