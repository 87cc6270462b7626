"""Selectors give each figure per brigade and period; each metric's compute agrees with them."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from brigades.figures.registry import registry
from enforcement import selectors
from enforcement.models import HelmetSurveyPolicy
from tests.factories import TownFactory

from .factories import HelmetObservationFactory, OperationFactory, ViolationFactory, kind

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
START, END = TODAY - datetime.timedelta(days=30), TODAY


@pytest.fixture
def cases(brigade_a, brigade_b):
    day = TODAY - datetime.timedelta(days=2)
    old = TODAY - datetime.timedelta(days=60)
    truck = {"kind": kind("overloading"), "vehicle_type": "heavy_truck", "plate_type": "large_car"}
    ViolationFactory(brigade=brigade_a, date=day, kind=None, breath_alcohol=D("0.2"))
    ViolationFactory(brigade=brigade_a, date=day, kind=None, blood_alcohol=D("85"))
    ViolationFactory(brigade=brigade_a, date=old, kind=None, blood_alcohol=D("85"))  # outside the period
    ViolationFactory(brigade=brigade_a, date=day, **truck, rated_load=D("31"), actual_load=D("70"),
                     gross_mass=D("101"), panels_cut=True, tonnes_unloaded=D("39"), vehicle_detained=True)
    ViolationFactory(brigade=brigade_a, date=day, **truck, rated_load=D("31"), actual_load=D("40"),
                     tonnes_unloaded=D("9.5"))
    ViolationFactory(brigade=brigade_a, date=day, kind=kind("overcrowding"), vehicle_type="bus", rated_load=D("7"),
                     actual_load=D("9"))
    ViolationFactory(brigade=brigade_a, date=day, kind=kind("street_racing"), vehicle_type="motorcycle",
                     vehicle_detained=True)
    ViolationFactory(brigade=brigade_a, date=day, disposition="warning", fine_amount=0)
    ViolationFactory(brigade=brigade_b, date=day, kind=None, breath_alcohol=D("0.2"))
    OperationFactory(brigade=brigade_a, start_date=day)
    HelmetObservationFactory(brigade=brigade_a, date=day, riders_seen=300, riders_wearing=270)
    HelmetObservationFactory(brigade=brigade_a, date=day, riders_seen=100, riders_wearing=50)


def test_case_figures_per_brigade_and_period(cases, brigade_a):
    figures = selectors.enforcement_figures(brigade_ids=[brigade_a.pk], start=START, end=END)
    assert figures == {
        "cases": 7, "alcohol_cases": 2, "drink_driving_cases": 1, "drunk_driving_cases": 1, "criminal_referrals": 1,
        "overload_cases": 3, "overloaded_trucks": 2, "hundred_tonne_trucks": 1, "double_overloads": 1,
        "panels_cut": 1, "vehicles_detained": 2, "street_racing_seized": 1, "warnings": 1,
        "tonnes_unloaded": D("48.5"), "operations_run": 1,
    }


def test_helmet_figures_are_weighted_by_riders_seen(cases, brigade_a):
    figures = selectors.helmet_figures(brigade_ids=[brigade_a.pk], start=START, end=END)
    assert figures["riders_seen"] == 400 and figures["riders_wearing"] == 320 and figures["helmet_rate"] == D(80)


METRIC_FIGURES = {
    "enforcement.tonnes_unloaded": "tonnes_unloaded", "enforcement.operations_run": "operations_run",
    **{f"enforcement.{name}": name for name in selectors.CASE_FIGURES},
}


@pytest.mark.parametrize("key", [m.key for m in registry.sums() if m.key.startswith("enforcement.")])
def test_each_metric_agrees_with_the_selector(cases, brigade_a, brigade_b, key):
    metric = registry[key]
    rows = metric.compute(START, END, [brigade_a.pk])
    assert {brigade for brigade, _day, _value in rows} <= {brigade_a.pk}
    total = sum(value for _b, _d, value in rows)
    if key.startswith("enforcement.helmet_"):
        figures = selectors.helmet_figures(brigade_ids=[brigade_a.pk], start=START, end=END)
        expected = figures[key.split(".")[1].replace("helmet_", "")]
    else:
        expected = selectors.enforcement_figures(brigade_ids=[brigade_a.pk], start=START, end=END)[METRIC_FIGURES[key]]
    assert total == expected


@pytest.mark.parametrize("metric", [m for m in registry if m.key.startswith("enforcement.")], ids=lambda m: m.key)
def test_each_metric_links_to_a_list_that_accepts_its_filters(cases, metric, client_for, staff_a):
    link = metric.records
    try:
        url = reverse(link.url_name)
    except NoReverseMatch:  # pragma: no cover
        pytest.fail(f"{metric.key}: {link.url_name}")
    params = {**link.params, f"{link.date_param}_after": START.isoformat(), f"{link.date_param}_before": END.isoformat()}
    page = client_for(staff_a).get(url, params)
    assert page.status_code == 200
    assert not page.context["filter"].form.errors, page.context["filter"].form.errors
    if metric.key in METRIC_FIGURES and metric.key.split(".")[1] in selectors.CASE_FIGURES:
        expected = selectors.enforcement_figures(brigade_ids=[staff_a.brigade_id], start=START, end=END)
        assert page.context["filter"].qs.count() == expected[METRIC_FIGURES[metric.key]]


def test_helmet_ranking_names_the_top_two_and_bottom_two(client_for, leader_a, brigade_a):
    HelmetSurveyPolicy.objects.create(detachment=brigade_a.detachment, min_riders_seen=150)
    month = TODAY.replace(day=1)
    rates = {"甲管区": (200, 190), "乙管区": (400, 300), "丙管区": (200, 180), "丁管区": (300, 240),
             "戊管区": (160, 80), "己管区": (149, 149)}
    for name, (seen, wearing) in rates.items():
        town = TownFactory(brigade=brigade_a, name=name, kind="district")
        # two observations each, to prove the rate is weighted by riders seen
        HelmetObservationFactory(brigade=brigade_a, town=town, date=month, riders_seen=seen - seen // 4,
                                 riders_wearing=wearing - wearing // 4)
        HelmetObservationFactory(brigade=brigade_a, town=town, date=month, riders_seen=seen // 4,
                                 riders_wearing=wearing // 4)
    HelmetObservationFactory(brigade=brigade_a, town=TownFactory(brigade=brigade_a, name="上月"),
                             date=month - datetime.timedelta(days=1), riders_seen=500, riders_wearing=0)
    page = client_for(leader_a).get(reverse("enforcement:helmet_ranking"), {"month": month.strftime("%Y-%m")})
    ranking = page.context["ranking"]
    assert [u.name for u in ranking if u.top] == ["甲管区", "丙管区"]  # 95%, 90%
    assert [u.name for u in ranking if u.bottom] == ["乙管区", "戊管区"]  # 75%, 50%
    insufficient = [u for u in ranking if u.insufficient]
    assert [u.name for u in insufficient] == ["己管区"] and insufficient[0].rank is None
    assert "上月" not in [u.name for u in ranking]
    body = page.content.decode()
    assert 'data-unit="甲管区" data-status="top"' in body and 'data-unit="己管区" data-status="insufficient"' in body
    assert page.context["chart"]["months"][-1] == month.strftime("%Y-%m")


def test_monthly_rates_cover_twelve_months_with_gaps(brigade_a):
    HelmetObservationFactory(brigade=brigade_a, date=TODAY.replace(day=1), riders_seen=10, riders_wearing=9)
    series = selectors.helmet_monthly_rates(brigade_ids=[brigade_a.pk], end=TODAY)
    assert len(series) == 12 and series[-1][3] == D(90) and series[0][3] is None


def test_the_home_panel_shows_this_months_figures(client_for, leader_a, brigade_a):
    ViolationFactory(brigade=brigade_a, date=TODAY, kind=None, breath_alcohol=D("0.2"))
    page = client_for(leader_a).get(reverse("home"))
    body = page.content.decode()
    assert 'data-testid="enforcement-panel"' in body and 'data-testid="panel-alcohol">1<' in body


@pytest.mark.parametrize("name", ["enforcement:violation_create", "enforcement:quick_entry",
                                  "enforcement:violation_import", "enforcement:operation_create",
                                  "enforcement:helmet_create", "enforcement:helmet_ranking"])
def test_every_page_opens(client_for, staff_a, name):
    assert client_for(staff_a).get(reverse(name)).status_code == 200


def test_a_detachment_leader_sees_the_brigade_ranking(client_for, detachment_leader, brigade_a, brigade_b):
    HelmetObservationFactory(brigade=brigade_a, date=TODAY, riders_seen=200, riders_wearing=190)
    HelmetObservationFactory(brigade=brigade_b, date=TODAY, riders_seen=200, riders_wearing=150)
    page = client_for(detachment_leader).get(reverse("enforcement:helmet_ranking"))
    assert [u.name for u in page.context["brigade_ranking"]] == ["甲大队", "乙大队"]
