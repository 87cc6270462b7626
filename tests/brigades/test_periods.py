from datetime import date

import pytest
from django.utils import translation

from brigades.figures.periods import Period, last_months, parse_period

TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def test_this_month_is_compared_like_for_like():
    period, error = parse_period({}, TODAY)
    assert error is None
    assert (period.start, period.end) == (date(2026, 11, 1), TODAY)
    assert (period.previous().start, period.previous().end) == (date(2026, 10, 1), date(2026, 10, 22))
    assert (period.last_year().start, period.last_year().end) == (date(2025, 11, 1), date(2025, 11, 22))
    assert period.label() == "2026年11月（截至11-22）"


def test_a_past_month_compares_with_whole_months():
    period, _ = parse_period({"period": "month", "month": "2026-03"}, TODAY)
    assert (period.previous().start, period.previous().end) == (date(2026, 2, 1), date(2026, 2, 28))
    assert period.last_year().end == date(2025, 3, 31)
    assert period.label() == "2026年3月"


def test_quarter_year_and_custom():
    quarter, _ = parse_period({"period": "quarter", "quarter": "2026-Q1"}, TODAY)
    assert (quarter.start, quarter.end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert quarter.previous().start == date(2025, 10, 1)
    assert quarter.label() == "2026年第1季度"
    year, _ = parse_period({"period": "year", "year": "2025"}, TODAY)
    assert (year.start, year.end, year.label()) == (date(2025, 1, 1), date(2025, 12, 31), "2025年")
    custom, _ = parse_period({"period": "custom", "start": "2024-02-20", "end": "2024-03-01"}, TODAY)
    assert (custom.previous().start, custom.previous().end) == (date(2024, 2, 9), date(2024, 2, 19))
    assert custom.last_year().start == date(2023, 2, 20)
    assert custom.label() == "2024-02-20 至 2024-03-01"


@pytest.mark.parametrize("params", [
    {"period": "month", "month": "2026-13"},
    {"period": "quarter", "quarter": "2026-Q5"},
    {"period": "year", "year": "abc"},
    {"period": "custom", "start": "2026-05-01", "end": "2026-04-01"},
    {"period": "custom", "start": "2019-01-01", "end": "2026-01-01"},
])
def test_bad_periods_fall_back_with_a_chinese_message(params):
    period, error = parse_period(params, TODAY)
    assert error and any("\u4e00" <= ch <= "\u9fff" for ch in error)
    assert period.end <= TODAY


def test_leap_day_last_year_and_last_months():
    period = Period.custom(date(2024, 2, 29), date(2024, 2, 29))
    assert period.last_year().start == date(2023, 2, 28)
    months = last_months(TODAY)
    assert months[0] == date(2025, 12, 1) and months[-1] == date(2026, 11, 1) and len(months) == 12
