from django.urls import path

from . import views

routes = [("reminders", views.NotificationViewSet, "notification")]

urlpatterns = [path("todo/", views.TodoView.as_view(), name="todo")]
