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
