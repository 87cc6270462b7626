"""Pure rules of outreach work: no database, easy to test at their boundaries."""

from datetime import date, time
from decimal import Decimal

from .choices import COUNTED_UNITS


def quantity_is_whole(quantity):
    return Decimal(quantity) == Decimal(quantity).to_integral_value()


def plain_number(quantity):
    """An int when whole (2000), else the shortest decimal (2.5): for display and figures."""
    if quantity is None:
        return None
    quantity = Decimal(quantity)
    if quantity == quantity.to_integral_value():
        return int(quantity)
    return quantity.normalize()


def quantity_needs_whole_number(unit, quantity):
    """True when `quantity` of a material counted in `unit` is refused for not being whole:
    leaflets, stickers and helmets are handed out one by one, so 2.5 is a typing error."""
    return unit in COUNTED_UNITS and not quantity_is_whole(quantity)


def shift_times_valid(starts_at: time, ends_at: time) -> bool:
    """A shift ends after it starts, on the same day (escort shifts never run past midnight)."""
    return ends_at > starts_at


def ranges_overlap(start_a, end_a, start_b, end_b):
    """Closed ranges [start, end]; an end of None runs forever (an open-ended shift)."""
    end_a = end_a or date.max
    end_b = end_b or date.max
    return start_a <= end_b and start_b <= end_a


def times_overlap(starts_a: time, ends_a: time, starts_b: time, ends_b: time) -> bool:
    """Half-open [start, end): a shift ending at 17:30 does not clash with one starting at 17:30,
    so an officer may walk from one gate to the next."""
    return starts_a < ends_b and starts_b < ends_a


def shifts_clash(a, b) -> bool:
    """Two weekly shifts (mappings with weekdays, starts_at, ends_at, active_from, active_until)
    clash when they share a weekday, overlap in time and overlap in their active date ranges."""
    return (
        bool(set(a["weekdays"]) & set(b["weekdays"]))
        and times_overlap(a["starts_at"], a["ends_at"], b["starts_at"], b["ends_at"])
        and ranges_overlap(a["active_from"], a["active_until"], b["active_from"], b["active_until"])
    )


def shift_runs_on(day: date, *, weekdays, active_from, active_until) -> bool:
    """Whether a weekly shift is planned on `day`."""
    if day < active_from or (active_until is not None and day > active_until):
        return False
    return str(day.isoweekday()) in weekdays


def coverage_rate(staffed, planned):
    """Staffed ÷ planned shift-days in percent, or None with nothing planned."""
    if not planned:
        return None
    return round(100 * staffed / planned, 1)
