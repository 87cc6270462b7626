from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.TodoView.as_view(), name="todo"),
    path("reminders/", views.NotificationListView.as_view(), name="notification_list"),
    path("reminders/<int:pk>/", views.NotificationDetailView.as_view(), name="notification_detail"),
    path("reminders/settings/", views.MuteSettingsView.as_view(), name="mute_settings"),
]
