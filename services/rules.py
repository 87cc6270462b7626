"""Pure rules of the services app: no database, easy to test at their boundaries."""

from datetime import timedelta
from decimal import Decimal
from statistics import median as _median

from django.utils.translation import gettext as _

from .choices import WORK_ORDER_UNREPLIED, CountScheme, PermitState, PermitStatus

# When no rule names a channel and category, a work order is due within 5 days (120 hours): the
# municipal 12345 hotline gives general requests five days; the detachment sets shorter times for
# urgent kinds in the due-time rules (reference data, edited in the admin).
DEFAULT_REPLY_HOURS = 120
# "Due soon": not yet replied and due within this many hours, shown amber in the lists.
DUE_SOON_HOURS = 24
# Permits listed as "expiring soon" end within this many days.
EXPIRING_WITHIN_DAYS = 7


def reply_due_at(received_at, hours_allowed):
    """The time by which the caller must have a reply: received time plus the hours allowed."""
    if received_at is None:
        return None
    return received_at + timedelta(hours=hours_allowed)


def is_overdue(status, due_at, now):
    """Overdue: past the due time and not yet replied (a late reply is 'replied late', not overdue)."""
    return status in WORK_ORDER_UNREPLIED and due_at is not None and due_at < now


def is_due_soon(status, due_at, now, window_hours=DUE_SOON_HOURS):
    """Not yet replied, not overdue, and due within the window."""
    return (
        status in WORK_ORDER_UNREPLIED
        and due_at is not None
        and now <= due_at <= now + timedelta(hours=window_hours)
    )


def replied_on_time(replied_at, due_at):
    return replied_at is not None and due_at is not None and replied_at <= due_at


def minutes_between(start, end):
    """Whole minutes from start to end (rounded down), or None if either is missing."""
    if start is None or end is None:
        return None
    return int((end - start).total_seconds() // 60)


def median(values):
    values = [v for v in values if v is not None]
    return _median(values) if values else None


def rate(numerator, denominator, scale=100):
    """numerator ÷ denominator × scale, rounded to one decimal; None when the base is zero."""
    if not denominator:
        return None
    return round(numerator * scale / denominator, 1)


def counter_count_errors(scheme, *, sat=0, passed=0, licences_made=0, handled=0):
    """The refusals of one cell group of the daily tally, as {count name: message}.

    An exam cannot pass more candidates than sat it, and a licence is made only for a candidate who
    passed (《机动车驾驶证申领和使用规定》: the licence is issued after all subjects are passed).
    Counts are never negative.
    """
    errors = {}
    values = {"sat": sat, "passed": passed, "licences_made": licences_made, "handled": handled}
    for name, value in values.items():
        if value is not None and value < 0:
            errors[name] = _("A count cannot be negative.")
    if errors:
        return errors
    sat, passed, licences_made = sat or 0, passed or 0, licences_made or 0
    if scheme in (CountScheme.EXAM, CountScheme.EXAM_WITH_LICENCE) and passed > sat:
        errors["passed"] = _("More passed (%(passed)s) than sat the exam (%(sat)s).") % {"passed": passed, "sat": sat}
    if scheme == CountScheme.EXAM_WITH_LICENCE and licences_made > passed:
        errors["licences_made"] = _("More licences made (%(made)s) than candidates passed (%(passed)s).") % {
            "made": licences_made, "passed": passed,
        }
    return errors


def permit_state(status, valid_from, valid_to, today, expiring_within_days=EXPIRING_WITHIN_DAYS):
    """What a permit is on `today`. Expiry is never stored: an approved permit whose last valid day
    is before today is expired; one ending within the window is expiring soon."""
    if status == PermitStatus.APPLIED:
        return PermitState.APPLIED
    if status == PermitStatus.REFUSED:
        return PermitState.REFUSED
    if status == PermitStatus.REVOKED:
        return PermitState.REVOKED
    if valid_to < today:
        return PermitState.EXPIRED
    if valid_from > today:
        return PermitState.NOT_YET_VALID
    if valid_to <= today + timedelta(days=expiring_within_days):
        return PermitState.EXPIRING
    return PermitState.VALID_TODAY


# --- Relief fund ------------------------------------------------------------------------------------


def relief_completion_rate(*, paid, target):
    """救助基金垫付完成率 as the articles report it (直属二: 142 %): advances paid ÷ the advances the
    brigade was set to handle (垫付任务数) × 100. Over 100 % means more than the target; None when
    no target was set."""
    if not target:
        return None
    return Decimal(paid) * 100 / Decimal(target)


def relief_recovery_rate(*, recovered, advanced):
    """Amount recovered ÷ amount paid × 100 over a period (recoveries may repay earlier years'
    advances, so a period's rate can pass 100 %); None when nothing was paid."""
    if not advanced:
        return None
    return Decimal(recovered) * 100 / Decimal(advanced)
