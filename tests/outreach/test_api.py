"""The outreach API: same rules as the forms, JSON field errors, nothing half-saved."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outreach.models import EscortDutyLog, EscortShift, Event, EventMaterial, EventPhoto

from ..factories import OfficerFactory
from .factories import JPEG_BYTES, EscortPostFactory, EscortShiftFactory, EventFactory, EventMaterialFactory, target_group

pytestmark = pytest.mark.django_db

EVENTS = "/api/outreach/events/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def event_json(**overrides):
    data = {
        "title": "一盔一带进社区", "date": "2026-11-18", "event_kind": "themed", "venue_kind": "community",
        "venue_name": "柳园街道", "audience": 300, "target_groups": ["ebike_riders", "general_public"],
        "materials": [{"material": "leaflet", "quantity": "2000"}, {"material": "helmet", "quantity": 20}],
    }
    data.update(overrides)
    return data


def test_staff_create_an_event_with_materials_in_their_brigade(api_client_for, staff_a, brigade_a, brigade_b):
    response = api_client_for(staff_a).post(EVENTS, event_json(brigade=brigade_b.pk), format="json")
    assert response.status_code == 201, response.data
    event = Event.objects.get()
    assert event.brigade == brigade_a and event.created_by == staff_a
    assert {(m["material"], m["quantity"]) for m in response.data["materials"]} == {("leaflet", 2000), ("helmet", 20)}
    assert set(event.target_groups.values_list("code", flat=True)) == {"ebike_riders", "general_public"}


@pytest.mark.parametrize("overrides, field", [
    ({"audience": -1}, "audience"),
    ({"materials": [{"material": "helmet", "quantity": "2.5"}]}, "materials"),
    ({"materials": [{"material": "leaflet", "quantity": "-3"}]}, "materials"),
    ({"materials": [{"material": "leaflet", "quantity": 1}, {"material": "leaflet", "quantity": 2}]}, "materials"),
    ({"materials": [{"material": "no-such-thing", "quantity": 1}]}, "materials"),
    ({"target_groups": ["nobody"]}, "target_groups"),
    ({"venue_name": ""}, "venue_name"),
])
def test_bad_input_is_a_json_field_error_and_nothing_saved(api_client_for, staff_a, overrides, field):
    response = api_client_for(staff_a).post(EVENTS, event_json(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Event.objects.exists() and not EventMaterial.objects.exists()


def test_another_brigades_officer_is_invalid(api_client_for, staff_a, brigade_b):
    response = api_client_for(staff_a).post(EVENTS, event_json(officers=[OfficerFactory(brigade=brigade_b).pk]), format="json")
    assert response.status_code == 400 and "officers" in response.data


def test_updating_the_materials_replaces_them(api_client_for, staff_a, brigade_a):
    event = EventFactory(brigade=brigade_a)
    EventMaterialFactory(event=event)
    response = api_client_for(staff_a).patch(
        f"{EVENTS}{event.pk}/", {"materials": [{"material": "reflective_sticker", "quantity": 800}]}, format="json"
    )
    assert response.status_code == 200, response.data
    assert [(m.material.code, m.amount) for m in event.materials.all()] == [("reflective_sticker", 800)]


def test_a_photo_is_uploaded_to_an_event_and_a_non_photo_refused(api_client_for, staff_a, brigade_a, brigade_b):
    api = api_client_for(staff_a)
    event = EventFactory(brigade=brigade_a)
    response = api.post("/api/outreach/event-photos/", {"event": event.pk, "file": SimpleUploadedFile("a.jpg", JPEG_BYTES)}, format="multipart")
    assert response.status_code == 201, response.data
    response = api.post("/api/outreach/event-photos/", {"event": event.pk, "file": SimpleUploadedFile("a.txt", b"hello")}, format="multipart")
    assert response.status_code == 400 and "file" in response.data
    other = EventFactory(brigade=brigade_b)
    response = api.post("/api/outreach/event-photos/", {"event": other.pk, "file": SimpleUploadedFile("b.jpg", JPEG_BYTES)}, format="multipart")
    assert response.status_code == 400 and "event" in response.data
    assert EventPhoto.objects.count() == 1


def test_the_event_api_list_keeps_a_constant_number_of_queries(api_client_for, staff_a, brigade_a):
    api = api_client_for(staff_a)

    def make(n):
        for _ in range(n):
            event = EventFactory(brigade=brigade_a, target_groups=[target_group("students_parents")])
            EventMaterialFactory(event=event)

    make(5)
    with CaptureQueriesContext(connection) as five:
        api.get(EVENTS)
    make(45)
    with CaptureQueriesContext(connection) as fifty:
        api.get(EVENTS)
    assert len(fifty) == len(five)


def test_a_shift_ending_before_it_starts_is_refused(api_client_for, staff_a, brigade_a):
    post = EscortPostFactory(brigade=brigade_a)
    response = api_client_for(staff_a).post("/api/outreach/escort-shifts/", {
        "post": post.pk, "weekdays": "12345", "starts_at": "21:20", "ends_at": "20:40", "active_from": "2026-09-01",
    }, format="json")
    assert response.status_code == 400 and "ends_at" in response.json()
    assert not EscortShift.objects.exists()


def test_an_officer_double_booked_at_two_schools_is_refused(api_client_for, staff_a, brigade_a):
    officer = OfficerFactory(brigade=brigade_a)
    EscortShiftFactory(brigade=brigade_a, officers=[officer])
    post = EscortPostFactory(brigade=brigade_a)
    response = api_client_for(staff_a).post("/api/outreach/escort-shifts/", {
        "post": post.pk, "weekdays": "5", "starts_at": "21:00", "ends_at": "21:40", "active_from": "2026-11-01",
        "officers": [officer.pk],
    }, format="json")
    assert response.status_code == 400 and "officers" in response.json()
    assert EscortShift.objects.count() == 1


def test_all_staffed_action_records_the_days_shifts(api_client_for, staff_a, brigade_a, leader_a, clock):
    clock(datetime.date(2026, 11, 25))  # the Friday before, and the Monday after: a day still to come
    EscortShiftFactory.create_batch(2, brigade=brigade_a)
    assert api_client_for(leader_a).post("/api/outreach/escort-duty/all-staffed/", {"date": "2026-11-20"}, format="json").status_code == 403
    response = api_client_for(staff_a).post("/api/outreach/escort-duty/all-staffed/", {"date": "2026-11-20"}, format="json")
    assert response.status_code == 201 and len(response.data) == 2
    response = api_client_for(staff_a).post("/api/outreach/escort-duty/all-staffed/", {"date": "2026-11-30"}, format="json")
    assert response.status_code == 400 and "date" in response.json()
    assert EscortDutyLog.objects.count() == 2


def test_an_exception_is_recorded_through_the_api(api_client_for, staff_a, brigade_a):
    shift = EscortShiftFactory(brigade=brigade_a)
    api = api_client_for(staff_a)
    response = api.post("/api/outreach/escort-duty/", {"shift": shift.pk, "date": "2026-11-20", "staffing": "unstaffed", "note": "警力被抽调"}, format="json")
    assert response.status_code == 201, response.data
    response = api.post("/api/outreach/escort-duty/", {"shift": shift.pk, "date": "2026-11-21", "staffing": "staffed"}, format="json")
    assert response.status_code == 400 and "shift" in response.json()  # a Saturday: not planned
