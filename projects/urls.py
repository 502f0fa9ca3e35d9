from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    path("export.csv", views.ProjectExportView.as_view(), {"format": "csv"}, name="export-csv"),
    path("export.xlsx", views.ProjectExportView.as_view(), {"format": "xlsx"}, name="export-xlsx"),
    path("new/", views.ProjectCreateView.as_view(), name="create"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/confirm/", views.ConfirmImportView.as_view(), name="import-confirm"),
    path("import/template.csv", views.ImportTemplateView.as_view(), {"format": "csv"}, name="template-csv"),
    path(
        "import/template.xlsx", views.ImportTemplateView.as_view(), {"format": "xlsx"}, name="template-xlsx"
    ),
    path("outcome-kinds/", views.OutcomeKindListView.as_view(), name="outcome-kinds"),
    path("outcome-kinds/new/", views.OutcomeKindCreateView.as_view(), name="outcome-kind-create"),
    path("outcome-kinds/<int:pk>/edit/", views.OutcomeKindUpdateView.as_view(), name="outcome-kind-edit"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ProjectEditView.as_view(), name="edit"),
    path("<int:pk>/milestones/", views.MilestonesView.as_view(), name="milestones"),
    path("<int:pk>/contributions/", views.ContributionsView.as_view(), name="contributions"),
    path("<int:pk>/outcomes/targets/", views.OutcomeTargetsView.as_view(), name="outcome-targets"),
    path("<int:pk>/outcomes/new/", views.OutcomeReportCreateView.as_view(), name="outcome-report-create"),
    path("<int:pk>/updates/new/", views.ProgressUpdateCreateView.as_view(), name="progress-update-create"),
]
