"""The records of any app that link to clauses of the agreement (projects, bids, proposals,
priorities, consultations, evidence…), found from Clause's many-to-many relations rather than by
importing the apps that hold them: the ground floor knows them only as Clause's related objects."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from django.db import models
from django.db.models import Case, When
from simple_history.models import HistoricalRecords

from .models import Clause, Person


@dataclass(frozen=True)
class Relation:
    """One many-to-many field to Clause (`Project.commitments`, say) and its through table."""

    field: models.ManyToManyField
    through: type[models.Model]
    record: str  # the through table's foreign key to the record
    clause: str  # … and to the clause

    @property
    def model(self) -> type[models.Model]:
        return self.field.model


@dataclass(frozen=True)
class LinkedRecord:
    record: models.Model
    clause: Clause

    @property
    def kind(self) -> str:
        return str(self.record._meta.verbose_name).capitalize()

    @property
    def url(self) -> str:
        get_url = getattr(self.record, "get_absolute_url", None)
        return get_url() if get_url else ""


def relation_of(field: models.ManyToManyField) -> Relation:
    """A many-to-many field to Clause with its through table and that table's two foreign keys."""
    through = cast(models.ManyToManyRel, field.remote_field).through
    assert through is not None  # Django makes one for a field that names none
    return Relation(field, through, field.m2m_field_name(), field.m2m_reverse_field_name())


def relations() -> list[Relation]:
    """Every many-to-many field to Clause, in a stable order."""
    found = [
        relation_of(cast(models.ManyToManyField, related.field))
        for related in Clause._meta.related_objects
        if related.many_to_many
    ]
    return sorted(found, key=lambda r: (r.model._meta.label, r.field.name))


def links_to(clause_ids: Iterable[int]) -> list[LinkedRecord]:
    """The records linking to these clauses: one query per relation, in the clauses' order."""
    clause_ids = list(clause_ids)
    linked = []
    for relation in relations() if clause_ids else []:
        rows = relation.through._default_manager.filter(
            **{f"{relation.clause}_id__in": clause_ids}
        ).select_related(relation.record, relation.clause)
        linked += [LinkedRecord(getattr(row, relation.record), getattr(row, relation.clause)) for row in rows]
    return sorted(linked, key=lambda link: (link.clause.position, link.kind, str(link.record)))


def move_links(moves: dict[int, int], *, by: Person | None, reason: str) -> int:
    """Every link to a clause in `moves` ({old clause id: new clause id}) now points to the new
    clause: one update per relation. Each record moved gets an entry in its history, by `by`. The
    caller holds the transaction. Returns how many links moved."""
    moved = 0
    for relation in relations() if moves else []:
        rows = relation.through._default_manager.filter(**{f"{relation.clause}_id__in": moves})
        record_ids = set(rows.values_list(f"{relation.record}_id", flat=True))
        if not record_ids:
            continue
        column = f"{relation.clause}_id"
        moved += rows.update(
            **{
                relation.clause: Case(
                    *(When(**{column: old}, then=new) for old, new in moves.items()),
                    output_field=cast(
                        models.ForeignKey, relation.through._meta.get_field(relation.clause)
                    ).target_field,
                )
            }
        )
        _record_history(relation.model, record_ids, by=by, reason=reason)
    return moved


def _record_history(model: type[models.Model], ids: set[int], *, by: Person | None, reason: str) -> None:
    """A "changed" entry for each record, as simple-history writes on a save, with a snapshot of the
    many-to-many fields its history tracks (their new links), written in bulk."""
    manager_name = getattr(model._meta, "simple_history_manager_attribute", None)
    if manager_name is None:
        return
    manager = getattr(model, manager_name)
    records = list(model._default_manager.filter(pk__in=ids).order_by("pk"))
    entries = manager.bulk_history_create(records, update=True, default_user=by, default_change_reason=reason)
    if not entries:
        return
    entry_of = {record.pk: entry for record, entry in zip(records, entries, strict=True)}
    for m2m in getattr(manager.model, "_history_m2m_fields", []):
        m2m_history = HistoricalRecords.m2m_models[m2m]
        through = m2m.remote_field.through
        own = m2m.m2m_field_name()
        fields = [f.attname for f in through._meta.fields]
        m2m_history.objects.bulk_create(
            m2m_history(history=entry_of[getattr(row, f"{own}_id")], **{f: getattr(row, f) for f in fields})
            for row in through.objects.filter(**{f"{own}_id__in": ids})
        )
