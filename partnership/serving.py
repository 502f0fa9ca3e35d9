"""The records that serve a clause of the agreement, as the clause's page lists them.

Projects, bids, proposals and priorities link to clauses, but their apps stand above this one, so it
does not import them: each app says what of its own serves a clause, in its AppConfig.ready():

    # projects/apps.py
    def ready(self):
        from partnership.serving import serves_clauses

        serves_clauses(
            "projects",                                           # the section's anchor on the page
            "Joint projects",
            lambda clause: clause.projects.order_by("-updated_at"),
            list_url="projects:list",                             # filtered by ?commitment=<clause>
        )
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from .models import Clause

# The clause page's order: the work under way (projects, bids), what the boards and parties were
# asked and agreed, then the shared evidence. Sections not named here come last.
ORDER = ("projects", "bids", "proposals", "consultations", "priorities", "evidence")


@dataclass(frozen=True)
class Serving:
    anchor: str
    heading: str
    records: Callable[[Clause], QuerySet]
    list_url: str = ""  # a URL name; the list it names takes ?commitment=<clause>


_SERVING: dict[str, Serving] = {}


def serves_clauses(
    anchor: str, heading: str, records: Callable[[Clause], QuerySet], *, list_url: str = ""
) -> None:
    _SERVING[anchor] = Serving(anchor, heading, records, list_url)


@dataclass
class LinkedRecords:
    anchor: str
    heading: str
    records: list
    count: int
    list_url: str = ""


def _position(serving: Serving) -> int:
    return ORDER.index(serving.anchor) if serving.anchor in ORDER else len(ORDER)


def records_serving(clause: Clause, limit: int = 20) -> list[LinkedRecords]:
    """What links back to one clause, newest first, each kind with its count and the full list's URL."""
    linked = []
    for serving in sorted(_SERVING.values(), key=_position):
        records = serving.records(clause)
        url = reverse(serving.list_url) if serving.list_url else ""
        linked.append(
            LinkedRecords(
                serving.anchor,
                serving.heading,
                list(records[:limit]),
                records.count(),
                f"{url}?commitment={clause.pk}" if url else "",
            )
        )
    return linked
