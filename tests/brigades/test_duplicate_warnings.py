"""Duplicate warnings before saving, never blocking: the same plate on the same day, a hazard within
about 50 metres of an open one, the same caller within a day. Ticked "save anyway", it saves."""

import pytest
from django.urls import reverse
from django.utils import timezone

from enforcement.models import Violation
from hazards.models import Hazard
from services.models import WorkOrder

from ..enforcement.test_views import case
from ..factories import TownFactory
from ..hazards.factories import HazardFactory
from ..hazards.test_views import hazard_form
from ..services.factories import WorkOrderFactory
from ..services.test_workorders import order_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def jpeg():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ..hazards.conftest import JPEG

    return lambda name="before.jpg": SimpleUploadedFile(name, JPEG, content_type="image/jpeg")


def drink_case(**overrides):
    """A drink-driving case with the penalties its violation code asks for."""
    return case(breath_alcohol="0.3", fine_amount="1500", points="12", licence_action="suspended", **overrides)


def test_a_violation_at_the_same_plate_and_day_shows_the_warning(client_for, staff_a, staff_b):
    client = client_for(staff_a)
    assert client.post(reverse("enforcement:violation_create"), drink_case()).status_code == 302
    first = Violation.objects.get()

    again = client.post(reverse("enforcement:violation_create"), drink_case())
    assert again.status_code == 200 and Violation.objects.count() == 1
    form = again.context["form"]
    assert [record for record, _why in form.duplicates] == [first] and "confirm_duplicate" in form.fields
    assert str(first) in again.content.decode()

    saved = client.post(reverse("enforcement:violation_create"), drink_case(confirm_duplicate="on"))
    assert saved.status_code == 302 and Violation.objects.count() == 2
    # Another plate, or another brigade's case of the same plate, is no warning.
    assert client.post(reverse("enforcement:violation_create"), drink_case(plate="鲁P00001")).status_code == 302
    assert client_for(staff_b).post(reverse("enforcement:violation_create"), drink_case()).status_code == 302


def test_a_hazard_within_50_metres_of_an_open_one_is_warned_about(client_for, staff_a, brigade_a, jpeg):
    town = TownFactory(brigade=brigade_a)
    open_one = HazardFactory(brigade=brigade_a, town=town, latitude="36.456000", longitude="115.985000")
    client = client_for(staff_a)
    near = hazard_form(town, latitude="36.456200", longitude="115.985100", photos=[jpeg("before.jpg")])  # about 24 m
    response = client.post(reverse("hazards:hazard_create"), near)
    assert response.status_code == 200 and [h for h, _m in response.context["form"].duplicates] == [open_one]
    far = hazard_form(town, latitude="36.457000", longitude="115.985000", photos=[jpeg("before.jpg")])  # about 111 m
    assert client.post(reverse("hazards:hazard_create"), far).status_code == 302
    near["confirm_duplicate"] = "on"
    near["photos"] = [jpeg("before.jpg")]
    assert client.post(reverse("hazards:hazard_create"), near).status_code == 302
    assert Hazard.objects.count() == 3


def test_the_same_caller_within_a_day_is_warned_about(client_for, staff_a, brigade_a):
    received = timezone.localtime().replace(second=0, microsecond=0)
    earlier = WorkOrderFactory(brigade=brigade_a, caller_phone="13900000000", received_at=received - timezone.timedelta(hours=5))
    client = client_for(staff_a)
    data = order_form(caller_phone="13900000000", number="GD-NEW-1", received_at=received.strftime("%Y-%m-%dT%H:%M"))
    response = client.post(reverse("services:workorder_create"), data)
    assert response.status_code == 200 and [o for o, _w in response.context["form"].duplicates] == [earlier]
    data["confirm_duplicate"] = "on"
    assert client.post(reverse("services:workorder_create"), data).status_code == 302
    assert WorkOrder.objects.count() == 2


# --- quick entry ------------------------------------------------------------------------------------


def test_quick_entry_warns_of_the_same_plate_on_the_same_day_and_saves_when_told(client_for, staff_a):
    client = client_for(staff_a)
    url = reverse("enforcement:quick_entry")
    assert client.post(url, case(breath_alcohol="0.3")).status_code == 302
    first = Violation.objects.get()

    again = client.post(url, case(breath_alcohol="0.3"), HTTP_HX_REQUEST="true")
    assert again.status_code == 200 and "saved" not in again.context and Violation.objects.count() == 1
    html = again.content.decode()
    assert 'data-testid="duplicate-warning"' in html and first.get_absolute_url() in html and "同一号牌、同一天" in html
    assert html.count('name="confirm_duplicate"') == 1  # the tick is with the warning, not among the case fields

    saved = client.post(url, case(breath_alcohol="0.3", confirm_duplicate="on"), HTTP_HX_REQUEST="true")
    assert saved.status_code == 200 and "saved" in saved.context and Violation.objects.count() == 2
    assert 'name="confirm_duplicate"' not in saved.content.decode()  # the next case starts without it
    # Another plate is no warning.
    assert client.post(url, case(breath_alcohol="0.3", plate="鲁P00001")).status_code == 302


# --- the API ----------------------------------------------------------------------------------------


def violation_payload(**overrides):
    from ..enforcement.test_api import payload

    return payload(breath_alcohol="0.3", licence_action="suspended", **overrides)


def test_an_api_client_that_says_nothing_saves_as_before_and_is_told_in_warnings(api_client_for, staff_a, staff_b):
    api = api_client_for(staff_a)
    first = api.post(reverse("api:violation-list"), violation_payload(), format="json")
    assert first.status_code == 201 and first.data["warnings"] == []
    again = api.post(reverse("api:violation-list"), violation_payload(), format="json")
    assert again.status_code == 201 and Violation.objects.count() == 2
    [warning] = again.data["warnings"]
    assert warning["id"] == first.data["id"] and warning["code"] == "possible_duplicate"
    assert warning["why"] == "同一号牌、同一天" and warning["url"] == Violation.objects.get(pk=first.data["id"]).get_absolute_url()
    # Reading says nothing; another brigade's case of the same plate is no warning.
    assert api.get(reverse("api:violation-detail", args=[first.data["id"]])).data["warnings"] == []
    other = api_client_for(staff_b).post(reverse("api:violation-list"), violation_payload(), format="json")
    assert other.status_code == 201 and other.data["warnings"] == []


def test_an_api_client_that_asks_to_be_stopped_gets_409_and_saves_with_confirmation(api_client_for, staff_a):
    api = api_client_for(staff_a)
    first = api.post(reverse("api:violation-list"), violation_payload(confirm_duplicate=False), format="json")
    assert first.status_code == 201  # nothing similar: saved
    stopped = api.post(reverse("api:violation-list"), violation_payload(confirm_duplicate=False), format="json")
    assert stopped.status_code == 409 and Violation.objects.count() == 1
    assert stopped.data["code"] == "possible_duplicate" and "confirm_duplicate" in stopped.data["detail"]
    assert [d["id"] for d in stopped.data["possible_duplicates"]] == [first.data["id"]]
    confirmed = api.post(reverse("api:violation-list"), violation_payload(confirm_duplicate=True), format="json")
    assert confirmed.status_code == 201 and confirmed.data["warnings"] == [] and Violation.objects.count() == 2
    assert "confirm_duplicate" not in confirmed.data


def test_an_api_edit_is_checked_when_it_changes_what_makes_a_duplicate(api_client_for, staff_a, brigade_a):
    from ..enforcement.factories import ViolationFactory

    day = timezone.localdate() - timezone.timedelta(days=1)
    first = ViolationFactory(brigade=brigade_a, plate="鲁P11111", date=day)
    second = ViolationFactory(brigade=brigade_a, plate="鲁P22222", date=day)
    api = api_client_for(staff_a)
    url = reverse("api:violation-detail", args=[second.pk])
    note = api.patch(url, {"note": "补录", "version": second.version, "confirm_duplicate": False}, format="json")
    assert note.status_code == 200 and note.data["warnings"] == []
    second.refresh_from_db()
    stopped = api.patch(url, {"plate": "鲁P11111", "version": second.version, "confirm_duplicate": False}, format="json")
    assert stopped.status_code == 409 and [d["id"] for d in stopped.data["possible_duplicates"]] == [first.pk]
    second.refresh_from_db()
    assert second.plate == "鲁P22222"
    saved = api.patch(url, {"plate": "鲁P11111", "version": second.version}, format="json")
    assert saved.status_code == 200 and [w["id"] for w in saved.data["warnings"]] == [first.pk]


def test_the_api_warns_of_a_hazard_near_an_open_one_and_of_the_same_caller(api_client_for, staff_a, brigade_a):
    from ..hazards.factories import category

    town = TownFactory(brigade=brigade_a)
    open_one = HazardFactory(brigade=brigade_a, town=town, latitude="36.456000", longitude="115.985000")
    api = api_client_for(staff_a)
    hazard = {"town": town.pk, "road": "S258线", "place": "韩集路口", "category": category().pk, "description": "视线遮挡",
              "found_on": timezone.localdate().isoformat(), "latitude": "36.456200", "longitude": "115.985100"}
    response = api.post("/api/hazards/", hazard, format="json")
    assert response.status_code == 201 and [w["id"] for w in response.data["warnings"]] == [open_one.pk]
    assert api.post("/api/hazards/", {**hazard, "confirm_duplicate": False}, format="json").status_code == 409
    assert Hazard.objects.count() == 2

    received = timezone.localtime().replace(second=0, microsecond=0)
    earlier = WorkOrderFactory(brigade=brigade_a, caller_phone="13900000000", received_at=received - timezone.timedelta(hours=5))
    order = {**order_form(caller_phone="13900000000", number="GD-API-1", received_at=received.isoformat())}
    order.pop("handler")
    response = api.post("/api/work-orders/", order, format="json")
    assert response.status_code == 201, response.data
    assert [w["id"] for w in response.data["warnings"]] == [earlier.pk]


def test_the_openapi_schema_documents_the_duplicate_answer(api_client_for, admin_user):
    schema = api_client_for(admin_user).get(reverse("api:schema"), {"format": "json"}).json()
    post = schema["paths"]["/api/violations/"]["post"]
    assert "409" in post["responses"]
    assert "possible_duplicates" in str(post["responses"]["409"])
    request = schema["components"]["schemas"]["ViolationRequest"]["properties"]
    assert "confirm_duplicate" in request and "warnings" not in request
    assert "warnings" in schema["components"]["schemas"]["Violation"]["properties"]
