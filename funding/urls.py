from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("", views.PipelineView.as_view(), name="pipeline"),
    path("export.csv", views.PipelineExportView.as_view(), {"format": "csv"}, name="pipeline-csv"),
    path("export.xlsx", views.PipelineExportView.as_view(), {"format": "xlsx"}, name="pipeline-xlsx"),
    path("opportunities/", views.OpportunityListView.as_view(), name="opportunity-list"),
    path("opportunities/new/", views.OpportunityCreateView.as_view(), name="opportunity-create"),
    path("opportunities/<int:pk>/", views.OpportunityDetailView.as_view(), name="opportunity-detail"),
    path("opportunities/<int:pk>/edit/", views.OpportunityUpdateView.as_view(), name="opportunity-update"),
    path("bids/new/", views.BidCreateView.as_view(), name="bid-create"),
    path("bids/<int:pk>/", views.BidDetailView.as_view(), name="bid-detail"),
    path("bids/<int:pk>/edit/", views.BidUpdateView.as_view(), name="bid-update"),
]
