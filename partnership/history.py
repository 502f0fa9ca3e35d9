"""The audit trail of a governed record, as django-simple-history keeps it, put in the partnership's
words: names rather than ids, labels rather than codes, file names rather than storage paths."""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models
from django.utils import dateformat
from django.utils.text import capfirst
from simple_history.utils import get_m2m_reverse_field_name

from .bounds import validate_money
from .models import Clause
from .templatetags.accord import gbp, when

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
BLANK = "(none)"
GONE = "(since deleted)"
# Where a model without upload_names keeps the name a file was uploaded with (see KeepsUploadNames).
KEPT_NAME_FIELDS = ("file_name", "document_name", "attachment_name", "original_name")


@dataclass
class HistoryEntry:
    when: object
    who: object
    action: str
    changes: list[str] = field(default_factory=list)


@dataclass
class _Change:
    field: models.Field
    old: object = None
    new: object = None
    added: set = field(default_factory=set)
    removed: set = field(default_factory=set)


def history_entries(obj, limit: int = 50) -> list[HistoryEntry]:
    """Newest first; each version compared with the one before it. A few queries however many
    versions there are: the versions, each many-to-many field's rows, and each related model's names."""
    history = obj.history.model
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    # Rows written in bulk (imports, benchmarks) may have no history at all.
    pairs = list(zip(records, [*records[1:], None][: len(records)], strict=True))[:limit]
    members = _members(history, records)
    kept_names = _kept_names(obj)
    fields = [f for f in history.tracked_fields if f.editable and f.name not in kept_names.values()]
    changes = {
        newer.history_id: _changes(newer, older, fields, kept_names, history, members)
        for newer, older in pairs
        if older is not None and newer.history_type == "~"
    }
    names = _names([change for found in changes.values() for change in found])
    return [
        HistoryEntry(
            newer.history_date,
            newer.history_user,
            ACTIONS[newer.history_type],
            [_in_words(change, names) for change in changes.get(newer.history_id, [])],
        )
        for newer, _ in pairs
    ]


def _members(history, records) -> dict:
    """{(version, field name): ids related at that version}: one query per many-to-many field."""
    members = defaultdict(set)
    for m2m in history._history_m2m_fields if records else []:
        rows = getattr(records[0], m2m.name).model
        related = rows._meta.get_field(get_m2m_reverse_field_name(m2m)).attname
        versions = [record.history_id for record in records]
        for version, related_id in rows.objects.filter(history_id__in=versions).values_list(
            "history_id", related
        ):
            members[version, m2m.name].add(related_id)
    return members


def _kept_names(obj) -> dict[str, str]:
    """{file field: the field keeping the name it was uploaded with}."""
    own = {f.name for f in obj._meta.concrete_fields}
    kept = dict(getattr(obj, "upload_names", {}))
    for f in obj._meta.concrete_fields:
        kept_name = next((name for name in KEPT_NAME_FIELDS if name in own), None)
        if isinstance(f, models.FileField) and f.name not in kept and kept_name:
            kept[f.name] = kept_name
    return kept


def _changes(newer, older, fields, kept_names, history, members) -> list[_Change]:
    changes = []
    for f in fields:
        old, new = getattr(older, f.attname), getattr(newer, f.attname)
        if old != new:
            if f.name in kept_names:
                old, new = (_file_name(r, f, kept_names[f.name]) for r in (older, newer))
            changes.append(_Change(f, old=old, new=new))
    for m2m in history._history_m2m_fields:
        old, new = members[older.history_id, m2m.name], members[newer.history_id, m2m.name]
        if old != new:
            changes.append(_Change(m2m, added=new - old, removed=old - new))
    return changes


def _file_name(record, file_field, kept_name_field) -> str:
    if not getattr(record, file_field.attname):
        return ""
    return getattr(record, kept_name_field, "") or Path(str(getattr(record, file_field.attname))).name


def _names(changes) -> dict:
    """{(related model, id): its name}, one query per related model."""
    wanted = defaultdict(set)
    for change in changes:
        if change.field.is_relation:
            ids = {change.old, change.new} | change.added | change.removed
            wanted[change.field.related_model].update(i for i in ids if i is not None)
    names = {}
    for model, ids in wanted.items():
        related_rows = model._base_manager.all()
        if model is Clause:
            related_rows = related_rows.select_related("agreement")
        for pk, related in related_rows.in_bulk(ids).items():
            # Clauses are known by their numbers: "2.3.3", as the agreement cites them.
            names[model, pk] = related.number if isinstance(related, Clause) else str(related)
            if isinstance(related, Clause):
                names[Clause, pk, "version"] = related.agreement.version
    return names


def _in_words(change: _Change, names: dict) -> str:
    label = capfirst(change.field.verbose_name)
    if change.field.many_to_many and change.field.related_model is Clause:
        return f"{label}: {_clauses_in_words(change, names)}"
    if change.field.many_to_many:
        parts = [
            f"{verb} {_listed(names.get((change.field.related_model, pk), GONE) for pk in ids)}"
            for verb, ids in (("added", change.added), ("removed", change.removed))
            if ids
        ]
        return f"{label}: {'; '.join(parts)}"
    old, new = (_value(change.field, value, names) for value in (change.old, change.new))
    return f"{label}: {old} → {new}"


def _clauses_in_words(change: _Change, names: dict) -> str:
    """ "added 3.1; removed 2.3.5", and for a link an amendment carried to the new version's clause
    of the same number, "moved 2.3.5 to version 2" rather than "added 2.3.5; removed 2.3.5"."""
    added = {pk: names.get((Clause, pk), GONE) for pk in change.added}
    removed = {pk: names.get((Clause, pk), GONE) for pk in change.removed}
    moved = {pk: number for pk, number in added.items() if number != GONE and number in removed.values()}
    parts = [
        f"{verb} {_listed(numbers)}"
        for verb, numbers in (
            ("added", [n for pk, n in added.items() if pk not in moved]),
            ("removed", [n for n in removed.values() if n not in moved.values()]),
        )
        if numbers
    ]
    by_version = defaultdict(list)
    for pk, number in moved.items():
        by_version[names[Clause, pk, "version"]].append(number)
    parts += [
        f"moved {_listed(numbers)} to version {version}" for version, numbers in sorted(by_version.items())
    ]
    return "; ".join(parts)


def _value(f: models.Field, value, names: dict) -> str:
    if value is None or value == "":
        return BLANK
    if f.is_relation:
        return names.get((f.related_model, value), GONE)
    if isinstance(f, models.FileField):
        return Path(str(value)).name
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(f, models.DateTimeField):
        return when(value)
    if isinstance(f, models.DateField):
        return dateformat.format(value, "j F Y")
    if validate_money in f.validators:
        return gbp(value)
    return str(value)


def _listed(names) -> str:
    """ "2.3.3, 2.3.10 and 3.1": in natural order, joined as a sentence."""
    ordered = sorted(names, key=lambda name: [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)])
    return ", ".join(ordered[:-1]) + " and " + ordered[-1] if len(ordered) > 1 else ordered[0]
