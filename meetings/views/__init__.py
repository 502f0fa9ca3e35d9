"""Pages of the meetings app, by what they are about."""

from .actions import ActionCreateView, ActionLogView, ActionUpdateView
from .calendars import CalendarFeedView, MeetingCalendarView, person_feed_view
from .decisions import DecisionRecordView, ProposalCreateView, ProposalDetailView, ProposalListView
from .meetings import (
    AgendaItemCreateView,
    AgendaItemMoveView,
    AgendaItemUpdateView,
    AttendanceView,
    InvitationResponseView,
    MeetingCancelView,
    MeetingCreateView,
    MeetingDetailView,
    MeetingIndexView,
    MeetingSeriesView,
    MeetingUpdateView,
    MinutesApproveView,
    MinutesView,
    PaperDownloadView,
    PaperUploadView,
    PriorityCreateView,
)

__all__ = [
    "ActionCreateView",
    "ActionLogView",
    "ActionUpdateView",
    "AgendaItemCreateView",
    "AgendaItemMoveView",
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
    "PaperUploadView",
    "PriorityCreateView",
    "ProposalCreateView",
    "ProposalDetailView",
    "ProposalListView",
    "person_feed_view",
]
