from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("preferences/", views.PreferenceView.as_view(), name="preferences"),
    path("settings/", views.KindSettingListView.as_view(), name="settings"),
    path("settings/<str:kind>/", views.KindSettingUpdateView.as_view(), name="setting-update"),
    path("deliveries/<int:pk>/resend/", views.ResendView.as_view(), name="resend"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("<str:model>/<int:pk>/", views.RecordRemindersView.as_view(), name="record"),
]
