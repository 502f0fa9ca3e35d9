"""Saving a record and its rows from plain values, for the apps' services: each write names who
made it, so its history says so whether or not it came through a request."""

from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms import BaseInlineFormSet
from simple_history.utils import get_m2m_field_name

M = TypeVar("M", bound=models.Model)


def done_by(record: models.Model, by) -> None:
    """The record's next save or delete is written in its history as `by`'s, inside a request or
    not (simple_history reads `_history_user` before the request's user)."""
    record._history_user = by


def refuse_lead_change(record: Any, values: dict, *, by) -> None:
    """Person.can_change_lead_of held by the services too, so a caller that skips the forms still
    cannot hand a record (a project, a bid) to another lead or change its partners."""
    if by.can_change_lead_of(record.lead_organisation_id):
        return
    lead = values.get("lead_organisation", record.lead_organisation_id)
    partners = values.get("partners")
    if getattr(lead, "pk", lead) != record.lead_organisation_id or (
        partners is not None
        and {getattr(p, "pk", p) for p in partners} != set(record.partners.values_list("pk", flat=True))
    ):
        raise PermissionDenied("Only the lead organisation’s officers change the lead and partners.")


def save_record(record: M, values: dict, *, by) -> M:
    """Sets the record's fields from `values` and saves it with its many-to-many fields, as a model
    form does (a file field given None keeps its file), written as one version of its history. The
    caller holds the transaction."""
    many = {field.name for field in record._meta.many_to_many}
    for name, value in values.items():
        if name not in many:
            record._meta.get_field(name).save_form_data(record, value)
    done_by(record, by)
    links = {name: values[name] for name in many & values.keys()}
    if not links:
        record.save()
        return record
    # One version in the history per write, its fields and links together ("Commitments: added
    # 2.3.3"), rather than one for the save and one for each step of each set().
    creating = record._state.adding
    if creating:
        record.save()
    record.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        for name, related in links.items():
            getattr(record, name).set(related)
    finally:
        del record.skip_history_when_saving  # type: ignore[attr-defined]
    if creating:
        keep_links_in_history([record])
    else:
        record.save()
    return record


def keep_links_in_history(records: Sequence[models.Model]) -> None:
    """The links each record has now, written to its latest version, as simple_history writes them
    when a version is saved after its links: for records made before their links (their "Created"
    version, or rows made in bulk). A few queries however many records."""
    if not records:
        return
    model = type(records[0])
    history = getattr(model, "history", None)
    if history is None or not getattr(history.model, "_history_m2m_fields", None):
        return
    pks = [record.pk for record in records]
    latest = dict(
        history.filter(id__in=pks)
        .order_by("id", "-history_date", "-history_id")
        .distinct("id")
        .values_list("id", "history_id")
    )
    for m2m in history.model._history_m2m_fields:
        kept = getattr(history.model, m2m.name).model
        through = getattr(model, m2m.name).through
        source = through._meta.get_field(get_m2m_field_name(m2m)).attname
        names = [f.attname for f in through._meta.fields]
        rows = [
            dict(zip(names, row, strict=True))
            for row in through.objects.filter(**{f"{source}__in": pks}).values_list(*names)
        ]
        kept.objects.bulk_create([kept(history_id=latest[row[source]], **row) for row in rows])


def set_rows(rows, wanted: list[dict], *, by) -> None:
    """The parent's rows (its reverse foreign key manager, such as `project.milestones`) become
    exactly `wanted`: a row with the `id` of one of them changes it when anything differs, one
    without an `id` is added, and the parent's rows not named are deleted. The caller holds the
    transaction."""
    existing = {row.pk: row for row in rows.all()}
    kept = {values["id"] for values in wanted if values.get("id") is not None}
    if unknown := kept - existing.keys():
        raise ValueError(f"Rows {sorted(unknown)} are not rows of {rows.instance}.")
    for pk, row in existing.items():
        if pk not in kept:
            done_by(row, by)
            row.delete()
    for values in wanted:
        fields = {name: value for name, value in values.items() if name != "id"}
        if values.get("id") is None:
            row = rows.model(**{rows.field.name: rows.instance}, **fields)
        else:
            row = existing[values["id"]]
            if all(getattr(row, name) == value for name, value in fields.items()):
                continue
            for name, value in fields.items():
                setattr(row, name, value)
        done_by(row, by)
        row.save()


def rows_of(formset: BaseInlineFormSet) -> list[dict]:
    """A valid formset's rows as values for `set_rows`: the rows kept, each with its `id` if it has
    one; empty extra rows and rows marked for removal are left out."""
    leave_out = {"id", "DELETE", formset.fk.name}
    return [
        {
            **{name: value for name, value in form.cleaned_data.items() if name not in leave_out},
            "id": form.instance.pk,
        }
        for form in formset.forms
        if form.cleaned_data and not formset._should_delete_form(form)
    ]


def values_of(form) -> dict:
    """A valid model form's cleaned values for its model's fields, for a service to save."""
    return {name: form.cleaned_data[name] for name in form._meta.fields if name in form.cleaned_data}
