"""Rollups that one record cannot break (issue 13): a partial rebuild recomputes its window only; a
brigade-day whose refresh fails is logged, kept dirty and does not block the others; a record dated
outside any sane window (0001-01-01) never reaches the rollups, and deleting it clears its day."""

import logging
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brigades.figures import rollups
from brigades.figures.registry import SumMetric, registry
from brigades.models import DailyFigure, DirtyDay, MonthlyFigure
from outreach.models import Event

from ..outreach.factories import EventFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
FIRST = date(2026, 1, 1)


@pytest.fixture(autouse=True)
def late_november(time_machine):
    time_machine.move_to(datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI), tick=False)


def all_rows():
    daily = sorted(DailyFigure.objects.values_list("brigade_id", "day", "metric", "value"))
    monthly = sorted(MonthlyFigure.objects.values_list("brigade_id", "month", "metric", "value"))
    return daily, monthly


def test_a_partial_rebuild_leaves_every_other_row_identical(brigade_a, brigade_b):
    for day in (date(2026, 3, 4), date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 15), date(2026, 10, 2)):
        EventFactory(brigade=brigade_a, date=day)
        EventFactory(brigade=brigade_b, date=day, audience=30)
    rollups.rollup_rebuild_all()
    daily, monthly = all_rows()
    outside = [row for row in daily if not date(2026, 9, 1) <= row[1] <= date(2026, 9, 30)]
    # September changes in the records; the rebuild of September alone must see it and touch nothing else
    Event.objects.filter(date=date(2026, 9, 15), brigade=brigade_a).update(audience=999)
    rollups.rollup_rebuild_all(start=date(2026, 9, 1), end=date(2026, 9, 30))
    daily_after, monthly_after = all_rows()
    assert [row for row in daily_after if not date(2026, 9, 1) <= row[1] <= date(2026, 9, 30)] == outside
    assert [row for row in monthly_after if row[1] != date(2026, 9, 1)] == [row for row in monthly if row[1] != date(2026, 9, 1)]
    assert DailyFigure.objects.get(brigade=brigade_a, day=date(2026, 9, 15), metric="outreach.audience").value == 999


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    days=st.lists(st.integers(min_value=0, max_value=300), min_size=1, max_size=12),
    window=st.tuples(st.integers(min_value=0, max_value=300), st.integers(min_value=0, max_value=60)),
)
def test_property_a_partial_rebuild_touches_only_its_window(brigade_a, days, window):
    Event.objects.all().delete()
    for offset in days:
        EventFactory(brigade=brigade_a, date=FIRST + timedelta(days=offset))
    rollups.rollup_rebuild_all()
    start = FIRST + timedelta(days=window[0])
    end = start + timedelta(days=window[1])
    before, _monthly = all_rows()
    Event.objects.update(audience=7)  # every record changes; only the window may follow
    rollups.rollup_rebuild_all(start=start, end=end)
    after, _monthly = all_rows()
    assert [r for r in after if not start <= r[1] <= end] == [r for r in before if not start <= r[1] <= end]
    inside = {(r[1], r[2]): r[3] for r in after if start <= r[1] <= end and r[2] == "outreach.audience"}
    assert all(value == 7 * days.count((day - FIRST).days) for (day, _metric), value in inside.items())


def test_a_record_dated_in_year_one_never_breaks_the_refresh(brigade_a, brigade_b, caplog):
    bad = EventFactory(brigade=brigade_a, date=date(1, 1, 1))
    EventFactory(brigade=brigade_b, date=date(2026, 11, 3))
    rollups.mark_dirty(brigade_a.pk, [date(1, 1, 1)])
    rollups.mark_dirty(brigade_b.pk, [date(2026, 11, 3)])
    with caplog.at_level(logging.WARNING, logger="brigades.figures.rollups"):
        assert rollups.rollup_refresh_dirty() == 2
    assert "0001-01-01" in caplog.text
    assert not DirtyDay.objects.exists()
    assert DailyFigure.objects.filter(brigade=brigade_b, metric="outreach.events").count() == 1
    assert not DailyFigure.objects.filter(day__lt=date(1990, 1, 1)).exists()
    rollups.rollup_rebuild_all()  # the span of the records starts in year 1: the rebuild survives it
    assert DailyFigure.objects.filter(brigade=brigade_b, metric="outreach.events").count() == 1
    bad.delete()
    rollups.mark_dirty(brigade_a.pk, [date(1, 1, 1)])  # what the deletion marks (on commit)
    rollups.rollup_refresh_dirty()
    assert not DirtyDay.objects.exists()


def test_a_failing_brigade_day_is_kept_and_does_not_block_the_others(brigade_a, brigade_b, caplog):
    day = date(2026, 11, 3)
    failing = brigade_b.pk

    def fragile(start, end, brigade_ids):
        if brigade_ids is None or failing in brigade_ids:
            raise RuntimeError("a metric that fails for one brigade")
        return []

    EventFactory(brigade=brigade_a, date=day)
    EventFactory(brigade=brigade_b, date=day)
    rollups.mark_dirty(brigade_a.pk, [day])
    rollups.mark_dirty(brigade_b.pk, [day])
    with registry.temporarily(SumMetric("test.fragile", "Fragile", "", fragile)), caplog.at_level(logging.ERROR):
        rollups.rollup_refresh_dirty()
    assert "kept to retry" in caplog.text
    assert DailyFigure.objects.filter(brigade=brigade_a, day=day, metric="outreach.events").exists()
    assert not DailyFigure.objects.filter(brigade=brigade_b, day=day).exists()
    assert list(DirtyDay.objects.values_list("brigade_id", flat=True)) == [failing]
    rollups.rollup_refresh_dirty()  # the metric is gone (fixed): the retry succeeds
    assert DailyFigure.objects.filter(brigade=brigade_b, day=day, metric="outreach.events").exists()
    assert not DirtyDay.objects.exists()
