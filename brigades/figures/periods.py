"""Periods of the dashboards and reports: a month, a quarter, a year or a custom range, with the
previous period and the same period a year earlier. Pure date arithmetic, no database.

A period that has not ended yet (this month) is compared like for like: its comparisons are cut
to the same number of days (1–22 November against 1–22 October and 1–22 November last year).
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

MONTH, QUARTER, YEAR, CUSTOM = "month", "quarter", "year", "custom"
KINDS = (MONTH, QUARTER, YEAR, CUSTOM)
MAX_CUSTOM_DAYS = 3 * 366


# Month arithmetic lives here and only here (dateutil's relativedelta clips the day to the month's
# last: 31 January + 1 month is 28/29 February, 29 February − 1 year is 28 February).


def month_bounds(year, month):
    first = date(year, month, 1)
    return first, month_end(first)


def month_end(day):
    return day + relativedelta(day=31)


def add_months(day, months):
    return day + relativedelta(months=months)


def shift_year(day, years=-1):
    return day + relativedelta(years=years)


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date
    full_end: date

    @classmethod
    def month(cls, year, month):
        start, end = month_bounds(year, month)
        return cls(MONTH, start, end, end)

    @classmethod
    def quarter(cls, year, quarter):
        start = date(year, 3 * quarter - 2, 1)
        end = month_bounds(year, 3 * quarter)[1]
        return cls(QUARTER, start, end, end)

    @classmethod
    def year(cls, year):
        return cls(YEAR, date(year, 1, 1), date(year, 12, 31), date(year, 12, 31))

    @classmethod
    def custom(cls, start, end):
        return cls(CUSTOM, start, end, end)

    @property
    def is_partial(self):
        return self.end < self.full_end

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def clipped(self, today):
        """The part up to `today` of a period that has started but not ended."""
        if self.start <= today < self.end:
            return replace(self, end=today)
        return self

    def _like_for_like(self, other):
        if self.is_partial:
            return replace(other, end=min(other.full_end, other.start + (self.end - self.start)))
        return other

    def previous(self):
        if self.kind == MONTH:
            start = add_months(self.start, -1)
            other = Period.month(start.year, start.month)
        elif self.kind == QUARTER:
            start = add_months(self.start, -3)
            other = Period.quarter(start.year, (start.month - 1) // 3 + 1)
        elif self.kind == YEAR:
            other = Period.year(self.start.year - 1)
        else:
            length = self.end - self.start
            end = self.start - timedelta(days=1)
            return Period.custom(end - length, end)
        return self._like_for_like(other)

    def last_year(self):
        if self.kind == MONTH:
            other = Period.month(self.start.year - 1, self.start.month)
        elif self.kind == QUARTER:
            other = Period.quarter(self.start.year - 1, (self.start.month - 1) // 3 + 1)
        elif self.kind == YEAR:
            other = Period.year(self.start.year - 1)
        else:
            return Period.custom(shift_year(self.start), shift_year(self.end))
        return self._like_for_like(other)

    def label(self):
        if self.kind == MONTH:
            text = _("%(month)s/%(year)s") % {"year": self.start.year, "month": self.start.month}
        elif self.kind == QUARTER:
            text = _("Q%(quarter)s %(year)s") % {"year": self.start.year, "quarter": (self.start.month - 1) // 3 + 1}
        elif self.kind == YEAR:
            text = _("Year %(year)s") % {"year": self.start.year}
        else:
            return _("%(start)s to %(end)s") % {"start": self.start.isoformat(), "end": self.end.isoformat()}
        if self.is_partial:
            text += _(" (to %(day)s)") % {"day": f"{self.end.month}-{self.end.day:02d}"}
        return text

    def query(self):
        """The GET parameters that select this period on the dashboards."""
        if self.kind == MONTH:
            return {"period": MONTH, "month": f"{self.start:%Y-%m}"}
        if self.kind == QUARTER:
            return {"period": QUARTER, "quarter": f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"}
        if self.kind == YEAR:
            return {"period": YEAR, "year": str(self.start.year)}
        return {"period": CUSTOM, "start": self.start.isoformat(), "end": self.end.isoformat()}


def current(kind, today):
    if kind == QUARTER:
        return Period.quarter(today.year, (today.month - 1) // 3 + 1)
    if kind == YEAR:
        return Period.year(today.year)
    return Period.month(today.year, today.month)


def parse_period(params, today, default_kind=MONTH):
    """(period, error message or None) from GET parameters; a bad value falls back to the current
    period of the asked kind (and says so) instead of failing."""
    kind = params.get("period") or default_kind
    if kind not in KINDS:
        kind = default_kind
    try:
        if kind == MONTH and params.get("month"):
            year, month = (int(part) for part in params["month"].split("-"))
            period = Period.month(year, month)
        elif kind == QUARTER and params.get("quarter"):
            year, quarter = params["quarter"].upper().split("-Q")
            if not 1 <= int(quarter) <= 4:
                raise ValueError
            period = Period.quarter(int(year), int(quarter))
        elif kind == YEAR and params.get("year"):
            period = Period.year(int(params["year"]))
        elif kind == CUSTOM:
            start = date.fromisoformat(params.get("start", ""))
            end = date.fromisoformat(params.get("end", ""))
            if start > end:
                return current(MONTH, today).clipped(today), _("The start of the range is after its end.")
            if (end - start).days > MAX_CUSTOM_DAYS:
                return current(MONTH, today).clipped(today), _("A custom range may span at most three years.")
            period = Period.custom(start, end)
        else:
            period = current(kind, today)
        if not 2000 <= period.start.year <= 2100:
            raise ValueError
    except (ValueError, TypeError):
        return current(kind if kind != CUSTOM else MONTH, today).clipped(today), _("That period could not be read; showing the current one.")
    return period.clipped(today), None


def last_months(today, count=12):
    """The first days of the last `count` months, oldest first, ending with today's month."""
    first = today.replace(day=1)
    return [add_months(first, -offset) for offset in range(count - 1, -1, -1)]
