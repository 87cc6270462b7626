"""Each metric's compute agrees with the selector on the same data, and its records link resolves."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from brigades.figures.registry import registry
from hazards import operations, selectors
from hazards.models import EnterpriseRiskChange

from ..factories import TownFactory
from . import oracles
from .factories import AccidentFactory, EnterpriseFactory, HazardFactory, KeyDriverFactory, KeyVehicleFactory, SupervisionActionFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def total(key, start, end, brigade_ids):
    return sum(value for _b, _d, value in registry[key].compute(start, end, brigade_ids))


@pytest.fixture
def data(brigade_a, brigade_b, staff_a):
    today = TODAY()
    town = TownFactory(brigade=brigade_a)
    for days_ago, status, deadline_days, rectified_days in (
        (40, "signed_off", -30, -32), (30, "rectified", -20, -18), (20, "rectifying", -5, None),
        (10, "assigned", 5, None), (5, "reported", None, None), (8, "closed", None, None),
    ):
        HazardFactory(
            brigade=brigade_a, town=town, status=status, found_on=today - timedelta(days=days_ago),
            rectification_deadline=today + timedelta(days=deadline_days) if deadline_days is not None else None,
            rectified_on=today + timedelta(days=rectified_days) if rectified_days is not None else None,
            signed_off_on=today - timedelta(days=31) if status == "signed_off" else None,
            closed_on=today - timedelta(days=7) if status == "closed" else None,
        )
    HazardFactory(brigade=brigade_b)
    AccidentFactory(brigade=brigade_a, town=town, severity="fatal", deaths=2, injuries=1)
    AccidentFactory(brigade=brigade_a, town=town, severity="injury", injuries=2)
    high = EnterpriseFactory.create_batch(3, brigade=brigade_a, risk_level="high")
    for enterprise in high:
        EnterpriseRiskChange.objects.create(brigade=brigade_a, enterprise=enterprise, to_level="high", changed_on=today - timedelta(days=50))
    operations.enterprise_change_risk_level(enterprise=high[0], by=staff_a, to_level="low", reason="整改", changed_on=today - timedelta(days=3))
    SupervisionActionFactory.create_batch(2, brigade=brigade_a)
    KeyVehicleFactory(brigade=brigade_a, listed_on=today - timedelta(days=9), handle_by=today - timedelta(days=2), status="assigned")
    KeyDriverFactory(brigade=brigade_a, listed_on=today - timedelta(days=9))
    return brigade_a


def test_hazard_metrics_agree_with_the_selectors(data):
    start, end, ids = TODAY() - timedelta(days=60), TODAY(), [data.pk]
    assert total("hazards.found", start, end, ids) == selectors.hazards_found(start, end, ids) == 6
    assert total("hazards.found_counted", start, end, ids) == selectors.hazards_found_counted(start, end, ids) == 5
    assert total("hazards.rectified", start, end, ids) == selectors.hazards_rectified(start, end, ids) == 2
    assert total("hazards.signed_off", start, end, ids) == oracles.hazards_signed_off(start, end, ids) == 1
    # deadlines passed: the signed-off one was rectified in time (-32 < -30), the rectified one late (-18 > -20),
    # the rectifying one not at all (-5): two went overdue
    assert total("hazards.overdue", start, end, ids) == oracles.hazards_missed_deadline(start, end, ids) == 2
    assert total("hazards.days_to_rectify_total", start, end, ids) == selectors.days_to_rectify_total(start, end, ids) == 8 + 12
    assert total("hazards.found_rectified", start, end, ids) == selectors.hazards_found_and_rectified(start, end, ids) == 2
    assert selectors.rectification_rate(start, end, ids) == 40.0
    assert selectors.average_days_to_rectify(start, end, ids) == 10.0
    assert selectors.hazards_overdue_now(ids) == 1


def test_accident_and_enterprise_metrics_agree_with_the_selectors(data):
    start, end, ids = TODAY() - timedelta(days=60), TODAY(), [data.pk]
    figures = oracles.accident_figures(start, end, ids)
    assert total("hazards.accidents", start, end, ids) == figures["accidents"] == 2
    assert total("hazards.fatal_accidents", start, end, ids) == figures["fatal_accidents"] == 1
    assert total("hazards.deaths", start, end, ids) == figures["deaths"] == 2
    assert total("hazards.injuries", start, end, ids) == figures["injuries"] == 3
    assert total("hazards.high_risk_enterprises_change", start, end, ids) == selectors.high_risk_change(start, end, ids) == 2
    assert total("hazards.high_risk_enterprises_change", TODAY() - timedelta(days=10), end, ids) == -1
    assert total("hazards.enterprises_left_high_risk", start, end, ids) == 1
    assert total("hazards.supervision_actions", start, end, ids) == selectors.supervision_actions(start, end, ids) == 2


def test_key_item_metrics_agree_with_the_selectors(data):
    start, end, ids = TODAY() - timedelta(days=60), TODAY(), [data.pk]
    figures = oracles.key_item_figures(start, end, ids)
    assert total("hazards.key_vehicles_received", start, end, ids) == figures["keyvehicle"]["received"] == 1
    assert total("hazards.key_vehicles_overdue", start, end, ids) == figures["keyvehicle"]["overdue"] == 1
    assert total("hazards.key_drivers_received", start, end, ids) == figures["keydriver"]["received"] == 1
    assert total("hazards.key_drivers_cleared", start, end, ids) == 0


def test_every_metric_links_to_a_list_that_accepts_its_filters(client_for, data, staff_a):
    client = client_for(staff_a)
    day = TODAY()
    for metric in registry:
        if not metric.key.startswith("hazards."):
            continue
        link = metric.records
        params = {**link.params, "brigade": data.pk, f"{link.date_param}_after": (day - timedelta(days=60)).isoformat(),
                  f"{link.date_param}_before": day.isoformat()}
        response = client.get(reverse(link.url_name), params)
        assert response.status_code == 200, metric.key
        form = response.context["filter"].form
        assert not form.errors, (metric.key, form.errors)
        if metric.aggregation == "sum" and metric.key not in ("hazards.high_risk_enterprises_change", "hazards.days_to_rectify_total", "hazards.deaths", "hazards.injuries"):
            listed = response.context["object_list"].count()
            assert listed == total(metric.key, day - timedelta(days=60), day, [data.pk]), metric.key
