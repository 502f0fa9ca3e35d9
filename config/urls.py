from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("partnership.urls")),
    path("accounts/", include("partnership.account_urls")),
    path("meetings/", include("meetings.urls")),
    path("projects/", include("projects.urls")),
    path("funding/", include("funding.urls")),
    path("reminders/", include("reminders.urls")),
    path("django-admin/", admin.site.urls),
]
