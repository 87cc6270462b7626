"""Campaign results as the articles report them (东阿: 258 trucks, 41 “百吨王”, 95 at 100 %+, 52 panels
cut, 1 400 t unloaded), with vehicles detained and referrals (移送): on the operation's page, its
list export and the API, counted from the operation's cases; and as metrics."""

import csv
import datetime
import io
import random
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from brigades import demo as organisation
from brigades.figures.registry import registry
from brigades.models import Brigade, User
from enforcement import demo, selectors
from enforcement.models import Operation

from .factories import OperationFactory, ViolationFactory, kind

pytestmark = pytest.mark.django_db

TRUCK = {"vehicle_type": "heavy_truck", "plate_type": "large_car"}


@pytest.fixture
def campaign(brigade_a, brigade_b):
    """An over-limit campaign of brigade A (detachment-wide, so brigade B takes part too)."""
    today = timezone.localdate()
    operation = OperationFactory(brigade=brigade_a, kind="over_limit", is_detachment_wide=True,
                                 start_date=today - datetime.timedelta(days=10))
    day = today - datetime.timedelta(days=2)
    overloading = kind("overloading")
    # 百吨王 at 125 % over, panels cut, 39 t unloaded, detained
    ViolationFactory(brigade=brigade_a, operation=operation, date=day, kind=overloading, **TRUCK, rated_load=D("31"),
                     actual_load=D("70"), gross_mass=D("101"), panels_cut=True, tonnes_unloaded=D("39"),
                     vehicle_detained=True)
    # exactly 100 % over (in the 100 %+ band), 99.9 t gross: not a 百吨王
    ViolationFactory(brigade=brigade_a, operation=operation, date=day, kind=overloading, **TRUCK, rated_load=D("20"),
                     actual_load=D("40"), gross_mass=D("99.9"), panels_cut=True, tonnes_unloaded=D("9.5"))
    # 40 % over, detained
    ViolationFactory(brigade=brigade_a, operation=operation, date=day, kind=overloading, **TRUCK, rated_load=D("25"),
                     actual_load=D("35"), vehicle_detained=True)
    # a bus at 157 % overcrowding: an overload case, but not a truck at twice its load
    ViolationFactory(brigade=brigade_a, operation=operation, date=day, kind=kind("overcrowding"), vehicle_type="bus",
                     rated_load=D("7"), actual_load=D("18"))
    # drunk driving at the checkpoint: referred
    ViolationFactory(brigade=brigade_a, operation=operation, date=day, kind=None, blood_alcohol=D("120"))
    # brigade B's share and a case of no operation
    ViolationFactory(brigade=brigade_b, operation=operation, date=day, kind=overloading, **TRUCK, rated_load=D("30"),
                     actual_load=D("75"), gross_mass=D("110"), tonnes_unloaded=D("45"))
    ViolationFactory(brigade=brigade_a, date=day, kind=overloading, **TRUCK, rated_load=D("30"), actual_load=D("75"),
                     gross_mass=D("110"), panels_cut=True)
    return operation


BRIGADE_A_RESULTS = {
    "overloaded_trucks": 3, "hundred_tonne_trucks": 1, "double_overloads": 2, "panels_cut": 2,
    "tonnes_unloaded": D("48.5"), "vehicles_detained": 2, "criminal_referrals": 1,
}


def test_the_results_count_the_operations_cases_in_the_viewers_scope(campaign, staff_a, staff_b, detachment_leader):
    assert selectors.operation_results(campaign, staff_a) == BRIGADE_A_RESULTS
    assert selectors.operation_results(campaign, staff_b) == {
        "overloaded_trucks": 1, "hundred_tonne_trucks": 1, "double_overloads": 1, "panels_cut": 0,
        "tonnes_unloaded": D("45"), "vehicles_detained": 0, "criminal_referrals": 0,
    }
    whole = selectors.operation_results(campaign, detachment_leader)
    assert (whole["overloaded_trucks"], whole["hundred_tonne_trucks"], whole["tonnes_unloaded"]) == (4, 2, D("93.5"))
    # The list's annotations give the same figures as the page's count.
    annotated = selectors.with_campaign_results(Operation.objects.filter(pk=campaign.pk), staff_a).get()
    assert selectors.operation_results(annotated, staff_a) == BRIGADE_A_RESULTS


def test_the_operation_page_shows_the_results(campaign, client_for, staff_a):
    page = client_for(staff_a).get(reverse("enforcement:operation_detail", args=[campaign.pk]))
    assert page.context["results"] == BRIGADE_A_RESULTS
    html = page.content.decode()
    for name, value in (("hundred_tonne_trucks", "1"), ("double_overloads", "2"), ("panels_cut", "2"),
                        ("tonnes_unloaded", "48.5"), ("criminal_referrals", "1")):
        assert f'data-testid="result-{name}">{value}<' in html, name


def test_the_operation_list_exports_the_results(campaign, client_for, staff_a):
    response = client_for(staff_a).get(reverse("enforcement:operation_list"), {"_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    with translation.override("zh-hans"):
        labels = {name: _(label) for name, label in (
            ("hundred_tonne_trucks", "“百吨王” (≥ 100 t)"), ("double_overloads", "at twice the rated load or more"),
            ("panels_cut", "panels cut"), ("tonnes_unloaded", "tonnes unloaded"),
            ("vehicles_detained", "vehicles detained"), ("criminal_referrals", "referrals (移送)"),
        )}
    values = {name: row[header.index(label)] for name, label in labels.items()}
    assert values == {"hundred_tonne_trucks": "1", "double_overloads": "2", "panels_cut": "2",
                      "tonnes_unloaded": "48.50", "vehicles_detained": "2", "criminal_referrals": "1"}


def test_the_list_costs_the_same_queries_for_few_and_many_operations(brigade_a, staff_a, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(staff_a)
    OperationFactory(brigade=brigade_a)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("enforcement:operation_list"))
    for _ in range(10):
        operation = OperationFactory(brigade=brigade_a)
        ViolationFactory(brigade=brigade_a, operation=operation, kind=kind("overloading"), **TRUCK, rated_load=D("20"),
                         actual_load=D("30"), panels_cut=True)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("enforcement:operation_list"))
    assert len(many) == len(few)


def test_the_api_gives_the_results(campaign, api_client_for, staff_a, staff_b):
    mine = api_client_for(staff_a).get(f"/api/operations/{campaign.pk}/").data["results"]
    assert mine == {**{k: v for k, v in BRIGADE_A_RESULTS.items() if k != "tonnes_unloaded"}, "tonnes_unloaded": "48.50"}
    theirs = api_client_for(staff_b).get("/api/operations/").data["results"][0]["results"]
    assert theirs["hundred_tonne_trucks"] == 1 and theirs["panels_cut"] == 0


def test_a_bus_at_twice_its_seats_is_not_a_truck_at_twice_its_load(brigade_a):
    """The figure “trucks at twice the rated load” counts trucks only (it once counted buses too)."""
    day = timezone.localdate() - datetime.timedelta(days=1)
    ViolationFactory(brigade=brigade_a, date=day, kind=kind("overcrowding"), vehicle_type="bus", rated_load=D("7"),
                     actual_load=D("14"))
    ViolationFactory(brigade=brigade_a, date=day, kind=kind("overloading"), **TRUCK, rated_load=D("10"),
                     actual_load=D("20"))
    metric = registry["enforcement.double_overloads"]
    assert sum(value for _b, _d, value in metric.compute(day, day, [brigade_a.pk])) == 1
    assert registry["enforcement.overloaded_trucks"].records.params == {"trucks": "true"}
    assert metric.records.params == {"overload_band": "100_plus", "trucks": "true"}


def test_the_figure_links_list_the_same_cases(campaign, client_for, staff_a):
    """The page's links and the metrics' links show exactly the cases counted."""
    client = client_for(staff_a)
    for params, expected in (({"trucks": "true"}, 3), ({"overload_band": "100_plus", "trucks": "true"}, 2)):
        response = client.get(reverse("enforcement:violation_list"), {"operation": campaign.pk, **params})
        assert len(response.context["table"].rows) == expected, params


def test_the_demo_over_limit_campaign_reports_like_the_article():
    out = io.StringIO()
    organisation.load(scale=0.2, rng=random.Random(1), stdout=out)
    demo.load(scale=0.2, rng=random.Random(2), stdout=out)
    dea = Brigade.objects.get(code="dea")
    campaign = Operation.objects.get(brigade=dea, kind="over_limit")
    results = selectors.operation_results(campaign, User.objects.get(username="dea_staff"))
    # 东阿's year at scale 0.2 is 52 trucks; about 85 % of them were caught in the campaign.
    assert 30 <= results["overloaded_trucks"] <= 52
    trucks = results["overloaded_trucks"]
    # The article's proportions: 41/258 百吨王, 95/258 at 100 %+, 52/258 panels cut, 1400/258 t each.
    assert 0.08 <= results["hundred_tonne_trucks"] / trucks <= 0.25
    assert 0.25 <= results["double_overloads"] / trucks <= 0.5
    assert 0.1 <= results["panels_cut"] / trucks <= 0.3
    assert 3 <= results["tonnes_unloaded"] / trucks <= 8
    assert results["vehicles_detained"] >= results["hundred_tonne_trucks"]
