"""Six-monthly reviews (clauses 3.2.1 and 3.5) and each board's decisions on proposals (clause 3.1)."""

from .actions import (
    Action,
    ActionQuerySet,
    Priority,
)
from .decisions import (
    Decision,
    Proposal,
    ProposalQuerySet,
)
from .feeds import (
    CalendarFeed,
    new_token,
)
from .reviews import (
    STANDING_AGENDA,
    AgendaItem,
    BoardAttendance,
    Invitation,
    Meeting,
    MeetingChange,
    MeetingQuerySet,
    MeetingSeries,
    Minutes,
    Paper,
    add_months,
    local,
    new_uid,
    paper_path,
    papers_due_by,
)

__all__ = [
    "Action",
    "ActionQuerySet",
    "AgendaItem",
    "BoardAttendance",
    "CalendarFeed",
    "Decision",
    "Invitation",
    "Meeting",
    "MeetingChange",
    "MeetingQuerySet",
    "MeetingSeries",
    "Minutes",
    "Paper",
    "Priority",
    "Proposal",
    "ProposalQuerySet",
    "STANDING_AGENDA",
    "add_months",
    "local",
    "new_token",
    "new_uid",
    "paper_path",
    "papers_due_by",
]
