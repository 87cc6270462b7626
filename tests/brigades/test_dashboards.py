"""The leaders' dashboards: figures from the rollups with their comparisons and links, scoping."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from brigades.figures.registry import MapLayer, registry
from brigades.figures.rollups import rollup_refresh

from .rollup_metrics import ENTERPRISES, make_enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures_of_a(enterprise_metrics, brigade_a, brigade_b):
    today = timezone.localdate()
    for _ in range(3):
        make_enterprise(brigade_a, today, risk="high")
    make_enterprise(brigade_a, today.replace(day=1) - timedelta(days=1))  # last month
    make_enterprise(brigade_b, today)
    rollup_refresh(None, today - timedelta(days=400), today)


def test_the_leader_sees_this_months_figures_with_comparisons_and_links(figures_of_a, client_for, leader_a, brigade_a):
    response = client_for(leader_a).get(reverse("brigades:brigade_dashboard", args=[brigade_a.pk]))
    assert response.status_code == 200
    card = next(c for _name, cards in response.context["groups"] for c in cards if c["metric"].key == ENTERPRISES)
    assert card["figure"].value == 3
    assert card["previous"].value in (0, 1)  # like for like: last month up to the same day
    assert f"brigade={brigade_a.pk}" in card["url"]
    html = response.content.decode()
    assert "echarts.min.js" in html and 'id="trend-data"' in html
    assert "▲" in html


def test_the_dashboard_link_sends_each_user_to_their_page(client_for, leader_a, detachment_leader, brigade_a):
    assert client_for(leader_a).get(reverse("brigades:dashboard")).url == reverse("brigades:brigade_dashboard", args=[brigade_a.pk])
    assert client_for(detachment_leader).get(reverse("brigades:dashboard")).url == reverse("brigades:detachment_dashboard")


def test_a_leader_cannot_open_another_brigades_dashboard(client_for, leader_b, brigade_a):
    assert client_for(leader_b).get(reverse("brigades:brigade_dashboard", args=[brigade_a.pk])).status_code == 404


@pytest.mark.parametrize("name", ["brigades:detachment_dashboard", "brigades:report_overview"])
def test_detachment_pages_refuse_brigade_users(client_for, leader_a, name):
    assert client_for(leader_a).get(reverse(name)).status_code == 403


def test_the_detachment_sees_brigades_side_by_side_sorted(figures_of_a, client_for, detachment_leader, brigade_a, brigade_b):
    url = reverse("brigades:detachment_dashboard")
    response = client_for(detachment_leader).get(url, {"sort": ENTERPRISES, "dir": "desc"})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["brigade"] for r in rows][:2] == [brigade_a, brigade_b]
    index = [m.key for m in response.context["metrics"]].index(ENTERPRISES)
    assert rows[0]["cells"][index]["figure"].value == 3
    assert response.context["totals"][index]["figure"].value == 4
    ascending = client_for(detachment_leader).get(url, {"sort": ENTERPRISES, "dir": "asc"}).context["rows"]
    assert ascending[0]["brigade"] == brigade_b
    assert response.context["trend"]["series"]
    # The hazards app's open-hazards layer feeds the map.
    assert reverse("hazards:open_hazards_geojson") in [layer["url"] for layer in response.context["map_config"]["layers"]]


def test_a_registered_map_layer_feeds_the_map(client_for, detachment_leader):
    registry.register_map_layer(MapLayer("test.officers", "officers", "api:officer-list"))
    try:
        response = client_for(detachment_leader).get(reverse("brigades:detachment_dashboard"))
    finally:
        registry.unregister_map_layer("test.officers")
    assert reverse("api:officer-list") in [layer["url"] for layer in response.context["map_config"]["layers"]]
    assert "leaflet.js" in response.content.decode()


def test_dashboards_render_with_no_metrics(client_for, detachment_leader, leader_a, brigade_a):
    assert client_for(detachment_leader).get(reverse("brigades:detachment_dashboard")).status_code == 200
    assert client_for(leader_a).get(reverse("brigades:brigade_dashboard", args=[brigade_a.pk])).status_code == 200


def test_the_period_picker_reads_a_quarter(figures_of_a, client_for, leader_a, brigade_a):
    response = client_for(leader_a).get(
        reverse("brigades:brigade_dashboard", args=[brigade_a.pk]), {"period": "quarter", "quarter": "2025-Q2"}
    )
    assert response.context["period"].start == date(2025, 4, 1)
    bad = client_for(leader_a).get(reverse("brigades:brigade_dashboard", args=[brigade_a.pk]), {"period": "custom", "start": "x"})
    assert bad.status_code == 200 and bad.context["period_error"]


def test_the_dashboard_query_count_does_not_grow_with_brigades(enterprise_metrics, client_for, detachment_leader, brigade_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import BrigadeFactory

    client = client_for(detachment_leader)
    url = reverse("brigades:detachment_dashboard")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        make_enterprise(BrigadeFactory(), timezone.localdate())
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_every_headline_figure_is_registered():
    from brigades.figures.dashboards import HEADLINE_KEYS

    assert [key for key in HEADLINE_KEYS if key not in registry] == []


def test_the_detachment_table_cells_link_each_figure_to_its_records(enterprise_metrics):
    """figure_cells renders a row's cells as the template did cell by cell: escaped link, value
    with its unit, no link where the figure has no list, “insufficient base” for a small base."""
    from decimal import Decimal

    from django.template import Context, Template

    from brigades.figures.selectors import Figure, records_url

    metrics = {m.key: m for m in enterprise_metrics}
    start, end = date(2026, 1, 1), date(2026, 1, 31)
    url = records_url(metrics[ENTERPRISES], start, end, 7)
    cells = [
        {"figure": Figure(metrics[ENTERPRISES], Decimal("1234")), "url": url},
        {"figure": Figure(metrics["test.tonnes"], Decimal("2.5")), "url": None},
        {"figure": Figure(metrics["test.high_share"], None, insufficient=True), "url": None},
    ]
    html = Template("{% load figures %}{% figure_cells cells %}").render(Context({"cells": cells}))
    assert html == (
        f'<td class="number"><a href="{url.replace("&", "&amp;")}">1,234</a></td>'
        '<td class="number">2.5t</td>'
        '<td class="number">样本不足（基数少于3）</td>'  # the site speaks Chinese and names the threshold
    )
    assert "brigade=7&amp;created_after=2026-01-01&amp;created_before=2026-01-31&amp;kind=police" in html
