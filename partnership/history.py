"""The audit trail of a governed record, as django-simple-history keeps it, ready to show."""

from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class HistoryEntry:
    when: object
    who: object
    action: str
    changes: list = field(default_factory=list)


def history_entries(obj, limit: int = 50) -> list[HistoryEntry]:
    """Newest first; each change compared with the version before it, in memory (one query)."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    entries = []
    # Rows written in bulk (imports, benchmarks) may have no history at all.
    for newer, older in zip(records, [*records[1:], None][: len(records)], strict=True):
        if len(entries) == limit:
            break
        changes = []
        if older is not None and newer.history_type == "~":
            changes = [
                {"field": _label(obj, c.field), "old": c.old, "new": c.new}
                for c in newer.diff_against(older).changes
            ]
        entries.append(
            HistoryEntry(newer.history_date, newer.history_user, ACTIONS[newer.history_type], changes)
        )
    return entries


def _label(obj, field_name: str) -> str:
    try:
        return str(obj._meta.get_field(field_name).verbose_name).capitalize()
    except FieldDoesNotExist:
        return field_name
