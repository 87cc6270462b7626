"""Month lock: what an approved month locks, decided once for every record and child row.

A leader's approval fixes a month's FACTS, not the work that follows them (DOMAIN.md §8):

- locked: creating or deleting a record with a rollup day in the month; moving one of its rollup
  days (its date, a rectified/cleared/replied date...) into or out of the month; changing a value
  its figures count (a "fact field": an editable field that is not free text and not one of the
  model's `lifecycle_fields`) of a record with a rollup day in the month; adding, editing or
  removing a child row whose `lock_pairs()` fall in the month (the materials of an event, its
  photos, a hazard's before-photos, a measure done in the month);
- allowed: every transition dated in an open month on a record of an approved month (assign,
  start, rectify, return, sign off, close, re-inspect, clear, reply...): its status and lifecycle
  fields change, and only the days of the dates it sets are checked (a transition setting a date
  in an approved month — a clearance dated 20 October once October is approved — is refused).

The days are the same (brigade, day) pairs the rollup dirty marking computes (brigades.signals),
kept only where something the day is counted from changed. Refusals are `MonthLocked`, a
ValidationError keyed by the field that matters: forms show it on that field (the model's
full_clean), the API answers 400 (brigades.records.api.exceptions), the admin and any other page show it as
a message (brigades.middleware.MonthLockedMiddleware), imports as a row error.

Approval and writes are serialised per brigade-month: every write takes a shared lock on the months
it touches, inside its transaction, and reads their status after it; approval takes the exclusive
lock. On PostgreSQL these are transaction-level advisory locks (no report row need exist; writes do
not wait for each other); SQLite serialises writers anyway.
"""

import zlib

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils.translation import gettext as _

from ..choices import ReportStatus
from ..models import MonthlyReport
from .record_days import PREVIOUS, local_day

# The fact values remembered at load time to tell what a save changed (brigades.signals); the
# rollup days are remembered under record_days.PREVIOUS.
PREVIOUS_FACTS = "_lock_previous_facts"
LOCK_NAMESPACE = zlib.crc32(b"brigades.records.month_lock") & 0x7FFF


class MonthLocked(ValidationError):
    """A write refused because it would change a day of an approved month."""


def month_start(day):
    return day.replace(day=1)


def month_label(day):
    return _("%(month)s/%(year)s") % {"year": day.year, "month": day.month}


def lock_message(day):
    return _(
        "%(month)s has been approved and is locked: its records and figures cannot be added, changed "
        "or deleted (work on them dated in an open month is allowed). Ask an administrator to unlock the month."
    ) % {"month": month_label(day)}


def _month_key(brigade_id, month):
    # One bigint per brigade-month: namespace (15 bits) | brigade (28 bits) | months since year 0 (20 bits).
    return (LOCK_NAMESPACE << 48) | ((brigade_id & 0xFFFFFFF) << 20) | (month.year * 12 + month.month - 1)


def _advisory_lock(months, *, exclusive):
    if connection.vendor != "postgresql" or not months or not connection.in_atomic_block:
        return
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    with connection.cursor() as cursor:
        # Sorted: two writers touching the same months take them in the same order (no deadlock).
        for key in sorted(_month_key(b, m) for b, m in months):
            cursor.execute(f"SELECT {function}(%s)", [key])


def lock_month_for_approval(brigade_id, month):
    """Called by the approval and the unlock, inside their transaction: waits for the writes in
    flight on the month to commit, and makes later ones wait until the approval has committed."""
    _advisory_lock({(brigade_id, month_start(month))}, exclusive=True)


def locked_months(pairs):
    """The (brigade_id, first day of month) among `pairs` whose month is approved and locked.
    Inside a transaction on PostgreSQL, holds a shared lock on each month until it ends."""
    pairs = {(brigade_id, month_start(day)) for brigade_id, day in pairs if brigade_id and day}
    if not pairs:
        return set()
    _advisory_lock(pairs, exclusive=False)
    found = MonthlyReport.objects.filter(
        status=ReportStatus.APPROVED,
        brigade_id__in={b for b, _m in pairs},
        month__in={m for _b, m in pairs},
    ).values_list("brigade_id", "month")
    return set(found) & pairs


# ------------------------------------------------------------------ what a write touches


def fact_fields(model):
    """The names of the editable fields a figure may count: not free text, not a file, not the
    brigade (checked on its own), not a rollup date (checked by its days), not one of the
    `lifecycle_fields` the model's transitions set (a hazard's responsible party...)."""
    cached = model.__dict__.get("_lock_fact_fields")
    if cached is not None:
        return cached
    skip = {"brigade", *getattr(model, "all_rollup_date_fields", lambda: ())(), *getattr(model, "lifecycle_fields", ())}
    names = []
    for field in model._meta.concrete_fields:
        if field.primary_key or not field.editable or field.name in skip:
            continue
        if isinstance(field, (models.TextField, models.FileField)):
            continue
        if isinstance(field, models.CharField) and not field.choices:
            continue
        names.append(field.attname)
    model._lock_fact_fields = tuple(names)
    return model._lock_fact_fields


def remember_facts(instance):
    values = instance.__dict__
    instance.__dict__[PREVIOUS_FACTS] = {name: values[name] for name in fact_fields(type(instance)) if name in values}


def record_days(instance):
    """(brigade_id, {field: day}) of a record's rollup date fields as it holds them now."""
    values = instance.__dict__
    days = {}
    for name in type(instance).all_rollup_date_fields():
        field = instance._meta.get_field(name)
        try:
            days[name] = local_day(field, values.get(field.attname))
        except ValidationError:
            days[name] = None  # an unreadable value is the form's error, not the lock's
    return values.get("brigade_id"), days


def _changed_facts(instance):
    previous = instance.__dict__.get(PREVIOUS_FACTS, {})
    values = instance.__dict__
    return [name for name, old in previous.items() if name in values and values[name] != old]


def touched(instance, *, deleting=False):
    """{(brigade_id, day): field name} of the days a save (or delete) of a record would change."""
    model = type(instance)
    brigade_id, days = record_days(instance)
    old_brigade, old_days = instance.__dict__.get(PREVIOUS, (None, {}))
    adding = instance._state.adding or instance.pk is None
    result = {}

    def add(brigade, field_days):
        """field_days: {field: day}, or [(field, day)]."""
        items = field_days.items() if isinstance(field_days, dict) else field_days
        for name, day in items:
            if brigade and day is not None:
                result.setdefault((brigade, day), name)

    if adding:
        add(brigade_id, days)
        return result
    if deleting or (old_brigade is not None and old_brigade != brigade_id):
        add(brigade_id, days)
        add(old_brigade, old_days)
        return result
    changed_facts = _changed_facts(instance)
    if changed_facts:
        # A counted value changed: every day the record counts on, under the field that changed.
        name = model._meta.get_field(changed_facts[0]).name
        add(brigade_id, [(name, day) for day in days.values()])
        add(old_brigade, [(name, day) for day in old_days.values()])
    lifecycle = lifecycle_date_fields(model)
    for name, day in days.items():
        old = old_days.get(name, day)
        if old != day:
            add(brigade_id, {name: day})
            # A transition that moves or clears a lifecycle date (a return clears the rectified
            # date, a relapse the sign-off) is work dated when it is done, not a change of the
            # old day's facts: only a date it sets is checked. A fact date is checked both ways.
            if name not in lifecycle:
                add(old_brigade or brigade_id, {name: old})
    return result


def lifecycle_date_fields(model):
    """The rollup date fields only transitions set: not editable, or one of `lifecycle_fields`;
    never the record's own date (`date_field`), which is always a fact of its day."""
    return {
        name for name in model.all_rollup_date_fields()
        if name != model.date_field
        and (not model._meta.get_field(name).editable or name in getattr(model, "lifecycle_fields", ()))
    }


def _refuse(found, locked):
    """Raise MonthLocked on the field of the earliest locked day."""
    day, name = min(((day, name) for (brigade, day), name in found.items() if (brigade, month_start(day)) in locked))
    raise MonthLocked({name or "__all__": lock_message(day)}, code="month_locked")


def check_record_unlocked(instance, *, deleting=False):
    """Raise MonthLocked if saving (or deleting) the record would change a day of an approved month."""
    if not type(instance).all_rollup_date_fields():
        return
    found = touched(instance, deleting=deleting)
    locked = locked_months(found)
    if locked:
        _refuse(found, locked)


def check_child_unlocked(instance, *, deleting=False):
    """The same for a child row (a hazard's photo, an event's material): its `lock_pairs()`, as it
    is now and as it is stored, must not fall in an approved month, unless nothing counted changed.
    The stored row is read here (one query, on writes only), not remembered on every load."""
    model = type(instance)
    now = {pair: "__all__" for pair in instance.lock_pairs()}
    stored = None
    if instance.pk is not None and not instance._state.adding:
        stored = model._base_manager.filter(pk=instance.pk).first()
    before = set(stored.lock_pairs()) if stored is not None else set()
    if stored is not None and not deleting:
        facts = fact_fields(model)
        changed = [n for n in facts if getattr(stored, n) != getattr(instance, n)]
        if not changed and set(now) == before:
            return  # a caption or a note: no figure counts it
    found = {**{pair: "__all__" for pair in before}, **({} if deleting and stored is None else now)}
    locked = locked_months(found)
    if locked:
        _refuse(found, locked)


def day_of(brigade_id, field, value):
    """[(brigade_id, local day)] of one date or datetime value (empty when either is missing):
    the building block of a child model's `lock_pairs()`."""
    day = local_day(field, value) if value not in (None, "") else None
    return [(brigade_id, day)] if brigade_id and day else []


def would_refuse(instance, **changes):
    """The lock's message if setting `changes` on the instance (or creating it) would be refused,
    else None; the instance is left as it was. For serializers, which validate before saving."""
    import copy

    probe = copy.copy(instance)
    probe.__dict__ = dict(instance.__dict__)
    probe._state = copy.copy(instance._state)
    probe._state.fields_cache = dict(instance._state.fields_cache)
    for name, value in changes.items():
        setattr(probe, name, value)
    try:
        if hasattr(probe, "lock_pairs"):
            check_child_unlocked(probe)
        else:
            check_record_unlocked(probe)
    except MonthLocked as error:
        return error
    return None
