import datetime
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enforcement.models import Violation
from tests.factories import OfficerFactory, SquadronFactory, TownFactory

from .factories import DeploymentFactory, OperationFactory, ViolationFactory, kind

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def case(**overrides):
    data = {"date": YESTERDAY.isoformat(), "time": "22:30", "kind": "", "plate": "鲁P12345", "plate_type": "small_car",
            "vehicle_type": "car", "driver_name": "李四", "driver_id_number": "", "disposition": "penalty",
            "fine_amount": "0", "points": "0", "licence_action": "none"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


#: What the law attaches to drink and drunk driving (the seeded codes 17110 and 17120).
DRINK = {"fine_amount": "1500", "points": "12", "licence_action": "suspended"}
DRUNK = {"fine_amount": "0", "points": "12", "licence_action": "revoked"}


def post_case(client, **overrides):
    return client.post(reverse("enforcement:violation_create"), case(**overrides))


def test_the_alcohol_kind_is_derived_from_a_breath_reading(client_for, staff_a, brigade_a):
    response = post_case(client_for(staff_a), breath_alcohol="0.25", **DRINK)
    assert response.status_code == 302
    violation = Violation.objects.get()
    assert violation.kind.code == "drink_driving" and violation.bac == D("55.0")
    assert violation.brigade == brigade_a and violation.created_by == staff_a


def test_a_typed_alcohol_kind_is_overridden_by_the_reading_and_drunk_is_referred(client_for, staff_a):
    drink = kind("drink_driving")
    response = post_case(client_for(staff_a), kind=str(drink.pk), blood_alcohol="80", disposition="penalty", **DRUNK)
    assert response.status_code == 302
    violation = Violation.objects.get()
    assert violation.kind.code == "drunk_driving" and violation.disposition == "criminal_referral"


@pytest.mark.parametrize(("fields", "field", "text"), [
    ({"blood_alcohol": "-1"}, "blood_alcohol", "负"),
    ({"blood_alcohol": "2000"}, "blood_alcohol", "核对"),
    ({"breath_alcohol": "0.05"}, "breath_alcohol", "不构成"),
    ({"blood_alcohol": "150", "breath_alcohol": "0.2"}, "breath_alcohol", "不一致"),
    ({"plate": "ABC123"}, "plate", "号牌"),
    ({"driver_id_number": "110105194912310021"}, "driver_id_number", "校验"),
    ({"date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(), "breath_alcohol": "0.3"}, "date", "未来"),
    ({"kind": "ALCOHOL"}, "breath_alcohol", ""),
])
def test_bad_input_is_refused_beside_the_field_in_chinese_and_nothing_saved(client_for, staff_a, fields, field, text):
    if fields.get("kind") == "ALCOHOL":
        fields = {"kind": str(kind("drink_driving").pk)}
        text = "呼气或血液"
    response = post_case(client_for(staff_a), **fields)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert text in " ".join(errors[field])
    assert not Violation.objects.exists()


def test_a_rated_load_of_zero_is_refused(client_for, staff_a):
    response = post_case(client_for(staff_a), kind=str(kind("overloading").pk), vehicle_type="heavy_truck",
                         plate_type="large_car", rated_load="0", actual_load="40")
    assert "rated_load" in response.context["form"].errors
    assert not Violation.objects.exists()


def test_an_overloaded_truck_gets_percent_band_and_hundred_tonne(client_for, staff_a):
    response = post_case(client_for(staff_a), kind=str(kind("overloading").pk), vehicle_type="heavy_truck",
                         plate_type="large_car", rated_load="31", actual_load="62", gross_mass="101",
                         panels_cut="on", tonnes_unloaded="31", vehicle_detained="on", fine_amount="2000", points="6")
    assert response.status_code == 302, response.context["form"].errors
    violation = Violation.objects.get()
    assert (violation.overload_percent, violation.overload_band, violation.hundred_tonne) == (D("100.0"), "100_plus", True)


def test_drink_driving_cannot_get_a_warning(client_for, staff_a):
    response = post_case(client_for(staff_a), breath_alcohol="0.2", disposition="warning")
    assert "disposition" in response.context["form"].errors


def test_the_form_offers_one_alcohol_choice_and_only_own_squadrons(client_for, staff_a, brigade_a, brigade_b):
    own, other = SquadronFactory(brigade=brigade_a), SquadronFactory(brigade=brigade_b)
    form = client_for(staff_a).get(reverse("enforcement:violation_create")).context["form"]
    codes = set(form.fields["kind"].queryset.values_list("code", flat=True))
    assert "drink_driving" in codes and "drunk_driving" not in codes
    assert list(form.fields["squadron"].queryset) == [own] and other not in form.fields["squadron"].queryset
    assert form.initial["date"] == timezone.localdate()


def test_a_case_of_a_detachment_wide_operation_of_another_brigade(client_for, staff_a, brigade_a, brigade_b):
    wide = OperationFactory(brigade=brigade_b, is_detachment_wide=True)
    private = OperationFactory(brigade=brigade_b)
    client = client_for(staff_a)
    assert post_case(client, breath_alcohol="0.3", operation=str(wide.pk), **DRINK).status_code == 302
    assert Violation.objects.get().operation == wide
    response = post_case(client, breath_alcohol="0.3", operation=str(private.pk), plate="鲁P54321")
    assert "operation" in response.context["form"].errors


def test_the_list_filters_and_masks_id_numbers(client_for, staff_a, brigade_a):
    ViolationFactory(brigade=brigade_a, breath_alcohol=D("0.5"), kind=None, driver_id_number="11010519491231002X")
    ViolationFactory(brigade=brigade_a, plate="鲁P99999")
    client = client_for(staff_a)
    page = client.get(reverse("enforcement:violation_list"), {"group": "alcohol"})
    rows = page.context["table"].rows
    assert len(rows) == 1
    body = page.content.decode()
    assert "110105********002X" in body and "11010519491231002X" not in body
    assert len(client.get(reverse("enforcement:violation_list"), {"plate": "99999"}).context["table"].rows) == 1
    assert len(client.get(reverse("enforcement:violation_list"), {"kind": "drunk_driving"}).context["table"].rows) == 1


def test_the_excel_export_masks_id_numbers(client_for, staff_a, brigade_a):
    ViolationFactory(brigade=brigade_a, driver_id_number="11010519491231002X")
    response = client_for(staff_a).get(reverse("enforcement:violation_list"), {"_export": "csv"})
    content = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "110105********002X" in content and "11010519491231002X" not in content


def test_detail_shows_the_full_number_to_staff_and_masked_to_leaders(client_for, staff_a, leader_a, brigade_a):
    violation = ViolationFactory(brigade=brigade_a, driver_id_number="11010519491231002X")
    url = reverse("enforcement:violation_detail", args=[violation.pk])
    assert "11010519491231002X" in client_for(staff_a).get(url).content.decode()
    page = client_for(leader_a).get(url).content.decode()
    assert "11010519491231002X" not in page and "110105********002X" in page


def test_the_history_of_an_edited_case(client_for, staff_a, brigade_a):
    violation = ViolationFactory(brigade=brigade_a)
    client = client_for(staff_a)
    data = case(kind=str(violation.kind_id), plate=violation.plate, fine_amount="100", version=violation.version)
    assert client.post(reverse("enforcement:violation_update", args=[violation.pk]), data).status_code == 302
    page = client.get(reverse("enforcement:violation_detail", args=[violation.pk]))
    assert page.context["history_entries"][0]["version"].history_user == staff_a


def test_the_violation_list_keeps_a_constant_number_of_queries(client_for, staff_a, brigade_a):
    client = client_for(staff_a)
    operation = OperationFactory(brigade=brigade_a)
    town, squadron = TownFactory(brigade=brigade_a), SquadronFactory(brigade=brigade_a)
    ViolationFactory.create_batch(5, brigade=brigade_a, operation=operation, town=town, squadron=squadron)
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("enforcement:violation_list"))
    ViolationFactory.create_batch(45, brigade=brigade_a, operation=operation, town=town, squadron=squadron)
    with CaptureQueriesContext(connection) as fifty:
        client.get(reverse("enforcement:violation_list"))
    assert len(fifty) == len(five)


def test_a_leader_reads_but_cannot_enter(client_for, leader_a):
    client = client_for(leader_a)
    assert client.get(reverse("enforcement:violation_list")).status_code == 200
    assert client.get(reverse("enforcement:violation_create")).status_code == 403
    assert client.get(reverse("enforcement:quick_entry")).status_code == 403


# --- quick entry ----------------------------------------------------------------------------

def test_quick_entry_keeps_the_operation_date_and_officers_between_cases(client_for, staff_a, brigade_a):
    operation = OperationFactory(brigade=brigade_a)
    deployment = DeploymentFactory(brigade=brigade_a, operation=operation)
    squadron = SquadronFactory(brigade=brigade_a)
    officers = OfficerFactory.create_batch(2, brigade=brigade_a, squadron=squadron)
    client = client_for(staff_a)
    url = reverse("enforcement:quick_entry")
    first = case(operation=str(operation.pk), deployment=str(deployment.pk), squadron=str(squadron.pk),
                 road="G220", breath_alcohol="0.3", time="", **DRINK)
    first["officers"] = [str(o.pk) for o in officers]
    assert client.post(url, first).status_code == 302
    page = client.get(url)
    initial = page.context["form"].initial
    assert initial["operation"] == str(operation.pk) and initial["deployment"] == str(deployment.pk)
    assert initial["officers"] == [str(o.pk) for o in officers] and initial["road"] == "G220"
    assert initial["date"] == YESTERDAY.isoformat()
    second = {**first, "plate": "鲁P22222", "breath_alcohol": "0.5", **DRUNK}
    response = client.post(url, second, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "saved" in response.context
    assert [c.plate for c in response.context["recent"]] == ["鲁P22222", "鲁P12345"]
    assert response.context["form"]["plate"].value() in (None, "")
    assert Violation.objects.filter(operation=operation, deployment=deployment).count() == 2
    assert set(Violation.objects.get(plate="鲁P22222").officers.all()) == set(officers)


def test_quick_entry_shows_errors_and_saves_nothing(client_for, staff_a):
    response = client_for(staff_a).post(reverse("enforcement:quick_entry"), case(breath_alcohol="0.05"),
                                        HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "breath_alcohol" in response.context["form"].errors
    assert not Violation.objects.exists()


# --- operations -----------------------------------------------------------------------------

def test_the_operation_page_counts_cases_by_kind_day_checkpoint_and_goals(client_for, staff_a, brigade_a):
    operation = OperationFactory(brigade=brigade_a, goal_cases=4, goal_alcohol_cases=2)
    checkpoint = DeploymentFactory(brigade=brigade_a, operation=operation, place="刘集卡点")
    ViolationFactory(brigade=brigade_a, operation=operation, deployment=checkpoint, kind=None, breath_alcohol=D("0.3"))
    ViolationFactory(brigade=brigade_a, operation=operation, deployment=checkpoint, kind=None, blood_alcohol=D("90"))
    ViolationFactory(brigade=brigade_a, operation=operation)
    page = client_for(staff_a).get(reverse("enforcement:operation_detail", args=[operation.pk]))
    context = page.context
    assert context["totals"] == {"cases": 3, "alcohol": 2, "overload": 0, "referrals": 1}
    assert {r["kind__name"]: r["n"] for r in context["by_kind"]} == {"饮酒驾驶": 1, "醉酒驾驶": 1, "未戴安全头盔": 1}
    assert {r["deployment__place"]: r["n"] for r in context["by_checkpoint"]} == {"刘集卡点": 2, None: 1}
    goals = {g["key"]: g for g in context["goals"]}
    assert goals["cases"]["percent"] == 75 and goals["alcohol"]["reached"]
    assert context["deployments"][0].cases == 2


def test_a_detachment_wide_operation_is_seen_by_every_brigade_but_edited_by_its_own(
        client_for, staff_a, staff_b, brigade_a, brigade_b):
    operation = OperationFactory(brigade=brigade_a, is_detachment_wide=True)
    client = client_for(staff_b)
    assert client.get(reverse("enforcement:operation_detail", args=[operation.pk])).status_code == 200
    assert client.get(reverse("enforcement:operation_update", args=[operation.pk])).status_code == 404
    response = client.post(reverse("enforcement:deployment_create", args=[operation.pk]), {
        "kind": "checkpoint", "place": "乙卡点", "date": YESTERDAY.isoformat(), "start_time": "21:00",
        "end_time": "01:00", "vehicles_deployed": "2"})
    assert response.status_code == 302
    assert operation.deployments.get().brigade == brigade_b


def test_a_deployment_outside_the_operation_dates_is_refused(client_for, staff_a, brigade_a):
    operation = OperationFactory(brigade=brigade_a)
    response = client_for(staff_a).post(reverse("enforcement:deployment_create", args=[operation.pk]), {
        "kind": "patrol", "place": "城区", "date": (operation.start_date - datetime.timedelta(days=1)).isoformat(),
        "start_time": "21:00", "end_time": "23:00", "vehicles_deployed": "1"})
    assert "date" in response.context["form"].errors


def test_an_operation_ending_before_it_starts_is_refused(client_for, staff_a):
    response = client_for(staff_a).post(reverse("enforcement:operation_create"), {
        "name": "夏季行动", "kind": "summer", "start_date": "2026-07-01", "end_date": "2026-06-01"})
    assert "end_date" in response.context["form"].errors
