from django.urls import path

from . import views

app_name = "overview"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("reviews/<int:pk>/pack/", views.ReviewPackView.as_view(), name="review-pack"),
    path("reviews/<int:pk>/pack.xlsx", views.ReviewPackDownloadView.as_view(), name="review-pack-xlsx"),
    path("reviews/<int:pk>/pack.pdf", views.ReviewPackPdfView.as_view(), name="review-pack-pdf"),
]
