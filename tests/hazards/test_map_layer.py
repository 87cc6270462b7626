"""The open hazards layer of the detachment dashboard's map: GeoJSON, scoped, overdue marked."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from brigades.figures.registry import registry
from hazards.choices import HazardStatus

from .factories import HazardFactory

pytestmark = pytest.mark.django_db
URL = reverse("hazards:open_hazards_geojson")


def place(**fields):
    return HazardFactory(latitude=Decimal("36.45"), longitude=Decimal("115.98"), **fields)


def test_the_layer_is_registered_for_the_dashboard_map():
    assert any(layer.url_name == "hazards:open_hazards_geojson" for layer in registry.map_layers())


def test_open_hazards_with_coordinates_only_overdue_marked(client_for, staff_a, brigade_a):
    today = timezone.localdate()
    late = place(brigade=brigade_a, status=HazardStatus.ASSIGNED, rectification_deadline=today - timedelta(days=2))
    place(brigade=brigade_a, status=HazardStatus.SIGNED_OFF)
    HazardFactory(brigade=brigade_a, status=HazardStatus.REPORTED, latitude=None, longitude=None)
    data = client_for(staff_a).get(URL).json()
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["properties"]["url"] == late.get_absolute_url()
    assert feature["properties"]["overdue"] is True
    assert feature["geometry"]["coordinates"] == [115.98, 36.45]


def test_another_brigades_hazards_never_appear(client_for, staff_b, brigade_a, detachment_leader, brigade_b):
    place(brigade=brigade_a, status=HazardStatus.REPORTED)
    assert client_for(staff_b).get(URL).json()["features"] == []
    assert len(client_for(detachment_leader).get(URL).json()["features"]) == 1
    assert client_for(detachment_leader).get(URL, {"brigade": brigade_b.pk}).json()["features"] == []
