from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from funding.api import BidViewSet
from meetings.api import ActionViewSet, DecisionViewSet, MeetingViewSet
from partnership.api import ApiDocsView, CommitmentViewSet, ConsultationViewSet, Router
from projects.api import OutcomeViewSet, ProjectViewSet

api = Router()
api.register("commitments", CommitmentViewSet, basename="commitment")
api.register("projects", ProjectViewSet, basename="project")
api.register("outcomes", OutcomeViewSet, basename="outcome")
api.register("bids", BidViewSet, basename="bid")
api.register("meetings", MeetingViewSet, basename="meeting")
api.register("decisions", DecisionViewSet, basename="decision")
api.register("consultations", ConsultationViewSet, basename="consultation")
api.register("actions", ActionViewSet, basename="action")

urlpatterns = [
    path("", include("overview.urls")),
    path("", include("partnership.urls")),
    path("accounts/", include("partnership.account_urls")),
    path("meetings/", include("meetings.urls")),
    path("projects/", include("projects.urls")),
    path("funding/", include("funding.urls")),
    path("reminders/", include("reminders.urls")),
    path("api/v1/", include((api.urls, "api"))),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", ApiDocsView.as_view(), name="api-docs"),
    path("django-admin/", admin.site.urls),
]

handler500 = "partnership.views.site.server_error"
