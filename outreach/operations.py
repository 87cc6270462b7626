"""Writes of outreach work that are more than a plain form save: escort shifts (no officer
double-booked), the duty log (one click for a normal day), and an event's materials.
The web views and the API call these same functions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from brigades.records import input_rules
from brigades.models import Officer

from . import rules
from .choices import Staffing
from .models import EscortDutyLog, EscortShift, EventMaterial
from .selectors import conflict_messages, shift_conflicts, shifts_on


@transaction.atomic
def shift_save(*, shift, officers, user=None):
    """Create or change a weekly escort shift with its officers.

    Refused, with nothing saved: a shift that ends before it starts, and an officer already on
    another shift that shares a weekday, overlaps in time and in active dates (one officer cannot
    stand at two schools at once). The officers' rows are locked so that two clerks assigning the
    same officer at the same moment cannot both succeed.
    """
    officers = list(Officer.objects.select_for_update().filter(pk__in=[o.pk for o in officers]).order_by("pk"))
    if shift.pk is None and user is not None:
        shift.created_by = user
    shift.full_clean()
    foreign = [o for o in officers if o.brigade_id != shift.brigade_id]
    if foreign:
        raise ValidationError({"officers": _("This belongs to another brigade.")})
    conflicts = shift_conflicts(
        officers=officers, weekdays=shift.weekdays, starts_at=shift.starts_at, ends_at=shift.ends_at,
        active_from=shift.active_from, active_until=shift.active_until, exclude_pk=shift.pk,
    )
    if conflicts:
        raise ValidationError({"officers": conflict_messages(conflicts)})
    shift.save()
    shift.officers.set(officers)
    return shift


def _check_duty_day(shift, day, staffing):
    if problem := input_rules.date_problem(day):
        raise ValidationError({"date": problem})
    if staffing != Staffing.UNSTAFFED and (problem := input_rules.not_started_problem(day, shift.starts_at)):
        raise ValidationError({"staffing": problem})
    if not shift.runs_on(day):
        raise ValidationError({"shift": _("This shift is not planned on %(day)s.") % {"day": f"{day:%Y-%m-%d}"}})


@transaction.atomic
def duty_log_record(*, shift, date, staffing, officers=None, incident=False, congestion=False, note="", user=None):
    """Record (or correct) how one shift went on one day. Staffed with no officers named means
    staffed as planned, by the shift's officers; an unstaffed shift has nobody on duty."""
    shift = EscortShift.objects.select_for_update().get(pk=shift.pk)
    _check_duty_day(shift, date, staffing)
    log = EscortDutyLog.objects.filter(shift=shift, date=date).first() or EscortDutyLog(
        brigade_id=shift.brigade_id, shift=shift, date=date, created_by=user
    )
    if staffing == Staffing.UNSTAFFED:
        officers = []
    elif not officers:
        officers = list(shift.officers.all())
    foreign = [o for o in officers if o.brigade_id != shift.brigade_id]
    if foreign:
        raise ValidationError({"officers": _("This belongs to another brigade.")})
    log.staffing = staffing
    log.incident = incident
    log.congestion = congestion
    log.note = note
    log.full_clean(validate_unique=False)
    log.save()
    log.officers.set(officers)
    return log


@transaction.atomic
def duty_log_all_staffed(*, brigade, date, user=None):
    """The quick entry for a normal day: every shift planned that day and not yet recorded is
    recorded as staffed as planned by its officers. Shifts already recorded (an exception entered
    first) are left as they are. Returns the logs created."""
    if problem := input_rules.date_problem(date):
        raise ValidationError({"date": problem})
    shifts = (
        shifts_on(date, [brigade.pk])
        .exclude(duty_logs__date=date)
        .select_for_update(of=("self",))
        .prefetch_related("officers")
        .order_by("pk")
    )
    created = []
    for shift in shifts:
        if input_rules.not_started_problem(date, shift.starts_at):
            continue  # this evening's shift is recorded once it has started
        # save() per row: the rollups listen to saves.
        log = EscortDutyLog(brigade=brigade, shift=shift, date=date, staffing=Staffing.STAFFED, created_by=user)
        log.save()
        log.officers.set(shift.officers.all())
        created.append(log)
    return created


@transaction.atomic
def event_set_materials(*, event, quantities):
    """Make the event's materials exactly `quantities` ({Material: quantity}); a countable unit
    takes whole numbers only. Rows are saved one by one (the rollups listen to saves)."""
    errors = []
    for material, quantity in quantities.items():
        if quantity is None or quantity < 0:
            errors.append(_("%(material)s: the quantity cannot be below zero.") % {"material": material.name})
        elif rules.quantity_needs_whole_number(material.unit, quantity):
            errors.append(_("%(material)s is counted in %(unit)s: enter a whole number.") % {
                "material": material.name, "unit": material.get_unit_display()})
    if errors:
        raise ValidationError({"materials": errors})
    existing = {row.material_id: row for row in event.materials.all()}
    for material, quantity in quantities.items():
        row = existing.pop(material.pk, None) or EventMaterial(event=event, material=material)
        if row.quantity != quantity:
            row.quantity = quantity
            row.save()
    for row in existing.values():
        row.delete()
