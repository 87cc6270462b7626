"""Each headline figure of the services app agrees with its selector on the same data, and links to
a list that accepts its filter parameters."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from brigades.figures.registry import registry
from services import operations, rules, selectors
from services.choices import StandardBusiness

from .factories import (
    BusinessTypeFactory,
    CommandCentreDayFactory,
    FastAccidentFactory,
    PermitFactory,
    ReliefAdvanceFactory,
    ReliefTargetFactory,
    ServicePointFactory,
    WorkOrderFactory,
    car_theory_exam,
    ebike_plate,
    motorcycle_exam,
)

pytestmark = pytest.mark.django_db

SERVICES_METRICS = [m for m in registry if m.key.startswith("services.")]


@pytest.fixture
def data(brigade_a, brigade_b, staff_a, staff_b):
    today = timezone.localdate()
    now = timezone.now()
    types = {"motorcycle_exam": motorcycle_exam(), "car_theory_exam": car_theory_exam(), "ebike_plate": ebike_plate()}
    for code in StandardBusiness.values:
        types.setdefault(code, BusinessTypeFactory(code=code))
    for brigade, user, scale in ((brigade_a, staff_a, 1), (brigade_b, staff_b, 3)):
        point = ServicePointFactory(brigade=brigade)
        for offset in (0, 2, 40):
            operations.counter_day_record(
                brigade=brigade, service_point=point, date=today - timedelta(days=offset), by=user,
                counts={types["motorcycle_exam"]: {"sat": 20 * scale, "passed": 15, "licences_made": 14},
                        types["car_theory_exam"]: {"sat": 9, "passed": 7 + offset % 2},
                        types["ebike_plate"]: {"handled": 33 + offset},
                        types["driver_review"]: {"handled": 4}})
        for hours, satisfaction in ((2, "satisfied"), (30, "dissatisfied"), (5, "not_reached")):
            order = WorkOrderFactory(brigade=brigade, received_at=now - timedelta(days=1), due_at=now - timedelta(hours=4))
            operations.workorder_take(order=order, by=user)
            operations.workorder_reply(order=order, by=user, reply="答复",
                                       replied_at=min(order.received_at + timedelta(hours=hours), now))
            operations.workorder_close(order=order, by=user, satisfaction=satisfaction, follow_up="复核")
        WorkOrderFactory(brigade=brigade, received_at=now - timedelta(days=3))
        for minutes, channel in ((12, "video_12123"), (45, "on_site"), (None, "online_self")):
            reported = now - timedelta(days=2)
            FastAccidentFactory(brigade=brigade, reported_at=reported, channel=channel,
                                liability_noticed_at=reported + timedelta(minutes=minutes) if minutes else None)
        CommandCentreDayFactory(brigade=brigade, date=today - timedelta(days=1), consultation_calls=15 * scale,
                                help_calls=2, complaint_calls=1, congestion_reports=3, accident_reports=1, other_calls=9,
                                patient_escorts=1, bad_weather_responses=1, video_patrols=3, bulletins_issued=1)
        approved = PermitFactory(brigade=brigade)
        operations.permit_approve(permit=approved, by=user)
        PermitFactory(brigade=brigade)
        advance = ReliefAdvanceFactory(brigade=brigade, advanced_on=today - timedelta(days=5),
                                       amount_requested=30000 * scale, amount_advanced=25000 * scale)
        operations.relief_recover(advance=advance, by=user, amount=4000 * scale, day=today - timedelta(days=1),
                                  source="insurer")
        ReliefTargetFactory(brigade=brigade, month=today.replace(day=1), advances_target=scale)
    return today - timedelta(days=30), today


def selector_values(brigade_ids, start, end):
    counter = selectors.counter_figures(brigade_ids, start, end)
    hotline = selectors.workorder_figures(brigade_ids, start, end)
    accidents = selectors.fast_accident_figures(brigade_ids, start, end)
    command = selectors.command_centre_figures(brigade_ids, start, end)
    values = {
        "services.counter_business_total": counter["total"],
        "services.exam_sat": counter["exam_sat"],
        "services.exam_passed": counter["exam_passed"],
        "services.workorders_received": hotline["received"],
        "services.workorders_replied": hotline["replied"],
        "services.workorders_replied_on_time": hotline["on_time"],
        "services.workorders_surveyed": hotline["surveyed"],
        "services.workorders_satisfied": hotline["satisfied"],
        "services.workorder_reply_minutes": hotline["reply_minutes"],
        "services.fast_accidents": accidents["cases"],
        "services.fast_accidents_online": accidents["online"],
        "services.fast_accident_liability_minutes": accidents["liability_minutes"],
        "services.fast_accidents_noticed": accidents["noticed"],
        "services.command_calls": command["total_calls"],
        "services.command_help_calls": command["help_calls"],
        "services.command_consultations": command["consultation_calls"],
        "services.patient_escorts": command["patient_escorts"],
        "services.bad_weather_responses": command["bad_weather_responses"],
        "services.video_patrols": command["video_patrols"],
        "services.bulletins_issued": command["bulletins_issued"],
        "services.permits_issued": selectors.permit_figures(brigade_ids, start, end)["issued"],
        "services.relief_advances": selectors.relief_figures(brigade_ids, start, end)["advances"],
        "services.relief_amount_advanced": selectors.relief_figures(brigade_ids, start, end)["advanced"],
        "services.relief_amount_recovered": selectors.relief_figures(brigade_ids, start, end)["recovered"],
        "services.relief_advance_target": selectors.relief_figures(brigade_ids, start, end)["target"],
    }
    for code, row in counter["by_code"].items():
        for name in ("sat", "passed", "licences_made", "handled"):
            values[f"services.{code}_{name}"] = row[name]
    return values


def metric_total(key, start, end, brigade_ids):
    return sum(value for _brigade, _day, value in registry[key].compute(start, end, brigade_ids))


def test_every_sum_metric_agrees_with_its_selector(data, brigade_a, brigade_b):
    start, end = data
    for brigade_ids in ([brigade_a.pk], [brigade_a.pk, brigade_b.pk]):
        expected = selector_values(brigade_ids, start, end)
        for metric in SERVICES_METRICS:
            if metric.aggregation != "sum":
                continue
            assert metric.key in expected, f"{metric.key} has no selector counterpart in this test"
            assert metric_total(metric.key, start, end, brigade_ids) == expected[metric.key], metric.key


def test_the_rates_agree_with_the_selectors(data, brigade_a):
    start, end = data
    ids = [brigade_a.pk]

    def ratio(key):
        metric = registry[key]
        return rules.rate(metric_total(metric.numerator, start, end, ids),
                          metric_total(metric.denominator, start, end, ids), scale=metric.scale)

    hotline = selectors.workorder_figures(ids, start, end)
    counter = selectors.counter_figures(ids, start, end)
    accidents = selectors.fast_accident_figures(ids, start, end)
    assert ratio("services.workorder_reply_rate") == hotline["reply_rate"] == 75.0
    assert ratio("services.workorder_on_time_rate") == hotline["on_time_rate"]
    assert ratio("services.workorder_satisfaction_rate") == hotline["satisfaction_rate"] == 50.0
    assert ratio("services.workorder_average_reply_minutes") == hotline["average_reply_minutes"]
    assert ratio("services.exam_pass_rate") == counter["exam_pass_rate"]
    assert ratio("services.motorcycle_exam_pass_rate") == counter["by_code"]["motorcycle_exam"]["pass_rate"] == 75.0
    assert ratio("services.fast_accident_online_share") == accidents["online_share"]
    assert ratio("services.fast_accident_average_minutes") == accidents["average_minutes"] == 28.5


def test_every_ratio_names_registered_sums():
    for metric in SERVICES_METRICS:
        if metric.aggregation == "ratio":
            assert registry[metric.numerator].aggregation == registry[metric.denominator].aggregation == "sum"


@pytest.mark.parametrize("metric", [m for m in SERVICES_METRICS if m.records], ids=lambda m: m.key)
def test_each_figure_links_to_a_list_that_accepts_its_parameters(metric, client_for, staff_a, brigade_a):
    link = metric.records
    params = {**link.params, "brigade": brigade_a.pk, f"{link.date_param}_after": "2026-01-01",
              f"{link.date_param}_before": "2026-11-22"}
    response = client_for(staff_a).get(reverse(link.url_name), params)
    assert response.status_code == 200
    form = response.context["filter"].form
    assert form.is_valid(), form.errors
    for name in params:
        assert name in form.data and (name in form.fields or name.rsplit("_", 1)[0] in form.fields), name
