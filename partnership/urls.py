from django.urls import path

from . import views

app_name = "partnership"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", views.AccessibilityStatementView.as_view(), name="accessibility"),
    path("partnership/", views.PartnershipOverviewView.as_view(), name="overview"),
    path(
        "partnership/organisations/new/", views.OrganisationCreateView.as_view(), name="organisation-create"
    ),
    path(
        "partnership/organisations/<int:pk>/",
        views.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path(
        "partnership/organisations/<int:pk>/edit/",
        views.OrganisationUpdateView.as_view(),
        name="organisation-update",
    ),
    path(
        "partnership/organisations/<int:pk>/board/edit/", views.BoardUpdateView.as_view(), name="board-update"
    ),
    path("agreement/", views.AgreementView.as_view(), name="agreement"),
    path("agreement/v<int:version>/", views.AgreementView.as_view(), name="agreement-version"),
    path(
        "agreement/v<int:version>/clauses/<str:number>/",
        views.ClauseDetailView.as_view(),
        name="clause-detail",
    ),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/new/", views.PersonCreateView.as_view(), name="person-create"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("people/<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person-update"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
]
