"""The input rules of every record's dates, written once.

A record's date fields are event dates unless its model declares otherwise in `date_rules`
(a `DateRules`): an event (a work order received, an article published, a case) has happened, so
it is not after today (a time not after now); a deadline or a plan (a rectification deadline, a
permit's validity, an operation or an outreach event scheduled ahead) may lie ahead, but not
further than PLAN_HORIZON. Every date is on or after EARLIEST_DAY: 0001-01-01 or 1026 for 2026 is
a typing error, and one such day stops every rollup. `order` names the chains of dates that follow
each other in the record's life (received ≤ replied ≤ closed).

The checks run wherever a record is written, through one call each: `BrigadeRecord.full_clean`
(web forms, the admin, imports and operations that clean), the API serializer base
(`validate_attrs`) and the transitions (`validate_instance`, or `date_problem`/`order_problem`
for a date that is not a field). Only what changes is checked: a stored date is not refused again
when another field of the record is edited.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

EVENT, DEADLINE, PLAN = "event", "deadline", "plan"
#: No record of this system is older than this day.
EARLIEST_DAY = date(2000, 1, 1)
#: A deadline or plan further ahead than this is a typing error (2062 for 2026).
PLAN_HORIZON = relativedelta(years=10)
#: Clocks of a phone, a PC and the server differ by a minute or two: an event timed up to this
#: much after the server's now is taken as now, not as the future.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class DateRules:
    """What a model says about its dates (`date_rules = DateRules(...)` on the model).

    `deadlines` and `plans` may lie ahead; every other date or datetime field is an event.
    `order` is a tuple of chains, each a tuple of field names whose dates may not go backwards.
    `unchecked` names fields that are not input at all (kept as computed).
    """

    deadlines: tuple = ()
    plans: tuple = ()
    order: tuple = ()
    unchecked: tuple = ()


NO_RULES = DateRules()


def rules_of(model):
    return getattr(model, "date_rules", None) or NO_RULES


def date_fields(model):
    """The model's date and datetime fields that are input (not auto_now / auto_now_add)."""
    rules = rules_of(model)
    return [
        field for field in model._meta.concrete_fields
        if isinstance(field, models.DateField)  # DateTimeField is a DateField
        and not (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
        and field.name not in rules.unchecked
    ]


def kind_of(model, name):
    rules = rules_of(model)
    if name in rules.deadlines:
        return DEADLINE
    if name in rules.plans:
        return PLAN
    return EVENT


def as_day(value):
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _shown(value):
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "Y-m-d H:i")
    return date_format(value, "Y-m-d")


def date_problem(value, *, kind=EVENT, today=None, now=None):
    """Why a date (or datetime) cannot be entered, or None. See the module's docstring."""
    if value is None or value == "":
        return None
    today = today or timezone.localdate()
    day = as_day(value)
    if day < EARLIEST_DAY:
        return _("%(value)s is before %(earliest)s: check the year.") % {
            "value": _shown(value), "earliest": _shown(EARLIEST_DAY)}
    if kind == EVENT:
        if isinstance(value, datetime) and timezone.is_aware(value):
            if value > (now or timezone.now()) + CLOCK_SKEW:
                return _("%(value)s is in the future: only what has happened can be recorded.") % {"value": _shown(value)}
        elif day > today:
            return _("%(value)s is in the future: only what has happened can be recorded.") % {"value": _shown(value)}
    elif day > today + PLAN_HORIZON:
        return _("%(value)s is more than 10 years ahead: check the year.") % {"value": _shown(value)}
    return None


def order_problem(earlier, later, *, earlier_label):
    """Why `later` cannot follow `earlier` (it is before it), or None. Two times are compared as
    times; a date and a time by their days."""
    if earlier is None or later is None or earlier == "" or later == "":
        return None
    both_times = isinstance(earlier, datetime) and isinstance(later, datetime)
    if (later < earlier) if both_times else (as_day(later) < as_day(earlier)):
        return _("This cannot be before the %(earlier)s (%(value)s).") % {
            "earlier": earlier_label, "value": _shown(earlier)}
    return None


def not_started_problem(day, starts_at, *, now=None):
    """Why a shift of `day` starting at `starts_at` cannot be marked staffed yet, or None: it is
    staffed once it has started, not in the afternoon before the evening shift."""
    now = timezone.localtime(now or timezone.now())
    if day > now.date() or (day == now.date() and starts_at > now.time()):
        return _("This shift starts at %(time)s on %(day)s: mark it staffed once it has started.") % {
            "time": starts_at.strftime("%H:%M"), "day": _shown(day)}
    return None


def record_errors(model, values, *, original=None, today=None, now=None):
    """{field name: [message]} for a record of `model` whose date fields now hold `values`
    (name → value). `original` holds the stored values (None for a new record): a date that did
    not change is not checked again, and an order is checked when either of its dates changed."""
    fields = {field.name: field for field in date_fields(model)}

    def changed(name):
        return original is None or values.get(name) != original.get(name)

    errors = {}
    for name in fields:
        if changed(name):
            problem = date_problem(values.get(name), kind=kind_of(model, name), today=today, now=now)
            if problem:
                errors[name] = [problem]
    for chain in rules_of(model).order:
        for position, later in enumerate(chain):
            for earlier in chain[:position]:
                if later in errors or earlier in errors or not (changed(later) or changed(earlier)):
                    continue
                problem = order_problem(values.get(earlier), values.get(later),
                                        earlier_label=model._meta.get_field(earlier).verbose_name)
                if problem:
                    # The error goes beside the date that was just entered.
                    errors[later if changed(later) or not changed(earlier) else earlier] = [problem]
    return errors


def stored_values(instance):
    """The date fields as stored in the database (None for a new record): one query."""
    if instance.pk is None:
        return None
    names = [field.attname for field in date_fields(type(instance))]
    return type(instance)._base_manager.filter(pk=instance.pk).values(*names).first()


def instance_errors(instance, *, today=None, now=None):
    model = type(instance)
    values = {field.name: getattr(instance, field.attname) for field in date_fields(model)}
    for name, value in values.items():
        if isinstance(value, str):  # assigned but not cleaned yet (a factory, the shell)
            try:
                values[name] = model._meta.get_field(name).to_python(value)
            except ValidationError:
                values[name] = None
    return record_errors(model, values, original=stored_values(instance), today=today, now=now)


def validate_instance(instance, *, exclude=(), skip=(), today=None, now=None):
    """Raise ValidationError keyed by field for the dates of an instance about to be saved. Errors
    on fields in `exclude` (not on the form at hand) are reported as the record's, naming the field;
    fields in `skip` already have an error of their own."""
    errors = instance_errors(instance, today=today, now=now)
    keyed = {}
    for name, messages in errors.items():
        if name in skip:
            continue
        if name in exclude:
            label = type(instance)._meta.get_field(name).verbose_name
            keyed.setdefault(NON_FIELD_ERRORS, []).extend(f"{label}：{message}" for message in messages)
        else:
            keyed[name] = messages
    if keyed:
        raise ValidationError(keyed)


def validate_attrs(model, attrs, instance=None, *, today=None, now=None):
    """The same check for an API write: `attrs` are the validated request values, `instance` the
    stored record of an update (its attributes are the stored values)."""
    names = [field.name for field in date_fields(model)]
    original = {name: getattr(instance, name) for name in names} if instance is not None else None
    values = {name: attrs[name] if name in attrs else (original or {}).get(name) for name in names}
    errors = record_errors(model, values, original=original, today=today, now=now)
    if errors:
        raise ValidationError(errors)


def squadron_problems(values):
    """{field: message} for officers of another squadron than the record's (`values` are a form's
    cleaned data or a serializer's attrs). An officer without a squadron (brigade staff) may join
    any squadron's work."""
    squadron = values.get("squadron")
    if squadron is None:
        return {}
    errors = {}
    for name, value in values.items():
        items = list(value) if isinstance(value, (list, tuple)) or hasattr(value, "model") else [value]
        for item in items:
            if getattr(getattr(item, "_meta", None), "label", "") == "brigades.Officer" and item.squadron_id and item.squadron_id != squadron.pk:
                errors[name] = _("%(officer)s is not in %(squadron)s.") % {"officer": item.name, "squadron": squadron}
                break
    return errors
