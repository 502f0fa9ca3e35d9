"""Pages of the meetings app, by what they are about."""

from .actions import ActionCreateView, ActionLogView, ActionUpdateView
from .agenda import (
    AgendaItemCreateView,
    AgendaItemMoveView,
    AgendaItemRemoveView,
    AgendaItemUpdateView,
    PaperDownloadView,
    PaperRemoveView,
    PaperUploadView,
)
from .calendars import CalendarFeedView, MeetingCalendarView, person_feed_view
from .decisions import DecisionRecordView, ProposalCreateView, ProposalDetailView, ProposalListView
from .meetings import (
    MeetingCancelView,
    MeetingCreateView,
    MeetingDetailView,
    MeetingIndexView,
    MeetingSeriesView,
    MeetingUpdateView,
)
from .proceedings import (
    AnswerByEmailView,
    AttendanceView,
    InvitationResponseView,
    MinutesApproveView,
    MinutesView,
    PriorityCreateView,
)

__all__ = [
    "AnswerByEmailView",
    "ActionCreateView",
    "ActionLogView",
    "ActionUpdateView",
    "AgendaItemCreateView",
    "AgendaItemMoveView",
    "AgendaItemRemoveView",
    "AgendaItemUpdateView",
    "AttendanceView",
    "CalendarFeedView",
    "DecisionRecordView",
    "InvitationResponseView",
    "MeetingCalendarView",
    "MeetingCancelView",
    "MeetingCreateView",
    "MeetingDetailView",
    "MeetingIndexView",
    "MeetingSeriesView",
    "MeetingUpdateView",
    "MinutesApproveView",
    "MinutesView",
    "PaperDownloadView",
    "PaperRemoveView",
    "PaperUploadView",
    "PriorityCreateView",
    "ProposalCreateView",
    "ProposalDetailView",
    "ProposalListView",
    "person_feed_view",
]
