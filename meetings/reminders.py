"""The reminders a meeting causes (issue 4 fills this in: it plans outbox rows in the caller's transaction).

Meetings' services call these inside their own `transaction.atomic()` block.
"""


def meeting_changed(meeting, *, change: str) -> None:
    """`change` is "scheduled", "rescheduled", "updated" or "cancelled"."""
