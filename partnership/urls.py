from django.urls import path

from .views import agreement, consultations, evidence, parties, people, site

app_name = "partnership"

urlpatterns = [
    path("healthz", site.healthz, name="healthz"),
    path("accessibility/", site.AccessibilityStatementView.as_view(), name="accessibility"),
    path("partnership/", parties.PartnershipOverviewView.as_view(), name="overview"),
    path(
        "partnership/organisations/new/", parties.OrganisationCreateView.as_view(), name="organisation-create"
    ),
    path(
        "partnership/organisations/<int:pk>/",
        parties.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path(
        "partnership/organisations/<int:pk>/edit/",
        parties.OrganisationUpdateView.as_view(),
        name="organisation-update",
    ),
    path(
        "partnership/organisations/<int:pk>/board/edit/",
        parties.BoardUpdateView.as_view(),
        name="board-update",
    ),
    path("agreement/", agreement.AgreementView.as_view(), name="agreement"),
    path("agreement/v<int:version>/", agreement.AgreementView.as_view(), name="agreement-version"),
    path(
        "agreement/v<int:version>/clauses/<str:number>/",
        agreement.ClauseDetailView.as_view(),
        name="clause-detail",
    ),
    path(
        "agreement/v<int:version>/clauses/<str:number>/short-title/",
        agreement.ClauseShortTitleView.as_view(),
        name="clause-short-title",
    ),
    path(
        "agreement/v<int:version>/signatures/<int:organisation>/",
        agreement.SignatureUpdateView.as_view(),
        name="signature-update",
    ),
    path("agreement/review-date/", agreement.ReviewDateView.as_view(), name="agreement-review-date"),
    path("agreement/amend/", agreement.AmendView.as_view(), name="agreement-amend"),
    path(
        "agreement/compare/v<int:older>/v<int:newer>/",
        agreement.CompareView.as_view(),
        name="agreement-compare",
    ),
    path("people/", people.PersonListView.as_view(), name="person-list"),
    path("people/new/", people.PersonCreateView.as_view(), name="person-create"),
    path("people/<int:pk>/", people.PersonDetailView.as_view(), name="person-detail"),
    path("people/<int:pk>/edit/", people.PersonUpdateView.as_view(), name="person-update"),
    path("profile/", people.ProfileView.as_view(), name="profile"),
    path("profile/email/", people.EmailChangeView.as_view(), name="email-change"),
    path(
        "profile/email/confirm/<str:token>/",
        people.EmailChangeConfirmView.as_view(),
        name="email-change-confirm",
    ),
    path("profile/api-key/", people.ApiTokenView.as_view(), name="api-token"),
    path("consultations/", consultations.ConsultationListView.as_view(), name="consultation-list"),
    path("consultations/new/", consultations.ConsultationCreateView.as_view(), name="consultation-create"),
    path(
        "consultations/<int:pk>/", consultations.ConsultationDetailView.as_view(), name="consultation-detail"
    ),
    path(
        "consultations/<int:pk>/edit/",
        consultations.ConsultationUpdateView.as_view(),
        name="consultation-update",
    ),
    path(
        "consultations/<int:pk>/document/",
        consultations.ConsultationDocumentView.as_view(),
        name="consultation-document",
    ),
    path(
        "consultations/<int:pk>/responses/<int:response_pk>/",
        consultations.ConsultationRespondView.as_view(),
        name="consultation-respond",
    ),
    path(
        "consultations/<int:pk>/responses/<int:response_pk>/attachment/",
        consultations.ConsultationResponseAttachmentView.as_view(),
        name="consultation-response-attachment",
    ),
    path("evidence/", evidence.EvidenceListView.as_view(), name="evidence-list"),
    path("evidence/new/", evidence.EvidenceCreateView.as_view(), name="evidence-create"),
    path("evidence/<int:pk>/", evidence.EvidenceDetailView.as_view(), name="evidence-detail"),
    path("evidence/<int:pk>/edit/", evidence.EvidenceUpdateView.as_view(), name="evidence-update"),
    path("evidence/<int:pk>/file/", evidence.EvidenceFileView.as_view(), name="evidence-file"),
]
