"""The daily counter tally: one screen per service point and day, re-entry edits, bad cells refused."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from services import operations, rules, selectors
from services.choices import CountScheme
from services.models import CounterCount, CounterDay

from .factories import (
    CounterCountFactory,
    ServicePointFactory,
    car_theory_exam,
    ebike_plate,
    motorcycle_exam,
)

pytestmark = pytest.mark.django_db


# --- rules ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sat", "passed", "made", "refused"), [
    (10, 10, 10, set()),
    (10, 11, 0, {"passed"}),
    (10, 9, 9, set()),
    (10, 9, 10, {"licences_made"}),
    (0, 0, 0, set()),
    (-1, 0, 0, {"sat"}),
])
def test_exam_with_licence_boundaries(sat, passed, made, refused):
    errors = rules.counter_count_errors(CountScheme.EXAM_WITH_LICENCE, sat=sat, passed=passed, licences_made=made)
    assert set(errors) == refused


def test_licences_are_not_checked_where_the_type_makes_none():
    assert rules.counter_count_errors(CountScheme.EXAM, sat=5, passed=5, licences_made=9) == {}
    assert rules.counter_count_errors(CountScheme.HANDLED, handled=300) == {}
    assert set(rules.counter_count_errors(CountScheme.HANDLED, handled=-3)) == {"handled"}


# --- operation ---------------------------------------------------------------------------------------------------


def test_entering_a_day_again_updates_it_and_never_duplicates(staff_a, brigade_a):
    point = ServicePointFactory(brigade=brigade_a)
    exam, plates = motorcycle_exam(), ebike_plate()
    day = timezone.localdate()
    first, created = operations.counter_day_record(
        brigade=brigade_a, service_point=point, date=day, by=staff_a,
        counts={exam: {"sat": 30, "passed": 25, "licences_made": 25}, plates: {"handled": 80}},
    )
    assert created
    again, created = operations.counter_day_record(
        brigade=brigade_a, service_point=point, date=day, by=staff_a, extended_hours=True,
        counts={exam: {"sat": 31, "passed": 26, "licences_made": 24}, plates: {"handled": 0}},
    )
    assert not created and again.pk == first.pk and again.extended_hours
    assert CounterDay.objects.count() == 1
    assert list(CounterCount.objects.values_list("business_type__code", "sat", "passed", "licences_made")) == [
        ("motorcycle_exam", 31, 26, 24)
    ]


def test_one_bad_cell_refuses_the_whole_day(staff_a, brigade_a):
    point = ServicePointFactory(brigade=brigade_a)
    exam, plates = motorcycle_exam(), ebike_plate()
    with pytest.raises(ValidationError) as refused:
        operations.counter_day_record(
            brigade=brigade_a, service_point=point, date=timezone.localdate(), by=staff_a,
            counts={plates: {"handled": 50}, exam: {"sat": 10, "passed": 12}},
        )
    assert "motorcycle_exam-passed" in refused.value.message_dict
    assert not CounterDay.objects.exists() and not CounterCount.objects.exists()


def test_another_brigades_point_and_a_future_day_are_refused(staff_a, brigade_a, brigade_b):
    plates = ebike_plate()
    with pytest.raises(ValidationError):
        operations.counter_day_record(brigade=brigade_a, service_point=ServicePointFactory(brigade=brigade_b),
                                      date=timezone.localdate(), by=staff_a, counts={plates: {"handled": 1}})
    with pytest.raises(ValidationError):
        operations.counter_day_record(brigade=brigade_a, service_point=ServicePointFactory(brigade=brigade_a),
                                      date=timezone.localdate() + timedelta(days=1), by=staff_a,
                                      counts={plates: {"handled": 1}})


# --- the screen ----------------------------------------------------------------------------------------------------


def grid(point, day, **cells):
    data = {"service_point": point.pk, "date": day.isoformat(), "note": ""}
    data.update({key.replace("__", "-"): value for key, value in cells.items()})
    return data


def test_the_screen_shows_every_business_type_with_only_its_counts(client_for, staff_a, brigade_a):
    ServicePointFactory(brigade=brigade_a)
    motorcycle_exam(), car_theory_exam(), ebike_plate()
    page = client_for(staff_a).get(reverse("services:counter_tally"))
    form = page.context["form"]
    assert form["service_point"].value() is not None  # the only point is picked
    assert form["date"].value() == timezone.localdate()
    assert {"motorcycle_exam-licences_made", "car_theory_exam-passed", "ebike_plate-handled"} <= set(form.fields)
    assert "car_theory_exam-licences_made" not in form.fields and "ebike_plate-sat" not in form.fields
    assert 'type="number"' in page.content.decode()


def test_saving_then_reopening_the_day_loads_it_for_editing(client_for, staff_a, brigade_a):
    point = ServicePointFactory(brigade=brigade_a)
    motorcycle_exam(), ebike_plate()
    client = client_for(staff_a)
    day = timezone.localdate() - timedelta(days=1)
    response = client.post(reverse("services:counter_tally"), grid(
        point, day, motorcycle_exam__sat=20, motorcycle_exam__passed=18, motorcycle_exam__licences_made=18,
        ebike_plate__handled=40, weekend_service="on"))
    assert response.status_code == 302
    reopened = client.get(reverse("services:counter_tally"), {"service_point": point.pk, "date": day.isoformat()})
    assert reopened.context["day"] is not None
    assert reopened.context["form"]["motorcycle_exam-passed"].value() == 18
    assert reopened.context["form"]["weekend_service"].value() is True
    client.post(reverse("services:counter_tally"), grid(point, day, motorcycle_exam__sat=21, motorcycle_exam__passed=18,
                                                        motorcycle_exam__licences_made=18, ebike_plate__handled=40))
    assert CounterDay.objects.count() == 1
    assert CounterCount.objects.get(business_type__code="motorcycle_exam").sat == 21


@pytest.mark.parametrize(("cells", "field", "words"), [
    ({"motorcycle_exam__sat": 10, "motorcycle_exam__passed": 11}, "motorcycle_exam-passed", "不能多于考试人数"),
    ({"motorcycle_exam__sat": 10, "motorcycle_exam__passed": 8, "motorcycle_exam__licences_made": 9},
     "motorcycle_exam-licences_made", "不能多于合格人数"),
    ({"ebike_plate__handled": -4}, "ebike_plate-handled", "不能为负数"),
])
def test_bad_cells_are_refused_next_to_the_cell_and_nothing_saved(cells, field, words, client_for, staff_a, brigade_a):
    point = ServicePointFactory(brigade=brigade_a)
    motorcycle_exam(), ebike_plate()
    response = client_for(staff_a).post(reverse("services:counter_tally"), grid(point, timezone.localdate(), **cells))
    assert response.status_code == 200
    assert words in response.context["form"].errors[field][0]
    assert 'data-testid="cell-error"' in response.content.decode()
    assert not CounterDay.objects.exists()


def test_another_brigades_point_is_not_offered(client_for, staff_a, brigade_a, brigade_b):
    other = ServicePointFactory(brigade=brigade_b)
    ebike_plate()
    response = client_for(staff_a).post(reverse("services:counter_tally"),
                                        grid(other, timezone.localdate(), ebike_plate__handled=3))
    assert "service_point" in response.context["form"].errors
    assert not CounterDay.objects.exists()


def test_editing_a_day_opens_the_tally_on_it(client_for, staff_a, brigade_a):
    count = CounterCountFactory(brigade=brigade_a)
    response = client_for(staff_a).get(reverse("services:counterday_update", args=[count.counter_day_id]))
    assert response.status_code == 302
    assert f"service_point={count.counter_day.service_point_id}" in response["Location"]


def test_the_day_list_keeps_a_constant_number_of_queries(client_for, staff_a, brigade_a):
    client = client_for(staff_a)
    for _ in range(5):
        CounterCountFactory(brigade=brigade_a)
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("services:counterday_list"))
    for _ in range(20):
        CounterCountFactory(brigade=brigade_a)
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("services:counterday_list"))
    assert len(more) == len(five)


# --- API -------------------------------------------------------------------------------------------------------------


def test_the_api_writes_a_day_through_the_same_operation(api_client_for, staff_a, brigade_a):
    point = ServicePointFactory(brigade=brigade_a)
    motorcycle_exam(), ebike_plate()
    api = api_client_for(staff_a)
    body = {"service_point": point.pk, "date": timezone.localdate().isoformat(), "counts": [
        {"business_type": "motorcycle_exam", "sat": 12, "passed": 10, "licences_made": 10},
        {"business_type": "ebike_plate", "handled": 33},
    ]}
    assert api.post("/api/counter-days/", body, format="json").status_code == 201
    body["counts"][1]["handled"] = 34
    again = api.post("/api/counter-days/", body, format="json")
    assert again.status_code == 200
    assert CounterDay.objects.count() == 1 and CounterCount.objects.get(business_type__code="ebike_plate").handled == 34
    body["counts"][0]["passed"] = 13
    refused = api.post("/api/counter-days/", body, format="json")
    assert refused.status_code == 400 and "motorcycle_exam-passed" in refused.data


# --- figures -----------------------------------------------------------------------------------------------------------


def test_figures_per_business_type_and_pass_rates(staff_a, brigade_a, brigade_b):
    exam, theory, plates = motorcycle_exam(), car_theory_exam(), ebike_plate()
    day = timezone.localdate()
    for brigade, sat in ((brigade_a, 40), (brigade_b, 99)):
        operations.counter_day_record(
            brigade=brigade, service_point=ServicePointFactory(brigade=brigade), date=day, by=staff_a,
            counts={exam: {"sat": sat, "passed": 30, "licences_made": 28}, theory: {"sat": 10, "passed": 6},
                    plates: {"handled": 70}})
    old = ServicePointFactory(brigade=brigade_a)
    operations.counter_day_record(brigade=brigade_a, service_point=old, date=day - timedelta(days=400), by=staff_a,
                                  counts={plates: {"handled": 5}})
    figures = selectors.counter_figures([brigade_a.pk], day - timedelta(days=30), day)
    moto = figures["by_code"]["motorcycle_exam"]
    assert (moto["sat"], moto["passed"], moto["licences_made"], moto["pass_rate"]) == (40, 30, 28, 75.0)
    assert figures["by_code"]["car_theory_exam"]["pass_rate"] == 60.0
    assert figures["by_code"]["ebike_plate"]["handled"] == 70
    assert (figures["exam_sat"], figures["exam_passed"], figures["exam_pass_rate"]) == (50, 36, 72.0)
    assert figures["total"] == 40 + 10 + 70
