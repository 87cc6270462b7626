"""Every write of the services app that is more than a plain form save: the daily counter tally,
the work-order lifecycle and the permit decisions. Keyword-only arguments; each runs in one
transaction, locks the row it changes and records who moved it from which state to which."""

import logging

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brigades.records import input_rules, permissions

from . import rules
from .choices import (
    PERMIT_TRANSITIONS,
    RELIEF_TRANSITIONS,
    RecoverySource,
    ReliefStatus,
    WORK_ORDER_TRANSITIONS,
    PermitStatus,
    Satisfaction,
    WorkOrderStatus,
)
from .models import (
    CounterCount,
    CounterDay,
    Permit,
    PermitTransition,
    ReliefAdvance,
    ReliefAdvanceTransition,
    ReliefRecovery,
    WorkOrder,
    WorkOrderDueRule,
    WorkOrderTransition,
)

logger = logging.getLogger(__name__)

COUNT_NAMES = ("sat", "passed", "licences_made", "handled")


def _check_transition(table, status_enum, current, target):
    if target not in table[current]:
        raise ValidationError(
            _("A record that is “%(current)s” cannot become “%(target)s”.")
            % {"current": status_enum(current).label, "target": status_enum(target).label}
        )


def _log_on_commit(message, *args):
    transaction.on_commit(lambda: logger.info(message, *args))


def _save_with_history(record, by, note=""):
    # Every transition's dates keep the record's order (received ≤ replied ≤ closed) and window.
    input_rules.validate_instance(record)
    # The audit trail names the acting user even outside a web request (API token, shell, tasks).
    record._history_user = by
    if note:
        record._change_reason = note[:100]
    record.save()


# --- Counter tally --------------------------------------------------------------------------------


@transaction.atomic
def counter_day_record(*, brigade, service_point, date, counts, by, extended_hours=False, weekend_service=False, note=""):
    """Write one service point's day: the day's flags and a count per business type.

    `counts` maps a BusinessType to {"sat", "passed", "licences_made", "handled"} (missing means 0).
    Entering the same point and day again updates that day (the unique constraint and
    update_or_create make a duplicate impossible); a business type whose counts are all zero
    keeps no row. Every cell is checked first: one bad cell refuses the whole day, nothing saved.
    """
    if service_point.brigade_id != brigade.pk:
        raise ValidationError({"service_point": _("This belongs to another brigade.")})
    if problem := input_rules.date_problem(date):
        raise ValidationError({"date": problem})
    errors = {}
    cleaned = {}
    for business_type, values in counts.items():
        values = {name: values.get(name) or 0 for name in COUNT_NAMES}
        # Counts a type does not record are zero, whatever was sent.
        values = {name: (value if name in business_type.count_fields() else 0) for name, value in values.items()}
        for name, message in rules.counter_count_errors(business_type.count_scheme, **values).items():
            errors[f"{business_type.code}-{name}"] = f"{business_type.name}：{message}"
        cleaned[business_type] = values
    if errors:
        raise ValidationError(errors)

    day, created = CounterDay.objects.select_for_update().get_or_create(
        service_point=service_point, date=date,
        defaults={"brigade": brigade, "created_by": by, "extended_hours": extended_hours,
                  "weekend_service": weekend_service, "note": note},
    )
    if not created and (day.extended_hours, day.weekend_service, day.note) != (extended_hours, weekend_service, note):
        day.extended_hours, day.weekend_service, day.note = extended_hours, weekend_service, note
        _save_with_history(day, by)
    existing = {count.business_type_id: count for count in day.counts.all()}
    for business_type, values in cleaned.items():
        count = existing.get(business_type.pk)
        if not any(values.values()):
            if count is not None:
                count._history_user = by
                count.delete()
            continue
        if count is None:
            count = CounterCount(counter_day=day, business_type=business_type, brigade=brigade, date=date, created_by=by)
        elif all(getattr(count, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(count, name, value)
        _save_with_history(count, by)
    _log_on_commit("counter day %s of %s recorded by %s", date, service_point.pk, by)
    return day, created


# --- Hotline work orders -------------------------------------------------------------------------


def workorder_due_at(order):
    return rules.reply_due_at(order.received_at, WorkOrderDueRule.hours_for(order.channel, order.category))


def _workorder_transition(order, *, to, by, note="", at=None):
    WorkOrderTransition.objects.create(
        record=order, from_status=order.status if order.pk else "", to_status=to, by=by, at=at or timezone.now(), note=note
    )


def _locked_order(order):
    return WorkOrder.objects.select_for_update().get(pk=order.pk)


@transaction.atomic
def workorder_receive(*, order, by):
    """Register a new work order (an unsaved WorkOrder from a form or the API): its due time comes
    from the channel and category's rule; the first transition says who registered it."""
    order.full_clean(exclude=["due_at", "brigade"])
    order.number = order.number.strip()
    order.status = WorkOrderStatus.RECEIVED
    order.due_at = workorder_due_at(order)
    order.created_by = by
    _save_with_history(order, by)
    WorkOrderTransition.objects.create(
        record=order, from_status="", to_status=WorkOrderStatus.RECEIVED, by=by, at=timezone.now(),
    )
    return order


@transaction.atomic
def workorder_edit(*, order, by):
    """Save edits of an order's particulars; a new time received, channel or category moves the due time."""
    order.due_at = workorder_due_at(order)
    _save_with_history(order, by)
    return order


@transaction.atomic
def workorder_take(*, order, by, handler=None, note=""):
    """received → handling: the handler (the acting user unless one is named) starts on it."""
    order = _locked_order(order)
    _check_transition(WORK_ORDER_TRANSITIONS, WorkOrderStatus, order.status, WorkOrderStatus.HANDLING)
    if order.status != WorkOrderStatus.RECEIVED:
        raise ValidationError(_("Only a newly received order can be taken."))
    handler = handler or order.handler or by
    if handler.brigade_id is not None and handler.brigade_id != order.brigade_id:
        raise ValidationError({"handler": _("This belongs to another brigade.")})
    _workorder_transition(order, to=WorkOrderStatus.HANDLING, by=by, note=note)
    order.status = WorkOrderStatus.HANDLING
    order.handler = handler
    _save_with_history(order, by, note)
    return order


@transaction.atomic
def workorder_reply(*, order, by, reply, replied_at=None, note=""):
    """handling → replied: the answer given to the caller and when. A reply before the order was
    received is refused."""
    order = _locked_order(order)
    _check_transition(WORK_ORDER_TRANSITIONS, WorkOrderStatus, order.status, WorkOrderStatus.REPLIED)
    replied_at = replied_at or timezone.now()
    errors = {}
    if not (reply or "").strip():
        errors["reply"] = _("Write the reply given to the caller.")
    if replied_at < order.received_at:
        errors["replied_at"] = _("A reply cannot come before the order was received (%(received)s).") % {
            "received": timezone.localtime(order.received_at).strftime("%Y-%m-%d %H:%M")
        }
    elif problem := input_rules.date_problem(replied_at):
        errors["replied_at"] = problem
    if errors:
        raise ValidationError(errors)
    _workorder_transition(order, to=WorkOrderStatus.REPLIED, by=by, note=note or reply, at=replied_at)
    order.status = WorkOrderStatus.REPLIED
    order.reply = reply.strip()
    order.replied_at = replied_at
    order.reply_minutes = rules.minutes_between(order.received_at, replied_at)
    if order.handler_id is None:
        order.handler = by
    _save_with_history(order, by, note)
    return order


@transaction.atomic
def workorder_close(*, order, by, satisfaction, follow_up="", note=""):
    """replied → closed, with the caller's satisfaction from the return visit (回访). A dissatisfied
    caller needs a follow-up: what was done about it."""
    order = _locked_order(order)
    _check_transition(WORK_ORDER_TRANSITIONS, WorkOrderStatus, order.status, WorkOrderStatus.CLOSED)
    errors = {}
    if satisfaction not in Satisfaction.values:
        errors["satisfaction"] = _("Record the caller's satisfaction from the return visit.")
    elif satisfaction == Satisfaction.DISSATISFIED and not (follow_up or "").strip():
        errors["follow_up"] = _("The caller was dissatisfied: record the follow-up.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    label = Satisfaction(satisfaction).label
    _workorder_transition(order, to=WorkOrderStatus.CLOSED, by=by, note=note or f"{label} {follow_up}".strip(), at=now)
    order.status = WorkOrderStatus.CLOSED
    order.satisfaction = satisfaction
    order.follow_up = (follow_up or "").strip()
    order.closed_at = now
    _save_with_history(order, by, note)
    return order


@transaction.atomic
def workorder_reopen(*, order, by, note):
    """replied → handling: the return visit shows the matter is not settled; it is handled again."""
    order = _locked_order(order)
    _check_transition(WORK_ORDER_TRANSITIONS, WorkOrderStatus, order.status, WorkOrderStatus.HANDLING)
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why the order is handled again.")})
    _workorder_transition(order, to=WorkOrderStatus.HANDLING, by=by, note=note)
    order.status = WorkOrderStatus.HANDLING
    _save_with_history(order, by, note)
    return order


# --- Permits --------------------------------------------------------------------------------------


def _locked_permit(permit):
    return Permit.objects.select_for_update().get(pk=permit.pk)


def _permit_transition(permit, *, to, by, note=""):
    PermitTransition.objects.create(record=permit, from_status=permit.status, to_status=to, by=by, note=note)


@transaction.atomic
def permit_apply(*, permit, by):
    """Register an application (an unsaved Permit from a form or the API)."""
    permit.full_clean(exclude=["brigade"])
    permit.status = PermitStatus.APPLIED
    permit.created_by = by
    _save_with_history(permit, by)
    PermitTransition.objects.create(record=permit, from_status="", to_status=PermitStatus.APPLIED, by=by)
    return permit


def next_permit_number(permit, year):
    """TXZ-<brigade code>-<year>-<sequence>: sequential per brigade and year."""
    prefix = f"TXZ-{permit.brigade.code.upper()}-{year}-"
    numbers = Permit.objects.filter(brigade_id=permit.brigade_id, number__startswith=prefix).values_list("number", flat=True)
    last = max((int(n[len(prefix):]) for n in numbers if n[len(prefix):].isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


@transaction.atomic
def permit_approve(*, permit, by, note=""):
    """applied → approved: the permit gets its number. A permit whose period is already over is refused."""
    permit = _locked_permit(permit)
    _check_transition(PERMIT_TRANSITIONS, PermitStatus, permit.status, PermitStatus.APPROVED)
    if permit.valid_to < timezone.localdate():
        raise ValidationError(_("The requested period is already over: refuse it or correct the dates."))
    _permit_transition(permit, to=PermitStatus.APPROVED, by=by, note=note)
    now = timezone.now()
    permit.status = PermitStatus.APPROVED
    permit.approved_at = now
    permit.decision_reason = note
    permit.number = next_permit_number(permit, timezone.localdate(now).year)
    _save_with_history(permit, by, note)
    return permit


@transaction.atomic
def permit_refuse(*, permit, by, reason):
    """applied → refused, with the reason the applicant is told."""
    return _permit_close(permit, by=by, to=PermitStatus.REFUSED, reason=reason,
                         missing=_("Give the reason for refusing the permit."))


@transaction.atomic
def permit_revoke(*, permit, by, reason):
    """approved → revoked (muck spilled on the road, route breached...), with the reason."""
    return _permit_close(permit, by=by, to=PermitStatus.REVOKED, reason=reason,
                         missing=_("Give the reason for revoking the permit."))


def _permit_close(permit, *, by, to, reason, missing):
    permit = _locked_permit(permit)
    _check_transition(PERMIT_TRANSITIONS, PermitStatus, permit.status, to)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": missing})
    _permit_transition(permit, to=to, by=by, note=reason)
    permit.status = to
    permit.decision_reason = reason
    _save_with_history(permit, by, reason)
    return permit


# --- Relief fund advances ---------------------------------------------------------------------------


def _locked_advance(advance):
    return ReliefAdvance.objects.select_for_update().get(pk=advance.pk)


def _relief_step(advance, *, to, by, amount=None, day=None, note=""):
    ReliefAdvanceTransition.objects.create(
        record=advance, from_status=advance.status if advance.pk else "", to_status=to, by=by, amount=amount, day=day,
        note=note,
    )


def _check_day(field, day, *, not_before=None, not_before_label=""):
    today = timezone.localdate()
    if day is None:
        raise ValidationError({field: _("Enter the day.")})
    if day > today:
        raise ValidationError({field: _("The day cannot be in the future.")})
    if not_before is not None and day < not_before:
        raise ValidationError({field: _("The day cannot be before %(what)s (%(day)s).") % {
            "what": not_before_label, "day": f"{not_before:%Y-%m-%d}"}})


def _check_amount(field, amount, *, most, most_message):
    if amount is None:
        raise ValidationError({field: _("Enter the amount.")})
    amount = Decimal(amount)
    if amount <= 0:
        raise ValidationError({field: _("The amount must be above 0.")})
    if most is not None and amount > most:
        raise ValidationError({field: most_message % {"most": f"{most:,.2f}"}})
    return amount


@transaction.atomic
def relief_request(*, advance, by):
    """Register a request to the fund (an unsaved ReliefAdvance from a form or the API): linked to
    its accident, with the amount needed; the first step says who asked and when."""
    permissions.require(by, "add", advance)
    if advance.accident_id is None:
        raise ValidationError({"accident": _("Link the advance to its accident.")})
    advance.full_clean(exclude=["brigade"])
    if advance.requested_on > timezone.localdate():
        raise ValidationError({"requested_on": _("The day cannot be in the future.")})
    advance.status = ReliefStatus.REQUESTED
    advance.created_by = by
    _save_with_history(advance, by)
    _relief_step(advance, to=ReliefStatus.REQUESTED, by=by, amount=advance.amount_requested, day=advance.requested_on)
    return advance


@transaction.atomic
def relief_edit(*, advance, by):
    """Save edits of an advance's particulars; the amount requested only while it is not decided."""
    if advance.status != ReliefStatus.REQUESTED:
        previous = ReliefAdvance.objects.only("amount_requested", "requested_on").get(pk=advance.pk)
        if (previous.amount_requested, previous.requested_on) != (advance.amount_requested, advance.requested_on):
            raise ValidationError({"amount_requested": _("The request has been decided: its amount and day stay as they were.")})
    _save_with_history(advance, by)
    return advance


@transaction.atomic
def relief_approve(*, advance, by, amount, day=None, note=""):
    """requested → approved, for at most the amount requested, on a day not before the request."""
    advance = _locked_advance(advance)
    permissions.require(by, "approve", advance)
    _check_transition(RELIEF_TRANSITIONS, ReliefStatus, advance.status, ReliefStatus.APPROVED)
    day = day or timezone.localdate()
    amount = _check_amount("amount", amount, most=advance.amount_requested,
                           most_message=_("The fund cannot approve more than was requested (¥%(most)s)."))
    _check_day("day", day, not_before=advance.requested_on, not_before_label=_("the request"))
    _relief_step(advance, to=ReliefStatus.APPROVED, by=by, amount=amount, day=day, note=note)
    advance.status = ReliefStatus.APPROVED
    advance.amount_approved, advance.approved_on, advance.approved_by = amount, day, by
    _save_with_history(advance, by, note)
    return advance


@transaction.atomic
def relief_refuse(*, advance, by, reason, day=None):
    """requested → refused, with the reason the applicant is told."""
    advance = _locked_advance(advance)
    permissions.require(by, "approve", advance)
    _check_transition(RELIEF_TRANSITIONS, ReliefStatus, advance.status, ReliefStatus.REFUSED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"note": _("Give the reason for refusing the advance.")})
    day = day or timezone.localdate()
    _check_day("day", day, not_before=advance.requested_on, not_before_label=_("the request"))
    _relief_step(advance, to=ReliefStatus.REFUSED, by=by, day=day, note=reason)
    advance.status = ReliefStatus.REFUSED
    _save_with_history(advance, by, reason)
    return advance


@transaction.atomic
def relief_pay(*, advance, by, amount, day=None, note=""):
    """approved → paid: what the fund paid (at most the amount approved) and when."""
    advance = _locked_advance(advance)
    permissions.require(by, "pay", advance)
    _check_transition(RELIEF_TRANSITIONS, ReliefStatus, advance.status, ReliefStatus.PAID)
    if advance.status != ReliefStatus.APPROVED:
        raise ValidationError(_("Only an approved advance can be paid."))
    day = day or timezone.localdate()
    amount = _check_amount("amount", amount, most=advance.amount_approved,
                           most_message=_("The fund cannot pay more than was approved (¥%(most)s)."))
    _check_day("day", day, not_before=advance.approved_on, not_before_label=_("the approval"))
    _relief_step(advance, to=ReliefStatus.PAID, by=by, amount=amount, day=day, note=note)
    advance.status = ReliefStatus.PAID
    advance.amount_advanced, advance.advanced_on, advance.paid_by = amount, day, by
    _save_with_history(advance, by, note)
    return advance


@transaction.atomic
def relief_recover(*, advance, by, amount, source, day=None, payer="", note=""):
    """A recovery (追偿) of a paid advance, whole or partial: never more than is still outstanding.
    When the recoveries reach the amount paid, the advance is recovered."""
    advance = _locked_advance(advance)
    permissions.require(by, "recover", advance)
    if advance.status not in (ReliefStatus.PAID,):
        raise ValidationError(_("Only a paid advance that is not yet fully recovered can be recovered."))
    if source not in RecoverySource.values:
        raise ValidationError({"source": _("Say whom the money was recovered from.")})
    day = day or timezone.localdate()
    outstanding = advance.amount_advanced - advance.amount_recovered
    amount = _check_amount("amount", amount, most=outstanding,
                           most_message=_("Only ¥%(most)s of what was paid is still to be recovered."))
    _check_day("day", day, not_before=advance.advanced_on, not_before_label=_("the payment"))
    recovery = ReliefRecovery(
        advance=advance, brigade_id=advance.brigade_id, created_by=by, recovered_on=day, amount=amount, source=source,
        payer=(payer or "").strip(), note=(note or "").strip(),
    )
    _save_with_history(recovery, by)
    advance.amount_recovered += amount
    to = ReliefStatus.RECOVERED if advance.amount_recovered >= advance.amount_advanced else ReliefStatus.PAID
    _relief_step(advance, to=to, by=by, amount=amount, day=day,
                 note=f"{RecoverySource(source).label} {recovery.payer} {recovery.note}".strip())
    advance.status = to
    if to == ReliefStatus.RECOVERED:
        advance.recovered_on = day
    _save_with_history(advance, by, note)
    return advance
