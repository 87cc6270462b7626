"""Month lock: records dated in a month whose report a leader approved cannot be added, changed or
deleted, until an administrator unlocks the month (brigades.operations.report_unlock, audited).

Checked in three places: BrigadeRecordForm.clean (a form error on the date), the API's
BrigadeRecordSerializer.validate (a JSON 400 on the date field) and, as the last line of defence for
the admin, operations and the shell, the pre_save/pre_delete receivers (brigades.signals).
A record is checked against both its new day and, when edited, the day it had: moving a record out
of a locked month is a change to that month.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import ReportStatus
from .models import MonthlyReport
from .record_days import PREVIOUS, local_day


def month_start(day):
    return day.replace(day=1)


def month_label(day):
    return _("%(month)s/%(year)s") % {"year": day.year, "month": day.month}


def locked_months(pairs):
    """The (brigade_id, first day of month) among `pairs` whose month is approved and locked."""
    pairs = {(brigade_id, month_start(day)) for brigade_id, day in pairs if brigade_id and day}
    if not pairs:
        return set()
    found = MonthlyReport.objects.filter(
        status=ReportStatus.APPROVED,
        brigade_id__in={b for b, _m in pairs},
        month__in={m for _b, m in pairs},
    ).values_list("brigade_id", "month")
    return set(found) & pairs


def lock_message(day):
    return _(
        "%(month)s has been approved and is locked: records dated in it cannot be added, changed "
        "or deleted. Ask an administrator to unlock the month."
    ) % {"month": month_label(day)}


def record_day(model, value):
    return local_day(model._meta.get_field(model.date_field), value)


def first_locked(brigade_id, days):
    locked = locked_months((brigade_id, day) for day in days)
    for day in sorted(d for d in days if d):
        if (brigade_id, month_start(day)) in locked:
            return day
    return None


def check_record_unlocked(instance, *, deleting=False):
    """Raise ValidationError({date_field: ...}) if the record's new or previous day is locked."""
    model = type(instance)
    if not model.date_field:
        return
    pairs = set()
    if not deleting:
        pairs.add((instance.brigade_id, instance.record_date()))
    if instance.pk is not None:
        previous_brigade, previous_days = instance.__dict__.get(PREVIOUS, (None, {}))
        pairs.add((previous_brigade, previous_days.get(model.date_field)))
        if deleting:
            pairs.add((instance.brigade_id, instance.record_date()))
    locked = locked_months(pairs)
    if locked:
        _brigade, month = min(locked, key=lambda pair: pair[1])
        raise ValidationError({model.date_field: lock_message(month)}, code="month_locked")


def check_change_unlocked(model, brigade_id, new_day, old_brigade_id=None, old_day=None):
    """For forms and serializers: the error message if adding/editing would touch a locked month."""
    if not model.date_field:
        return None
    pairs = {(brigade_id, record_day(model, new_day)), (old_brigade_id, record_day(model, old_day))}
    locked = locked_months(pairs)
    if locked:
        return lock_message(min(month for _b, month in locked))
    return None
