"""Selectors give each figure per brigade and period; each metric agrees with its selector;
each metric's records link is accepted by its list."""

import datetime
from collections import defaultdict

import pytest
from django.urls import reverse

from brigades.figures.registry import registry
from outreach import selectors
from outreach.models import MediaArticle

from .factories import (
    EscortDutyLogFactory,
    EscortShiftFactory,
    EventFactory,
    EventMaterialFactory,
    MediaArticleFactory,
    SchoolFactory,
    material,
    target_group,
)

pytestmark = pytest.mark.django_db


def article_count(brigade_ids, start, end):
    """The articles published in the period, counted the plain way (the metric must agree)."""
    return MediaArticle.objects.filter(published_on__range=(start, end), brigade_id__in=list(brigade_ids)).count()


START, END = datetime.date(2026, 11, 1), datetime.date(2026, 11, 22)


@pytest.fixture
def data(brigade_a, brigade_b):
    school = SchoolFactory(brigade=brigade_a)
    lecture = EventFactory(brigade=brigade_a, event_kind="lecture", venue_kind="school", school=school, venue_name="",
                           audience=400, date=datetime.date(2026, 11, 3),
                           target_groups=[target_group("students_parents")])
    EventMaterialFactory(event=lecture, material=material("reflective_sticker"), quantity=1000)
    EventMaterialFactory(event=lecture, material=material("leaflet"), quantity=500)
    themed = EventFactory(brigade=brigade_a, audience=150, date=datetime.date(2026, 11, 10),
                          target_groups=[target_group("ebike_riders"), target_group("students_parents")])
    EventMaterialFactory(event=themed, material=material("leaflet"), quantity=2500)
    EventFactory(brigade=brigade_a, audience=999, date=datetime.date(2026, 10, 31))  # before the period
    other = EventFactory(brigade=brigade_b, audience=50, date=datetime.date(2026, 11, 5))
    EventMaterialFactory(event=other, material=material("leaflet"), quantity=7)
    MediaArticleFactory.create_batch(3, brigade=brigade_a, published_on=datetime.date(2026, 11, 12))
    MediaArticleFactory(brigade=brigade_b, published_on=datetime.date(2026, 11, 12))
    shift = EscortShiftFactory(brigade=brigade_a, weekdays="12345", active_from=datetime.date(2026, 11, 16))
    for day in (16, 17, 18):
        EscortDutyLogFactory(brigade=brigade_a, shift=shift, date=datetime.date(2026, 11, day))
    EscortDutyLogFactory(brigade=brigade_a, shift=shift, date=datetime.date(2026, 11, 19), staffing="unstaffed")


def test_event_figures_per_brigade_and_period(data, brigade_a, brigade_b):
    figures = selectors.event_figures([brigade_a.pk], START, END)
    assert figures["events"] == 2 and figures["audience"] == 550
    assert figures["by_event_kind"]["lecture"] == 1 and figures["by_event_kind"]["themed"] == 1
    assert figures["by_venue_kind"]["school"] == 1 and figures["by_venue_kind"]["community"] == 1
    assert figures["by_target_group"] == {"students_parents": 2, "ebike_riders": 1}
    assert figures["materials"] == {"leaflet": 3000, "reflective_sticker": 1000}
    both = selectors.event_figures([brigade_a.pk, brigade_b.pk], START, END)
    assert both["events"] == 3 and both["materials"]["leaflet"] == 3007
    assert article_count([brigade_a.pk], START, END) == 3


def totals(key, brigade_ids):
    sums = defaultdict(int)
    for brigade_id, _day, value in registry[key].compute(START, END, brigade_ids):
        sums[brigade_id] += value
    return dict(sums)


def test_each_metric_agrees_with_the_selector(data, brigade_a, brigade_b):
    a = [brigade_a.pk]
    figures = selectors.event_figures(a, START, END)
    coverage = selectors.escort_coverage(a, START, END)
    assert totals("outreach.events", a) == {brigade_a.pk: figures["events"]}
    assert totals("outreach.audience", a) == {brigade_a.pk: figures["audience"]}
    assert totals("outreach.lectures", a) == {brigade_a.pk: figures["by_event_kind"]["lecture"]}
    assert totals("outreach.themed_events", a) == {brigade_a.pk: figures["by_event_kind"]["themed"]}
    assert totals("outreach.volunteer_services", a) == {}
    assert totals("outreach.events_at_school", a) == {brigade_a.pk: figures["by_venue_kind"]["school"]}
    assert totals("outreach.events_for_students_parents", a) == {brigade_a.pk: 2}
    assert totals("outreach.events_for_ebike_riders", a) == {brigade_a.pk: 1}
    assert totals("outreach.material_leaflet", a) == {brigade_a.pk: figures["materials"]["leaflet"]}
    assert totals("outreach.material_reflective_sticker", a) == {brigade_a.pk: 1000}
    assert totals("outreach.media_articles", a) == {brigade_a.pk: article_count(a, START, END)}
    assert totals("outreach.escort_shifts_planned", a) == {brigade_a.pk: coverage["planned"]} == {brigade_a.pk: 5}
    assert totals("outreach.escort_shifts_staffed", a) == {brigade_a.pk: coverage["staffed"]} == {brigade_a.pk: 3}
    assert coverage["rate"] == 60.0
    # Every brigade at once: brigade B's leaflets are its own.
    assert totals("outreach.material_leaflet", None)[brigade_b.pk] == 7


def test_every_metrics_records_link_is_accepted_by_its_list(data, client_for, staff_a):
    client = client_for(staff_a)
    for metric in registry:
        if not metric.key.startswith("outreach.") or metric.records is None:
            continue
        link = metric.records
        params = {**link.params, f"{link.date_param}_after": "2026-11-01", f"{link.date_param}_before": "2026-11-22"}
        response = client.get(reverse(link.url_name), params)
        assert response.status_code == 200, metric.key
        assert not response.context["filter"].errors, (metric.key, response.context["filter"].errors)


def test_the_material_link_lists_the_events_behind_the_figure(data, client_for, staff_a):
    page = client_for(staff_a).get(reverse("outreach:event_list"), {"material": "reflective_sticker", "date_after": "2026-11-01"})
    assert [e.audience for e in page.context["object_list"]] == [400]


def test_the_overview_page_shows_the_periods_figures(data, client_for, leader_a, clock):
    clock(END)  # "this month" is the data's month
    page = client_for(leader_a).get(reverse("outreach:overview"), {"period": "month"})
    assert page.status_code == 200
    assert page.context["figures"]["events"] == 2
    html = page.content.decode()
    assert 'data-testid="by-venue"' in html and 'data-testid="by-target"' in html


def test_the_home_panel_shows_todays_coverage_and_the_months_events(data, client_for, leader_a, clock):
    clock(END)
    html = client_for(leader_a).get(reverse("home")).content.decode()
    assert 'data-testid="outreach-panel"' in html
    assert 'data-testid="panel-events">2<' in html
