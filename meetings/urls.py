from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.MeetingIndexView.as_view(), name="index"),
    path("series/", views.MeetingSeriesView.as_view(), name="series"),
    path("new/", views.MeetingCreateView.as_view(), name="meeting-create"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="meeting-update"),
    path("<int:pk>/cancel/", views.MeetingCancelView.as_view(), name="meeting-cancel"),
    path("<int:pk>/meeting.ics", views.MeetingCalendarView.as_view(), name="meeting-ics"),
    path("<int:pk>/answer/", views.InvitationResponseView.as_view(), name="meeting-answer"),
    path("answer/<str:token>/", views.AnswerByEmailView.as_view(), name="answer-by-email"),
    path("<int:pk>/attendance/", views.AttendanceView.as_view(), name="meeting-attendance"),
    path("<int:pk>/agenda/new/", views.AgendaItemCreateView.as_view(), name="agenda-create"),
    path("<int:pk>/minutes/", views.MinutesView.as_view(), name="minutes"),
    path("<int:pk>/minutes/approve/", views.MinutesApproveView.as_view(), name="minutes-approve"),
    path("<int:pk>/actions/new/", views.ActionCreateView.as_view(), name="action-create"),
    path("<int:pk>/priorities/new/", views.PriorityCreateView.as_view(), name="priority-create"),
    path("agenda/<int:pk>/edit/", views.AgendaItemUpdateView.as_view(), name="agenda-update"),
    path("agenda/<int:pk>/move/", views.AgendaItemMoveView.as_view(), name="agenda-move"),
    path("agenda/<int:pk>/remove/", views.AgendaItemRemoveView.as_view(), name="agenda-remove"),
    path("agenda/<int:pk>/papers/new/", views.PaperUploadView.as_view(), name="paper-upload"),
    path("papers/<int:pk>/", views.PaperDownloadView.as_view(), name="paper-download"),
    path("papers/<int:pk>/remove/", views.PaperRemoveView.as_view(), name="paper-remove"),
    path("actions/", views.ActionLogView.as_view(), name="action-log"),
    path("actions/<int:pk>/edit/", views.ActionUpdateView.as_view(), name="action-update"),
    path("decisions/", views.ProposalListView.as_view(), name="decisions"),
    path("proposals/new/", views.ProposalCreateView.as_view(), name="proposal-create"),
    path("proposals/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal-detail"),
    path("proposals/<int:pk>/decision/", views.DecisionRecordView.as_view(), name="decision-record"),
    path("calendar/", views.CalendarFeedView.as_view(), name="calendar-feed"),
    path("calendar/<str:token>.ics", views.person_feed_view, name="person-feed"),
]
