"""On the demo data, a leader opens the dashboard and every figure that counts records agrees with
the list of records its link opens (the list filtered to that brigade, figure and period).

A figure "counts records" when its metric's daily values are Count("pk") of its records: then the
figure on the dashboard (read from the rollups) must equal the number of rows the linked list shows
(read from the records through the list's own filters). Sums of a field (audience, days, amounts)
and rates are checked against the records by the property tests instead.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from brigades.figures.registry import DailyValues
from brigades.models import Brigade, User
from brigades.figures.periods import add_months

pytestmark = pytest.mark.django_db


def counts_records(metric, brigade_id, start, end):
    """True when the metric's daily values are Count("pk") of its records (brigade_id None: all)."""
    if metric.aggregation != "sum":
        return False
    values = metric.compute(start, end, None if brigade_id is None else {brigade_id})
    if not isinstance(values, DailyValues) or not isinstance(values.value, Count):
        return False
    count = values.value
    counted = count.get_source_expressions()[0]
    return count.filter is None and not count.distinct and getattr(counted, "name", None) in ("pk", "id")


def month_query(month):
    return {"period": "month", "month": f"{month:%Y-%m}"}


def last_month():
    return add_months(timezone.localdate().replace(day=1), -1)


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["table"].paginator.count


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once for the module in a transaction rolled back at its end (a flush
    would also delete the reference data the migrations seed)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", scale=0.2)
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("brigade_code", ["gxq", "dcf"])
def test_every_counted_figure_on_the_demo_dashboard_equals_its_list(demo, client, brigade_code):
    brigade = Brigade.objects.get(code=brigade_code)
    client.force_login(User.objects.get(role="leader", brigade=brigade))
    month = last_month()
    response = client.get(reverse("brigades:brigade_dashboard", args=[brigade.pk]), month_query(month))
    period = response.context["period"]
    assert (period.start, period.end) == (month, add_months(month, 1) - timedelta(days=1))

    cards = [card for _name, cards in response.context["groups"] for card in cards]
    checked, disagree = [], []
    for card in cards:
        metric = card["metric"]
        if not card["url"] or not counts_records(metric, brigade.pk, period.start, period.end):
            continue
        shown, behind = card["figure"].value, listed(client, card["url"])
        checked.append((metric.key, shown))
        if shown != behind:
            disagree.append(f"{metric.key}: dashboard {shown}, list {behind} ({card['url']})")
    assert not disagree, "\n".join(disagree)
    assert len(checked) >= 20, checked  # the check covers the apps' counted figures, not a handful
    assert sum(1 for _key, shown in checked if shown) >= 15, checked  # and real, non-zero ones


def test_every_counted_detachment_total_on_the_demo_dashboard_equals_its_list(demo, client):
    client.force_login(User.objects.get(role="detachment_leader"))
    response = client.get(reverse("brigades:detachment_dashboard"), {**month_query(last_month()), "figures": "all"})
    period = response.context["period"]
    checked, disagree = 0, []
    for metric, total in zip(response.context["metrics"], response.context["totals"], strict=True):
        if not total["url"] or not counts_records(metric, None, period.start, period.end):
            continue
        checked += 1
        shown, behind = total["figure"].value, listed(client, total["url"])
        if shown != behind:
            disagree.append(f"{metric.key}: dashboard {shown}, list {behind} ({total['url']})")
    assert not disagree, "\n".join(disagree)
    assert checked >= 20
