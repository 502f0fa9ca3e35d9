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
    PAPERS_DUE_AT,
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
    new_uid,
    paper_path,
)

__all__ = [
    "PAPERS_DUE_AT",
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
    "new_token",
    "new_uid",
    "paper_path",
]
