"""Workflows that write several rows of a project at once, each in one transaction."""

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from partnership.models import Partnership, Person

from .models import Project
from .spreadsheets import CheckedRow


def save_project(form) -> Project:
    """A project and its partners, places and commitments together."""
    with transaction.atomic():
        return form.save()


def save_rows(formset) -> None:
    """Milestones, contributions or targets edited on one page: all saved, or none."""
    with transaction.atomic():
        formset.save()


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
