from django.urls import path

from . import views

# (prefix, viewset, basename): config/api_urls.py registers every app's routes on one router.
routes = [
    ("brigades", views.BrigadeViewSet, "brigade"),
    ("jurisdictions", views.JurisdictionViewSet, "jurisdiction"),
    ("squadrons", views.SquadronViewSet, "squadron"),
    ("towns", views.TownViewSet, "town"),
    ("officers", views.OfficerViewSet, "officer"),
]

urlpatterns = [
    path("figures/", views.FiguresView.as_view(), name="figures"),
]
