from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hazards.choices import HazardStatus
from hazards.models import Hazard, Reinspection

from ..factories import TownFactory
from .factories import HazardFactory, KeyVehicleFactory, category, party

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def test_a_hazard_from_report_to_reopen_through_the_api(api_client_for, staff_a, leader_a, brigade_a, jpeg):
    api = api_client_for(staff_a)
    town = TownFactory(brigade=brigade_a)
    response = api.post("/api/hazards/", {
        "town": town.pk, "road": "S258线", "place": "韩集路口", "category": category().pk, "description": "视线遮挡",
        "found_on": TODAY().isoformat(), "status": "signed_off",
    }, format="json")
    assert response.status_code == 201, response.data
    pk = response.data["id"]
    assert response.data["status"] == "reported"  # status is never taken from the request
    assert response.data["brigade"] == brigade_a.pk

    response = api.post(f"/api/hazards/{pk}/assign/", {"responsible_party": party().pk, "deadline": (TODAY() + timedelta(days=5)).isoformat()}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["notice_number"].startswith("甲〔")

    response = api.post(f"/api/hazards/{pk}/rectify/", {"note": "已整改"}, format="json")
    assert response.status_code == 400 and "photos" in response.data  # evidence required

    response = api.post(f"/api/hazards/{pk}/rectify/", {"note": "已整改", "photos": [jpeg()]}, format="multipart")
    assert response.status_code == 200, response.data
    assert response.data["status"] == "rectified"

    assert api.post(f"/api/hazards/{pk}/sign-off/", {}, format="json").status_code == 403
    response = api_client_for(leader_a).post(f"/api/hazards/{pk}/sign-off/", {"note": "核实"}, format="json")
    assert response.status_code == 200 and response.data["status"] == "signed_off"
    assert [t["action"] for t in response.data["transitions"]] == ["report", "assign", "rectify", "sign_off"]

    reinspection = Reinspection.objects.get(hazard_id=pk)
    response = api.post(f"/api/hazard-reinspections/{reinspection.pk}/record/", {"result": "relapsed", "note": "复发", "new_deadline": (TODAY() + timedelta(days=3)).isoformat()}, format="json")
    assert response.status_code == 200, response.data
    assert Hazard.objects.get(pk=pk).status == HazardStatus.RECTIFYING


def test_an_illegal_transition_is_a_json_400(api_client_for, staff_a, brigade_a):
    hazard = HazardFactory(brigade=brigade_a, status=HazardStatus.CLOSED, closed_on=TODAY())
    response = api_client_for(staff_a).post(f"/api/hazards/{hazard.pk}/start/", {}, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.data


def test_a_deadline_before_the_found_date_is_a_field_error(api_client_for, staff_a, brigade_a):
    hazard = HazardFactory(brigade=brigade_a, found_on=TODAY() - timedelta(days=1))
    response = api_client_for(staff_a).post(f"/api/hazards/{hazard.pk}/assign/", {
        "responsible_party": party().pk, "deadline": (TODAY() - timedelta(days=3)).isoformat(), "issued_on": (TODAY() - timedelta(days=1)).isoformat(),
    }, format="json")
    assert response.status_code == 400 and "deadline" in response.data


def test_the_api_filters_like_the_list(api_client_for, staff_a, brigade_a):
    overdue = HazardFactory(brigade=brigade_a, status=HazardStatus.RECTIFYING, rectification_deadline=TODAY() - timedelta(days=1))
    HazardFactory(brigade=brigade_a)
    response = api_client_for(staff_a).get("/api/hazards/", {"deadline_state": "overdue"})
    assert [row["id"] for row in response.data["results"]] == [overdue.pk]


def test_api_lists_keep_a_constant_number_of_queries(api_client_for, staff_a, brigade_a):
    api = api_client_for(staff_a)
    for url, factory in (("/api/hazards/", HazardFactory), ("/api/key-vehicles/", KeyVehicleFactory)):
        factory.create_batch(5, brigade=brigade_a)
        with CaptureQueriesContext(connection) as five:
            api.get(url)
        factory.create_batch(45, brigade=brigade_a)
        with CaptureQueriesContext(connection) as fifty:
            api.get(url)
        assert len(fifty) == len(five), url
