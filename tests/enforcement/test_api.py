import datetime
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enforcement.models import HelmetObservation, Violation
from tests.factories import OfficerFactory, TownFactory

from .factories import OperationFactory, ViolationFactory

pytestmark = pytest.mark.django_db

YESTERDAY = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()


def payload(**overrides):
    data = {"date": YESTERDAY, "plate": "鲁P12345", "plate_type": "small_car", "vehicle_type": "car",
            "driver_name": "王五", "disposition": "penalty", "fine_amount": "1500", "points": 12}
    data.update(overrides)
    return data


def test_the_api_derives_the_alcohol_kind_like_the_form(api_client_for, staff_a, brigade_a):
    api = api_client_for(staff_a)
    response = api.post(reverse("api:violation-list"), payload(breath_alcohol="0.2", licence_action="suspended"), format="json")
    assert response.status_code == 201, response.data
    assert response.data["kind"] == "drink_driving" and response.data["bac"] == "44.0"
    # A typed alcohol kind is replaced by the one the reading gives.
    response = api.post(reverse("api:violation-list"), payload(kind="drink_driving", blood_alcohol="95", plate="鲁P54321",
                                                              fine_amount="0", licence_action="revoked"),
                        format="json")
    assert response.data["kind"] == "drunk_driving" and response.data["disposition"] == "criminal_referral"
    assert Violation.objects.filter(brigade=brigade_a).count() == 2


@pytest.mark.parametrize(("fields", "field"), [
    ({"blood_alcohol": "-1"}, "blood_alcohol"),
    ({"blood_alcohol": "2000"}, "blood_alcohol"),
    ({"breath_alcohol": "0.05"}, "breath_alcohol"),
    ({"blood_alcohol": "150", "breath_alcohol": "0.2"}, "breath_alcohol"),
    ({"breath_alcohol": "0.3", "plate": "XYZ"}, "plate"),
    ({"kind": "overloading", "rated_load": "0", "actual_load": "30"}, "rated_load"),
    ({"breath_alcohol": "0.3", "date": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()}, "date"),
    ({"kind": "drink_driving"}, "breath_alcohol"),
    ({"breath_alcohol": "0.3", "driver_id_number": "110105194912310021"}, "driver_id_number"),
])
def test_bad_input_is_a_json_field_error_and_nothing_is_saved(api_client_for, staff_a, fields, field):
    response = api_client_for(staff_a).post(reverse("api:violation-list"), payload(**fields), format="json")
    assert response.status_code == 400
    assert field in response.data, response.data
    assert not Violation.objects.exists()


def test_the_api_masks_id_numbers_in_lists_and_for_leaders(api_client_for, staff_a, leader_a, brigade_a):
    violation = ViolationFactory(brigade=brigade_a, driver_id_number="11010519491231002X")
    staff = api_client_for(staff_a)
    assert staff.get(reverse("api:violation-list")).data["results"][0]["driver_id_number"] == "110105********002X"
    assert staff.get(reverse("api:violation-detail", args=[violation.pk])).data["driver_id_number"] == "11010519491231002X"
    leader = api_client_for(leader_a)
    assert leader.get(reverse("api:violation-detail", args=[violation.pk])).data["driver_id_number"] == "110105********002X"


def test_the_api_list_filters_like_the_html_list(api_client_for, staff_a, brigade_a):
    ViolationFactory(brigade=brigade_a, kind=None, breath_alcohol=D("0.5"))
    ViolationFactory(brigade=brigade_a)
    data = api_client_for(staff_a).get(reverse("api:violation-list"), {"group": "alcohol"}).data
    assert len(data["results"]) == 1 and data["results"][0]["kind"] == "drunk_driving"


def test_an_edit_reapplies_the_rules(api_client_for, staff_a, brigade_a):
    violation = ViolationFactory(brigade=brigade_a, kind=None, breath_alcohol=D("0.2"))
    response = api_client_for(staff_a).patch(reverse("api:violation-detail", args=[violation.pk]),
                                             {"breath_alcohol": "0.5", "fine_amount": "0", "licence_action": "revoked",
                                              "version": violation.version}, format="json")
    assert response.status_code == 200, response.data
    violation.refresh_from_db()
    assert violation.kind.code == "drunk_driving" and violation.disposition == "criminal_referral"


def test_cases_are_not_deleted_through_the_api(api_client_for, staff_a, brigade_a):
    violation = ViolationFactory(brigade=brigade_a)
    assert api_client_for(staff_a).delete(reverse("api:violation-detail", args=[violation.pk])).status_code == 405


def test_the_api_list_keeps_a_constant_number_of_queries(api_client_for, staff_a, brigade_a):
    api = api_client_for(staff_a)
    officer = OfficerFactory(brigade=brigade_a)
    ViolationFactory.create_batch(5, brigade=brigade_a, officers=[officer])
    with CaptureQueriesContext(connection) as five:
        api.get(reverse("api:violation-list"))
    ViolationFactory.create_batch(45, brigade=brigade_a, officers=[officer])
    with CaptureQueriesContext(connection) as fifty:
        api.get(reverse("api:violation-list"))
    assert len(fifty) == len(five)


def test_helmet_observation_with_more_wearing_than_seen_is_refused(api_client_for, staff_a, brigade_a):
    town = TownFactory(brigade=brigade_a)
    response = api_client_for(staff_a).post(reverse("api:helmetobservation-list"), {
        "town": town.pk, "date": YESTERDAY, "riders_seen": 100, "riders_wearing": 101}, format="json")
    assert response.status_code == 400 and "riders_wearing" in response.data
    assert not HelmetObservation.objects.exists()


def test_a_covered_brigade_cannot_edit_a_detachment_wide_operation(api_client_for, staff_b, brigade_a):
    operation = OperationFactory(brigade=brigade_a, is_detachment_wide=True)
    api = api_client_for(staff_b)
    assert api.get(reverse("api:operation-detail", args=[operation.pk])).status_code == 200
    assert api.patch(reverse("api:operation-detail", args=[operation.pk]), {"name": "x"}, format="json").status_code == 404
