"""What serves each clause of the agreement: one definition, which the dashboard's matrix
(`coverage`), the clause pages (`records_serving`) and the registers' clause filters
(`filter_serving`) all use, so they cannot disagree.

Meetings, agenda items, proposals, projects, bids, consultations and evidence link to clauses through
a many-to-many field, but their apps stand above this one, so it does not import them: each app says
what of its own serves a clause, in its AppConfig.ready():

    # projects/apps.py
    def ready(self):
        from partnership.serving import serves_clauses

        serves_clauses(
            "projects",                 # the section's anchor on the clause page
            "Joint projects",
            Project,                    # linked through Project.commitments
            order_by=("-updated_at",),
            list_url="projects:list",   # a register whose ?commitment=<clause> uses filter_serving
        )

A record serves a clause when it links to the clause or to one of its sub-clauses (a bid linked to
3.3.1 serves 3.3), counted once however many of them it links to. `counts` narrows which records
count (meetings not cancelled), `clauses` which of its links (a review pack serves 3.5): the clause
page, the matrix and the filters apply both alike.
"""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from django.db import models
from django.db.models import F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from .clause_links import relation_of
from .models import Clause, Partnership
from .models.agreement import within

# The clause page's and the matrix's order: the work under way (projects, bids), what the boards
# were asked and agreed, the reviews themselves, what the parties consulted on, then the shared
# evidence. Kinds not named here come last.
ORDER = (
    "projects",
    "bids",
    "proposals",
    "meetings",
    "agenda-items",
    "review-packs",
    "priorities",
    "consultations",
    "evidence",
)


@dataclass(frozen=True)
class Serving:
    """One kind of record that serves clauses: `model`'s many-to-many `field` to Clause."""

    anchor: str
    heading: str
    model: type[models.Model]
    field: str = "commitments"
    counts: Q = dataclasses.field(default_factory=Q)  # which records count: all, unless narrowed
    clauses: Q = dataclasses.field(default_factory=Q)  # which of their links count: all, unless narrowed
    order_by: tuple[str, ...] = ("-pk",)
    select_related: tuple[str, ...] = ()
    list_url: str = ""  # a URL name; the register it names filters ?commitment=<clause> alike
    note: str = ""  # what counts, said on the clause page when it is not simply every record
    url: Callable[[models.Model], str] | None = None  # where a record links; its own page if None
    label: Callable[[models.Model], str] = str

    @property
    def _through(self) -> tuple[type[models.Model], str, str]:
        relation = relation_of(cast(models.ManyToManyField, self.model._meta.get_field(self.field)))
        return relation.through, relation.record, relation.clause

    def links(self) -> QuerySet:
        """The links that count: rows of the field's through table."""
        through, record, clause = self._through
        links = through._default_manager.all()
        if self.counts:
            links = links.filter(**{f"{record}__in": self.model._default_manager.filter(self.counts)})
        if self.clauses:
            links = links.filter(**{f"{clause}__in": Clause.objects.filter(self.clauses)})
        return links

    def record_ids(self, clauses: QuerySet) -> QuerySet:
        """The ids of the records whose counted links reach `clauses`."""
        through, record, clause = self._through
        return self.links().filter(**{f"{clause}__in": clauses}).values(f"{record}_id")

    def serving(self, queryset: QuerySet, clause: Clause) -> QuerySet:
        """Of `queryset`, the records serving `clause` or one of its sub-clauses, each once."""
        return queryset.filter(pk__in=self.record_ids(Clause.objects.subtree(clause)))

    def records(self, clause: Clause) -> QuerySet:
        records = self.model._default_manager.select_related(*self.select_related)
        return self.serving(records, clause).order_by(*self.order_by)

    def count_for_each(self) -> Subquery:
        """For a query of clauses: how many records serve each one or its sub-clauses."""
        through, record, clause = self._through
        subtree = Clause.objects.filter(within(OuterRef(OuterRef("number")), OuterRef(OuterRef("agreement"))))
        counted = (
            self.links()
            .filter(**{f"{clause}__in": subtree})
            .order_by()
            .annotate(n=Func(F(f"{record}_id"), template="COUNT(DISTINCT %(expressions)s)"))
            .values("n")
        )
        return Subquery(counted, output_field=IntegerField())

    def list_url_for(self, clause: Clause) -> str:
        return f"{reverse(self.list_url)}?commitment={clause.pk}" if self.list_url else ""

    def url_of(self, record: models.Model) -> str:
        if self.url is not None:
            return self.url(record)
        get_url = getattr(record, "get_absolute_url", None)
        return get_url() if get_url else ""


_SERVING: dict[str, Serving] = {}


def serves_clauses(
    anchor: str,
    heading: str,
    model: type[models.Model],
    *,
    field: str = "commitments",
    counts: Q | None = None,
    clauses: Q | None = None,
    order_by: tuple[str, ...] = ("-pk",),
    select_related: tuple[str, ...] = (),
    list_url: str = "",
    note: str = "",
    url: Callable[[models.Model], str] | None = None,
    label: Callable[[models.Model], str] = str,
) -> None:
    _SERVING[anchor] = Serving(
        anchor,
        heading,
        model,
        field,
        counts or Q(),
        clauses or Q(),
        order_by,
        select_related,
        list_url,
        note,
        url,
        label,
    )


def _position(serving: Serving) -> int:
    return ORDER.index(serving.anchor) if serving.anchor in ORDER else len(ORDER)


def kinds() -> list[Serving]:
    """Every kind of record that serves clauses, in the page's order."""
    return sorted(_SERVING.values(), key=_position)


def filter_serving(anchor: str) -> Callable[[QuerySet, str, Clause | None], QuerySet]:
    """A register's `?commitment=<clause>` filter (a django-filter method): its records serving the
    clause or one of its sub-clauses, as the clause page lists them and the dashboard counts them."""

    def method(queryset: QuerySet, name: str, clause: Clause | None) -> QuerySet:
        return _SERVING[anchor].serving(queryset, clause) if clause else queryset

    return method


@dataclass
class Entry:
    label: str
    url: str
    record: models.Model


@dataclass
class LinkedRecords:
    anchor: str
    heading: str
    records: list[Entry]
    count: int
    list_url: str = ""
    note: str = ""


def records_serving(clause: Clause, limit: int = 20) -> list[LinkedRecords]:
    """Each kind's records serving the clause or its sub-clauses: its count and the first `limit`,
    newest first, with the URL of its register filtered by the clause."""
    linked = []
    for serving in kinds():
        records = serving.records(clause)
        linked.append(
            LinkedRecords(
                serving.anchor,
                serving.heading,
                [Entry(serving.label(r), serving.url_of(r), r) for r in records[:limit]],
                records.count(),
                serving.list_url_for(clause),
                serving.note,
            )
        )
    return linked


@dataclass(frozen=True)
class Served:
    """How many records of one kind serve a clause, and where they are listed. Plain values: the
    dashboard's figures are kept in the cache."""

    anchor: str
    heading: str
    count: int
    url: str


def coverage(partnership: Partnership) -> list[Clause]:
    """Every commitment and practice of the current agreement, each with `served` (a Served for each
    kind of record, in order) and `total`, in one query whatever the partnership's size. A clause
    with a total of 0 is served by no record of any kind, directly or through a sub-clause."""
    agreement = partnership.current_agreement
    if agreement is None:
        return []
    every = kinds()
    clauses = list(
        agreement.clauses.linkable()
        .select_related("agreement")
        .annotate(**{f"served_{i}": Coalesce(kind.count_for_each(), 0) for i, kind in enumerate(every)})
    )
    for clause in clauses:
        clause.served = [
            Served(
                kind.anchor,
                kind.heading,
                getattr(clause, f"served_{i}"),
                kind.list_url_for(clause) or f"{clause.get_absolute_url()}#{kind.anchor}",
            )
            for i, kind in enumerate(every)
        ]
        clause.total = sum(served.count for served in clause.served)
    return clauses
