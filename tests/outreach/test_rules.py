from datetime import date, time
from decimal import Decimal

import pytest

from outreach import rules


@pytest.mark.parametrize("unit, quantity, refused", [
    ("piece", Decimal("3"), False), ("piece", Decimal("3.00"), False), ("piece", Decimal("2.5"), True),
    ("sheet", Decimal("0.01"), True), ("copy", Decimal("0"), False), ("kg", Decimal("2.5"), False), ("m", Decimal("0.1"), False),
])
def test_whole_numbers_where_the_unit_is_counted(unit, quantity, refused):
    assert rules.quantity_needs_whole_number(unit, quantity) is refused


def test_plain_numbers():
    assert rules.plain_number(Decimal("2000.00")) == 2000 and isinstance(rules.plain_number(Decimal("2000.00")), int)
    assert str(rules.plain_number(Decimal("2.50"))) == "2.5"
    assert rules.plain_number(None) is None


@pytest.mark.parametrize("starts, ends, valid", [
    (time(20, 40), time(21, 20), True), (time(21, 20), time(20, 40), False), (time(7, 0), time(7, 0), False),
    (time(7, 0), time(7, 1), True),
])
def test_a_shift_ends_after_it_starts(starts, ends, valid):
    assert rules.shift_times_valid(starts, ends) is valid


@pytest.mark.parametrize("a, b, overlap", [
    ((time(17, 0), time(17, 30)), (time(17, 30), time(18, 0)), False),  # back to back
    ((time(17, 0), time(17, 31)), (time(17, 30), time(18, 0)), True),
    ((time(7, 0), time(8, 0)), (time(7, 15), time(7, 45)), True),  # inside
    ((time(7, 0), time(8, 0)), (time(20, 0), time(21, 0)), False),
])
def test_times_overlap(a, b, overlap):
    assert rules.times_overlap(*a, *b) is overlap
    assert rules.times_overlap(*b, *a) is overlap


@pytest.mark.parametrize("a, b, overlap", [
    ((date(2026, 9, 1), date(2026, 12, 31)), (date(2026, 12, 31), None), True),  # the last day is shared
    ((date(2026, 9, 1), date(2026, 12, 30)), (date(2026, 12, 31), None), False),
    ((date(2026, 9, 1), None), (date(2030, 1, 1), date(2030, 1, 2)), True),  # open-ended
])
def test_active_ranges_overlap(a, b, overlap):
    assert rules.ranges_overlap(*a, *b) is overlap


def shift(weekdays="12345", starts=time(20, 40), ends=time(21, 20), active_from=date(2026, 9, 1), active_until=None):
    return {"weekdays": weekdays, "starts_at": starts, "ends_at": ends, "active_from": active_from, "active_until": active_until}


def test_shifts_clash_only_on_a_shared_weekday_time_and_range():
    assert rules.shifts_clash(shift(), shift(weekdays="5", starts=time(21, 0), ends=time(21, 40)))
    assert not rules.shifts_clash(shift(), shift(weekdays="67"))
    assert not rules.shifts_clash(shift(), shift(starts=time(21, 20), ends=time(22, 0)))
    assert not rules.shifts_clash(shift(active_until=date(2026, 10, 31)), shift(active_from=date(2026, 11, 1)))


def test_a_shift_runs_on_its_weekdays_within_its_range():
    kwargs = {"weekdays": "135", "active_from": date(2026, 11, 2), "active_until": date(2026, 11, 6)}
    assert rules.shift_runs_on(date(2026, 11, 2), **kwargs)  # Monday, first day
    assert not rules.shift_runs_on(date(2026, 11, 3), **kwargs)  # Tuesday
    assert rules.shift_runs_on(date(2026, 11, 6), **kwargs)  # Friday, last day
    assert not rules.shift_runs_on(date(2026, 11, 9), **kwargs)  # Monday after the range
    assert not rules.shift_runs_on(date(2026, 10, 26), **kwargs)


def test_coverage_rate():
    assert rules.coverage_rate(0, 0) is None
    assert rules.coverage_rate(197, 200) == 98.5
    assert rules.coverage_rate(3, 3) == 100.0
