"""What changed between two versions of the agreement, clause by clause and word by word, and what
it means for the records that serve its clauses."""

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from .clause_links import LinkedRecord, links_to
from .models import Agreement, Clause


class ClauseLike(Protocol):
    """A clause saved (Clause) or only read from a new text (ClauseText)."""

    number: str
    heading: str
    text: str


@dataclass(frozen=True)
class Segment:
    kind: str  # "same", "added" or "removed"
    text: str


@dataclass
class ClauseChange:
    number: str
    old: ClauseLike | None = None
    new: ClauseLike | None = None
    heading: list[Segment] = field(default_factory=list)
    text: list[Segment] = field(default_factory=list)

    @property
    def heading_changed(self) -> bool:
        return any(s.kind != "same" for s in self.heading)


@dataclass
class Comparison:
    old_title: str
    new_title: str
    added: list[ClauseChange]
    removed: list[ClauseChange]
    changed: list[ClauseChange]
    # Records serving a clause carried into the new version (they follow it), and records whose
    # clause the new version no longer has (they keep their old link and need a new clause).
    carried: list[LinkedRecord] = field(default_factory=list)
    left_behind: list[LinkedRecord] = field(default_factory=list)

    @property
    def title_changed(self) -> bool:
        return self.old_title != self.new_title

    @property
    def has_changes(self) -> bool:
        return bool(self.title_changed or self.added or self.removed or self.changed)


def word_diff(old: str, new: str) -> list[Segment]:
    """The new text word by word, with the words added and removed marked, runs joined."""
    old_words, new_words = old.split(), new.split()
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", " ".join(old_words[a1:a2])))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment("removed", " ".join(old_words[a1:a2])))
        if op in ("insert", "replace"):
            segments.append(Segment("added", " ".join(new_words[b1:b2])))
    return segments


def compare_clauses(
    old_title: str, old: Sequence[ClauseLike], new_title: str, new: Sequence[ClauseLike]
) -> Comparison:
    old_by_number = {c.number: c for c in old}
    new_by_number = {c.number: c for c in new}
    changed = []
    for clause in new:
        before = old_by_number.get(clause.number)
        if before is not None and (before.heading, before.text) != (clause.heading, clause.text):
            changed.append(
                ClauseChange(
                    clause.number,
                    before,
                    clause,
                    heading=word_diff(before.heading, clause.heading),
                    text=word_diff(before.text, clause.text),
                )
            )
    return Comparison(
        old_title,
        new_title,
        added=[ClauseChange(c.number, new=c) for c in new if c.number not in old_by_number],
        removed=[ClauseChange(c.number, old=c) for c in old if c.number not in new_by_number],
        changed=changed,
    )


def compare_versions(older: Agreement, newer: Agreement) -> Comparison:
    """Two saved versions: the records now serving the newer one's clauses that the older one had
    too, and the records still linked to the older one's clauses that the newer one dropped."""
    old, new = list(older.clauses.all()), list(newer.clauses.all())
    comparison = compare_clauses(older.title, old, newer.title, new)
    old_numbers, new_numbers = {c.number for c in old}, {c.number for c in new}
    comparison.carried = links_to(c.pk for c in new if c.number in old_numbers)
    comparison.left_behind = links_to(c.pk for c in old if c.number not in new_numbers)
    return comparison


def preview_amendment(current: Agreement, new_title: str, new: Sequence[ClauseLike]) -> Comparison:
    """A new text beside the current version, before it is saved: the records that will follow their
    clause to the new version, and those whose clause it drops."""
    old: list[Clause] = list(current.clauses.all())
    comparison = compare_clauses(current.title, old, new_title, new)
    new_numbers = {c.number for c in new}
    comparison.carried = links_to(c.pk for c in old if c.number in new_numbers)
    comparison.left_behind = links_to(c.pk for c in old if c.number not in new_numbers)
    return comparison
