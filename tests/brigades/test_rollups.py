"""The rollup engine: refresh, dirty days, rebuild — idempotent, set-based, exact."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from brigades.figures import rollups
from brigades.figures.registry import SumMetric, registry
from brigades.models import DailyFigure, DirtyDay, MonthlyFigure

from .rollup_metrics import ENTERPRISES, HIGH_RISK, TONNES, make_enterprise

pytestmark = pytest.mark.django_db

DAY = date(2026, 10, 14)


def rows():
    return sorted(DailyFigure.objects.values_list("brigade_id", "day", "metric", "value"))


def test_refresh_writes_one_row_per_brigade_day_metric_and_is_idempotent(enterprise_metrics, brigade_a, brigade_b):
    make_enterprise(brigade_a, DAY, risk="high")
    make_enterprise(brigade_a, DAY)
    make_enterprise(brigade_b, DAY + timedelta(days=1))
    rollups.rollup_refresh(None, DAY, DAY + timedelta(days=1))
    first = rows()
    assert (brigade_a.pk, DAY, ENTERPRISES, Decimal("2.000")) in first
    assert (brigade_a.pk, DAY, HIGH_RISK, Decimal("1.000")) in first
    assert (brigade_a.pk, DAY, TONNES, Decimal("2.625")) in first
    assert (brigade_b.pk, DAY + timedelta(days=1), ENTERPRISES, Decimal("1.000")) in first
    # zeros are not stored: brigade B has no high-risk enterprise
    assert not any(r[0] == brigade_b.pk and r[2] == HIGH_RISK for r in first)
    rollups.rollup_refresh(None, DAY, DAY + timedelta(days=1))
    assert rows() == first


def test_refresh_of_one_brigade_leaves_the_others_and_other_days_alone(enterprise_metrics, brigade_a, brigade_b):
    make_enterprise(brigade_a, DAY)
    make_enterprise(brigade_b, DAY)
    rollups.rollup_refresh(None, DAY - timedelta(days=3), DAY + timedelta(days=3))
    before = rows()
    DailyFigure.objects.filter(brigade=brigade_a).delete()
    rollups.rollup_refresh([brigade_a.pk], DAY, DAY)
    assert rows() == before


def test_refresh_removes_rows_of_deleted_records(enterprise_metrics, brigade_a):
    enterprise = make_enterprise(brigade_a, DAY)
    rollups.rollup_refresh([brigade_a.pk], DAY, DAY)
    assert rows()
    enterprise.delete()
    rollups.rollup_refresh([brigade_a.pk], DAY, DAY)
    assert rows() == []


def test_refresh_costs_one_query_per_metric_plus_the_replace(enterprise_metrics, brigade_a, django_assert_max_num_queries):
    for offset in range(20):
        make_enterprise(brigade_a, DAY + timedelta(days=offset))
    sums = len(registry.sums())
    # compute (one per sum metric) + savepoint/delete/insert
    with django_assert_max_num_queries(sums + 5):
        rollups.rollup_refresh(None, DAY, DAY + timedelta(days=30))


def test_refresh_dirty_refreshes_marked_days_and_clears_them(enterprise_metrics, brigade_a, brigade_b):
    make_enterprise(brigade_a, DAY)
    make_enterprise(brigade_b, DAY + timedelta(days=40))
    rollups.mark_dirty(brigade_a.pk, [DAY])
    rollups.mark_dirty(brigade_b.pk, [DAY + timedelta(days=40)])
    rollups.mark_dirty(brigade_a.pk, [DAY])  # twice: still one row
    assert DirtyDay.objects.count() == 2
    assert rollups.rollup_refresh_dirty() == 2
    assert DirtyDay.objects.count() == 0
    assert {(r[0], r[1], r[2]) for r in rows() if r[2] == ENTERPRISES} == {
        (brigade_a.pk, DAY, ENTERPRISES), (brigade_b.pk, DAY + timedelta(days=40), ENTERPRISES),
    }
    assert rollups.rollup_refresh_dirty() == 0


def test_a_day_marked_again_during_its_refresh_survives(enterprise_metrics, brigade_a):
    make_enterprise(brigade_a, DAY)
    rollups.mark_dirty(brigade_a.pk, [DAY])
    calls = []

    def compute_and_mark_again(start, end, brigade_ids):
        # A clerk saves a record of the same day while the worker is computing it.
        if not calls:
            rollups.mark_dirty(brigade_a.pk, [DAY])
        calls.append((start, end))
        return []

    with registry.temporarily(SumMetric("test.marker", "marker", "", compute_and_mark_again)):
        rollups.rollup_refresh_dirty()
        assert list(DirtyDay.objects.values_list("brigade_id", "day")) == [(brigade_a.pk, DAY)]
        rollups.rollup_refresh_dirty()
    assert not DirtyDay.objects.exists()
    assert len(calls) == 2


def test_dirty_days_far_apart_are_refreshed_as_separate_ranges(enterprise_metrics, brigade_a):
    seen = []

    def spy(start, end, brigade_ids):
        seen.append((start, end, tuple(sorted(brigade_ids))))
        return []

    rollups.mark_dirty(brigade_a.pk, [DAY, DAY + timedelta(days=2), DAY + timedelta(days=200)])
    with registry.temporarily(SumMetric("test.spy", "spy", "", spy)):
        rollups.rollup_refresh_dirty()
    assert seen == [
        (DAY, DAY + timedelta(days=2), (brigade_a.pk,)),
        (DAY + timedelta(days=200), DAY + timedelta(days=200), (brigade_a.pk,)),
    ]


def test_rebuild_all_recomputes_everything_and_drops_stale_rows(enterprise_metrics, brigade_a):
    make_enterprise(brigade_a, date(2025, 3, 1))
    make_enterprise(brigade_a, DAY)
    DailyFigure.objects.create(brigade=brigade_a, day=DAY, metric="gone.metric", value=5)
    DailyFigure.objects.create(brigade=brigade_a, day=date(2020, 1, 1), metric=ENTERPRISES, value=5)
    messages = []
    rollups.rollup_rebuild_all(progress=messages.append)
    assert {(r[1], r[2]) for r in rows() if r[2] == ENTERPRISES} == {(date(2025, 3, 1), ENTERPRISES), (DAY, ENTERPRISES)}
    assert not DailyFigure.objects.filter(metric="gone.metric").exists()
    assert len(messages) == timezone.localdate().year - 2024  # a message a year, 2025 to this year
    first = rows()
    rollups.rollup_rebuild_all()
    assert rows() == first


def test_ranges_merge_days_a_week_apart():
    d = date(2026, 1, 1)
    assert rollups._ranges([d, d + timedelta(days=7), d + timedelta(days=15)]) == [
        (d, d + timedelta(days=7)), (d + timedelta(days=15), d + timedelta(days=15)),
    ]


def monthly_rows():
    return sorted(MonthlyFigure.objects.values_list("brigade_id", "month", "metric", "value"))


def daily_sums_by_month():
    sums = {}
    for brigade_id, day, metric, value in rows():
        key = (brigade_id, day.replace(day=1), metric)
        sums[key] = sums.get(key, 0) + value
    return sorted((*key, value) for key, value in sums.items() if value)


def test_monthly_rows_are_the_sums_of_their_days_after_any_refresh(enterprise_metrics, brigade_a, brigade_b):
    make_enterprise(brigade_a, date(2026, 1, 31), risk="high")
    make_enterprise(brigade_a, date(2026, 2, 1))
    make_enterprise(brigade_b, date(2026, 2, 27))
    gone = make_enterprise(brigade_b, date(2026, 2, 28))
    rollups.rollup_refresh(None, date(2026, 1, 1), date(2026, 3, 31))
    assert monthly_rows() == daily_sums_by_month()
    assert (brigade_b.pk, date(2026, 2, 1), ENTERPRISES, Decimal("2.000")) in monthly_rows()
    # a refresh of one day in the middle of a month recomputes that month from all its days
    gone.delete()
    rollups.rollup_refresh([brigade_b.pk], date(2026, 2, 28), date(2026, 2, 28))
    assert monthly_rows() == daily_sums_by_month()
    assert (brigade_b.pk, date(2026, 2, 1), ENTERPRISES, Decimal("1.000")) in monthly_rows()
    first = monthly_rows()
    rollups.rollup_refresh([brigade_b.pk], date(2026, 2, 28), date(2026, 2, 28))
    assert monthly_rows() == first


def test_rebuild_drops_monthly_rows_of_gone_metrics_and_months(enterprise_metrics, brigade_a):
    make_enterprise(brigade_a, DAY)
    MonthlyFigure.objects.create(brigade=brigade_a, month=date(2026, 10, 1), metric="gone.metric", value=5)
    MonthlyFigure.objects.create(brigade=brigade_a, month=date(2020, 1, 1), metric=ENTERPRISES, value=5)
    rollups.rollup_rebuild_all()
    assert monthly_rows() == daily_sums_by_month()
    assert {row[1] for row in monthly_rows()} == {DAY.replace(day=1)}


def test_database_and_python_paths_write_the_same_rows(enterprise_metrics, brigade_a, brigade_b):
    """daily_values metrics are written by INSERT … SELECT; a metric returning a list goes through
    Python. Both give the same rows (counts and a decimal total)."""
    for day, risk in ((DAY, "high"), (DAY, "medium"), (DAY + timedelta(days=1), "high")):
        make_enterprise(brigade_a, day, risk=risk)
    make_enterprise(brigade_b, DAY, risk="high")
    as_lists = [
        SumMetric(f"{m.key}_list", m.label, m.unit, (lambda c: lambda *args: list(c(*args)))(m.compute))
        for m in enterprise_metrics if m.aggregation == "sum"
    ]
    assert all(rollups._insertable(m.compute(DAY, DAY, None)) for m in enterprise_metrics if m.aggregation == "sum")
    assert not any(rollups._insertable(m.compute(DAY, DAY, None)) for m in as_lists)
    with registry.temporarily(*as_lists):
        rollups.rollup_refresh(None, DAY, DAY + timedelta(days=1))
    by_path = {}
    for brigade_id, day, metric, value in rows():
        by_path.setdefault(metric.removesuffix("_list"), set()).add((metric.endswith("_list"), brigade_id, day, value))
    for key in (ENTERPRISES, HIGH_RISK, TONNES):
        written = by_path[key]
        assert {row[1:] for row in written if row[0]} == {row[1:] for row in written if not row[0]} != set()
    assert (brigade_a.pk, DAY, TONNES, Decimal("2.625")) in rows()


def test_a_float_total_goes_through_python(enterprise_metrics):
    from django.db.models import FloatField, Sum, Value

    from brigades.figures.registry import daily_values
    from hazards.models import Enterprise

    floats = daily_values(Enterprise.objects.all(), "created_at", DAY, DAY, value=Sum(Value(0.1, output_field=FloatField())))
    assert not rollups._insertable(floats)


def test_the_database_path_keeps_to_the_brigades_asked(enterprise_metrics, brigade_a, brigade_b):
    """A metric that ignores brigade_ids must not write (or collide with) other brigades' rows."""
    from brigades.figures.registry import daily_values
    from hazards.models import Enterprise

    def every_brigade(start, end, brigade_ids):
        return daily_values(Enterprise.objects.all(), "created_at", start, end)

    make_enterprise(brigade_a, DAY)
    make_enterprise(brigade_b, DAY)
    with registry.temporarily(SumMetric("test.every_brigade", "all", "", every_brigade)) as (metric,):
        rollups.rollup_refresh(None, DAY, DAY, metrics=[metric])
        rollups.rollup_refresh([brigade_a.pk], DAY, DAY, metrics=[metric])
    assert [r[0] for r in rows() if r[2] == "test.every_brigade"] == sorted([brigade_a.pk, brigade_b.pk])


def test_dirty_days_are_cleared_in_chunks(enterprise_metrics, brigade_a, django_assert_max_num_queries):
    rollups.mark_dirty(brigade_a.pk, [DAY + timedelta(days=n) for n in range(rollups.DELETE_CHUNK + 5)])
    # consecutive days: one range, one query per metric; then 2 DELETEs of dirty rows, not 205
    with django_assert_max_num_queries(len(registry.sums()) + 12):
        assert rollups.rollup_refresh_dirty() == rollups.DELETE_CHUNK + 5
    assert not DirtyDay.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_outside_a_transaction_vacuums_the_rollups_on_postgresql(enterprise_metrics, brigade_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_enterprise(brigade_a, DAY)
    with CaptureQueriesContext(connection) as queries:
        rollups.rollup_rebuild_all()
    vacuums = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("VACUUM")]
    assert len(vacuums) == (2 if connection.vendor == "postgresql" else 0)
    assert monthly_rows() == daily_sums_by_month() != []
