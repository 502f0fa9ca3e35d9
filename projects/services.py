"""Workflows that write several rows of a project at once, each in one transaction."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from partnership.models import Partnership, Person
from partnership.once import claim
from partnership.writes import keep_links_in_history, refuse_lead_change, save_record, set_rows

from .models import Contribution, Milestone, OutcomeKind, Project
from .spreadsheets import CONTRIBUTIONS, MILESTONES, CheckedRow


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


def save_project(
    project: Project | None,
    *,
    partnership: Partnership,
    by: Person,
    milestones: list[dict] | None = None,
    contributions: list[dict] | None = None,
    outcome_targets: list[dict] | None = None,
    **values: Any,
) -> Project:
    """A new project (`project` None) or a change to one, with each kind of rows given set as on its
    page, all in one transaction: what the API saves from one request."""
    rows = {"milestones": milestones, "contributions": contributions, "outcome_targets": outcome_targets}
    with transaction.atomic():
        if project is None:
            project = create_project(partnership=partnership, by=by, **values)
        else:
            project = update_project(project, by=by, **values)
        for kind, wanted in rows.items():
            if wanted is not None:
                set_project_rows(project, kind=kind, rows=[{"id": None, **row} for row in wanted], by=by)
    return project


def import_projects(
    *, partnership: Partnership, rows: list[CheckedRow], preview: str, by: Person
) -> list[Project] | None:
    """Every checked row becomes a project, with its contributions and milestones, or changes the
    project its Accord ID names: in one transaction and a handful of queries whatever the number of
    rows, each project's history naming `by`. The caller checked that no row has errors (RowChecker
    refuses a project `by` may not change). The `preview` (its one-time token) is imported once:
    confirmed again, even at the same moment, it imports nothing and gives None."""
    assert all(not row.errors for row in rows), "only rows without errors are imported"
    new = [row for row in rows if row.existing is None]
    changed = [row for row in rows if row.existing is not None]
    with transaction.atomic():
        if not claim(preview, by=by)[1]:
            return None
        projects = bulk_create_with_history(
            [Project(partnership=partnership, **row.project) for row in new], Project, default_user=by
        )
        updated = _update_projects(changed, by=by)
        _set_links([*zip(projects, new, strict=True), *zip(updated, changed, strict=True)], replacing=updated)
        keep_links_in_history([*projects, *updated])  # their new versions name their links
        for model, sheet in [(Contribution, CONTRIBUTIONS), (Milestone, MILESTONES)]:
            bulk_create_with_history(
                [
                    model(project=project, **values)
                    for project, row in zip(projects, new, strict=True)
                    for values in row.new_rows[sheet]
                ],
                model,
                default_user=by,
            )
    return [*projects, *updated]


def _update_projects(rows: list[CheckedRow], *, by: Person) -> list[Project]:
    projects: list[Project] = []
    for row in rows:
        project = row.existing
        assert project is not None, "only rows naming a project are changed"
        if not project.can_edit(by):  # RowChecker said so; held here too, as on the edit page
            raise PermissionDenied("Only officers of the project's organisations may change it.")
        for name, value in row.project.items():
            setattr(project, name, value)
        project.updated_at = timezone.now()  # bulk_update skips auto_now
        projects.append(project)
    if projects:
        fields = [*rows[0].project.keys(), "updated_at"]
        bulk_update_with_history(projects, Project, fields, default_user=by)
    return projects


def _set_links(pairs: list[tuple[Project, CheckedRow]], *, replacing: list[Project]) -> None:
    """Each project's partners, places and commitments become its row's, in a few queries; those of
    the projects `replacing` names are replaced."""
    for field, related in [("partners", "organisation"), ("places", "place"), ("commitments", "clause")]:
        through = getattr(Project, field).through
        if replacing:
            through.objects.filter(project__in=replacing).delete()
        through.objects.bulk_create(
            through(project=project, **{related: value})
            for project, row in pairs
            for value in getattr(row, field)
        )
