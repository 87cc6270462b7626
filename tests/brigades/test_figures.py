"""Selectors over the rollups: sums and rates over any period and group of brigades equal the
figures computed straight from the records (property-based), in one query."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brigades.figures import selectors as figures
from brigades.figures.registry import PerCapitaMetric, SumMetric, registry
from brigades.models import DailyFigure
from brigades.figures.rollups import rollup_rebuild_all, rollup_refresh
from hazards.models import Enterprise
from tests.factories import BrigadeFactory, JurisdictionFactory

from .rollup_metrics import ENTERPRISES, HIGH_RISK, HIGH_SHARE, TONNES, direct_figures, make_enterprise

pytestmark = pytest.mark.django_db

FIRST = date(2026, 1, 1)
SPAN = 70

records = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, SPAN - 1), st.sampled_from(["high", "medium", "low"])),
    max_size=25,
)
periods = st.tuples(st.integers(0, SPAN - 1), st.integers(0, SPAN - 1)).map(sorted)
groups = st.sets(st.integers(0, 2), min_size=1)


@pytest.fixture
def three_brigades(db):
    return [BrigadeFactory() for _ in range(3)]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=records, period=periods, group=groups)
def test_rollups_over_any_period_and_group_equal_the_records(enterprise_metrics, three_brigades, records, period, group):
    Enterprise.objects.all().delete()
    DailyFigure.objects.all().delete()
    made = [make_enterprise(three_brigades[b], FIRST + timedelta(days=d), risk=risk) for b, d, risk in records]
    rollup_rebuild_all(start=FIRST, end=FIRST + timedelta(days=SPAN))
    start, end = (FIRST + timedelta(days=d) for d in period)
    ids = [three_brigades[i].pk for i in group]

    got = figures.figures(figures.visible_metrics([ENTERPRISES, HIGH_RISK, TONNES, HIGH_SHARE]), ids, start, end)
    expected = direct_figures(made, ids, start, end)
    assert got[ENTERPRISES].value == expected[ENTERPRISES]
    assert got[HIGH_RISK].value == expected[HIGH_RISK]
    assert got[TONNES].value == expected[TONNES]
    share = got[HIGH_SHARE]
    if expected[ENTERPRISES] < 3:
        assert share.insufficient and share.value is None
    else:
        assert share.value == Decimal(expected[HIGH_RISK]) / Decimal(expected[ENTERPRISES]) * 100

    by_brigade = figures.figures_by_brigade(figures.visible_metrics([ENTERPRISES]), ids, start, end)
    for brigade_id in ids:
        assert by_brigade[brigade_id][ENTERPRISES].value == direct_figures(made, [brigade_id], start, end)[ENTERPRISES]

    all_four = figures.visible_metrics([ENTERPRISES, HIGH_RISK, TONNES, HIGH_SHARE])
    side_by_side, together = figures.figures_side_by_side(all_four, ids, start, end)
    assert together == got
    assert side_by_side == figures.figures_by_brigade(all_four, ids, start, end)


def test_many_metrics_cost_one_query(enterprise_metrics, brigade_a, django_assert_num_queries):
    make_enterprise(brigade_a, FIRST)
    rollup_refresh(None, FIRST, FIRST)
    metrics = figures.visible_metrics([m.key for m in enterprise_metrics])
    with django_assert_num_queries(1):
        figures.figures(metrics, [brigade_a.pk], FIRST, FIRST + timedelta(days=30))
    with django_assert_num_queries(1):
        figures.figures_by_brigade(metrics, [brigade_a.pk], FIRST, FIRST + timedelta(days=30))
    with django_assert_num_queries(1):
        figures.monthly_series(metrics, [brigade_a.pk], FIRST, 12)


def test_every_registered_metric_costs_at_most_two_queries(brigade_a, django_assert_max_num_queries):
    """One for the rollups, and one for the populations when a per-capita figure is shown."""
    with django_assert_max_num_queries(2):
        figures.figures(figures.visible_metrics(), [brigade_a.pk], FIRST, FIRST + timedelta(days=30))
    with django_assert_max_num_queries(2):
        figures.figures_by_brigade(figures.visible_metrics(), [brigade_a.pk], FIRST, FIRST + timedelta(days=30))


def test_monthly_series_splits_by_month_and_divides_each_month(enterprise_metrics, brigade_a):
    for _ in range(3):
        make_enterprise(brigade_a, date(2026, 1, 31), risk="high")
    make_enterprise(brigade_a, date(2026, 2, 1))
    rollup_refresh(None, date(2026, 1, 1), date(2026, 3, 31))
    months, series = figures.monthly_series(figures.visible_metrics(), [brigade_a.pk], date(2026, 1, 1), 3)
    assert months == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert [f.value for f in series[ENTERPRISES]] == [3, 1, 0]
    assert series[HIGH_SHARE][0].value == 100
    assert series[HIGH_SHARE][1].insufficient  # a base of 1 is below min_base 3


def test_a_rate_with_a_missing_part_is_hidden(enterprise_metrics):
    from brigades.figures.registry import RatioMetric

    with registry.temporarily(RatioMetric("test.orphan", "orphan", "%", "nowhere.count", ENTERPRISES)):
        assert "test.orphan" not in {m.key for m in figures.visible_metrics()}


def test_deaths_per_ten_thousand_people_divides_by_the_years_population(brigade_a, brigade_b):
    def deaths(start, end, brigade_ids):
        rows = [(brigade_a.pk, date(2026, 3, 1), 4), (brigade_b.pk, date(2026, 3, 2), 6)]
        return [row for row in rows if start <= row[1] <= end]

    JurisdictionFactory(brigade=brigade_a, year=2025, population=200_000)
    JurisdictionFactory(brigade=brigade_b, year=2026, population=300_000)
    rate = PerCapitaMetric("test.death_rate", "deaths per 10 000", "", "test.deaths")
    with registry.temporarily(SumMetric("test.deaths", "deaths", "", deaths), rate):
        rollup_refresh(None, date(2026, 1, 1), date(2026, 12, 31), metrics=[registry["test.deaths"]])
        both = figures.figures([rate], [brigade_a.pk, brigade_b.pk], date(2026, 1, 1), date(2026, 12, 31))
        # brigade A has no 2026 figure: its 2025 population stands in
        assert both[rate.key].value == Decimal(10) / Decimal(500_000) * 10_000
        alone = figures.figures_by_brigade([rate], [brigade_a.pk], date(2026, 1, 1), date(2026, 12, 31))
        assert alone[brigade_a.pk][rate.key].value == Decimal(4) / Decimal(200_000) * 10_000
        none = figures.figures([rate], [brigade_a.pk], date(2024, 1, 1), date(2024, 12, 31))
        assert none[rate.key].insufficient


def test_records_url_filters_the_list_to_brigade_and_period(enterprise_metrics, brigade_a):
    url = figures.records_url(registry[HIGH_SHARE], date(2026, 1, 1), date(2026, 1, 31), brigade_a.pk)
    assert url.startswith("/organisation/officers/?")
    assert f"brigade={brigade_a.pk}" in url and "created_after=2026-01-01" in url and "created_before=2026-01-31" in url
    assert "kind=police" in url
    assert figures.records_url(registry[TONNES], date(2026, 1, 1), date(2026, 1, 31)) is None


def test_the_deaths_rate_appears_once_the_deaths_metric_exists():
    assert "brigades.deaths_per_10k" in registry
    visible = {m.key for m in figures.visible_metrics()}
    if "hazards.deaths" in registry:
        assert "brigades.deaths_per_10k" in visible
    else:
        assert "brigades.deaths_per_10k" not in visible
        with registry.temporarily(SumMetric("hazards.deaths", "deaths", "", lambda s, e, b: [])):
            assert "brigades.deaths_per_10k" in {m.key for m in figures.visible_metrics()}


@pytest.mark.parametrize("start, end, months, days", [
    # a year to today: January–October from the monthly rows, 1–22 November from the daily rows
    (date(2026, 1, 1), date(2026, 11, 22), (date(2026, 1, 1), date(2026, 10, 1)), [(date(2026, 11, 1), date(2026, 11, 22))]),
    (date(2026, 1, 1), date(2026, 12, 31), (date(2026, 1, 1), date(2026, 12, 1)), []),
    (date(2026, 1, 15), date(2026, 3, 10), (date(2026, 2, 1), date(2026, 2, 1)),
     [(date(2026, 1, 15), date(2026, 1, 31)), (date(2026, 3, 1), date(2026, 3, 10))]),
    (date(2026, 2, 1), date(2026, 2, 28), (date(2026, 2, 1), date(2026, 2, 1)), []),
    (date(2026, 2, 1), date(2026, 2, 27), None, [(date(2026, 2, 1), date(2026, 2, 27))]),
    (date(2026, 1, 31), date(2026, 2, 1), None, [(date(2026, 1, 31), date(2026, 2, 1))]),
])
def test_a_period_reads_whole_months_from_the_monthly_rows(start, end, months, days):
    assert figures.split_months(start, end) == (months, days)


def test_a_year_to_date_reads_months_and_days_in_one_query(enterprise_metrics, brigade_a, django_assert_num_queries):
    for day in (date(2026, 1, 31), date(2026, 6, 15), date(2026, 11, 1), date(2026, 11, 22), date(2026, 11, 23)):
        make_enterprise(brigade_a, day)
    rollup_refresh(None, date(2026, 1, 1), date(2026, 12, 31))
    metrics = figures.visible_metrics([ENTERPRISES])
    with django_assert_num_queries(1):
        got = figures.figures(metrics, [brigade_a.pk], date(2026, 1, 1), date(2026, 11, 22))
    assert got[ENTERPRISES].value == 4
