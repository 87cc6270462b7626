from django.urls import path

from . import views

app_name = "brigades"

urlpatterns = [
    path("", views.BrigadeListView.as_view(), name="brigade_list"),
    path("<int:pk>/", views.BrigadeDetailView.as_view(), name="brigade_detail"),
    path("officers/", views.OfficerListView.as_view(), name="officer_list"),
    path("officers/new/", views.OfficerCreateView.as_view(), name="officer_create"),
    path("officers/<int:pk>/", views.OfficerDetailView.as_view(), name="officer_detail"),
    path("officers/<int:pk>/edit/", views.OfficerUpdateView.as_view(), name="officer_update"),
]
