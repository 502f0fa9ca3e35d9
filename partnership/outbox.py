"""The reminders outbox, as the partnership app reaches it.

3.4: opening a consultation plans its reminders in the same transaction. The reminders app stands
above this one (its rows belong to a partnership), so this app does not import it: reminders hands
its services over when it starts (reminders/apps.py), and `planner()` returns them.
"""

from typing import Protocol

from django.core.exceptions import ImproperlyConfigured


class Planner(Protocol):
    def plan_now(self, kind_name: str, record): ...
    def plan_before(self, kind_name: str, record): ...
    def replan_before(self, kind_name: str, record): ...
    def cancel_planned(self, record, *, kinds: list[str] | None = None) -> int: ...


_planner: Planner | None = None


def connect(planner: Planner) -> None:
    global _planner
    _planner = planner


def planner() -> Planner:
    if _planner is None:
        raise ImproperlyConfigured("Consultations plan reminders: the 'reminders' app must be installed.")
    return _planner
