"""The monthly close: writes of the monthly report that are more than a form save: its notes, approval
(locks the month), unlock (administrators, with a reason, audited) and the optional auto-lock.

Refusals raise ValidationError with a translated message; web views show it, the API answers 400.
The audit trail is the report's history (django-simple-history): who, when, the status before and
after, and the reason as the change reason.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from security.choices import EventKind
from security.operations import security_event_record

from ..records import permissions
from ..choices import REPORT_TRANSITIONS, ReportStatus
from .selectors import populations
from ..models import ApprovedFigure, Brigade, MonthApproval, MonthlyFigure, MonthlyReport
from ..records.month_lock import lock_month_for_approval, month_label, month_start
from .periods import month_end
from .rollups import rollup_refresh


def report_for_update(*, brigade_id, month):
    """The month's report row, locked; and, for the approval and the unlock, the month itself:
    writes in flight on its records finish first, later ones wait (brigades.records.month_lock)."""
    lock_month_for_approval(brigade_id, month)
    report, _created = MonthlyReport.objects.get_or_create(brigade_id=brigade_id, month=month_start(month))
    return MonthlyReport.objects.select_for_update().get(pk=report.pk)


def _store_approved_figures(report, user):
    """Recompute the month's rollups from the records now (the refresh task may not have run since
    the last write; the month lock keeps writes out until this commits) and keep every sum figure
    and the population as this approval's figures."""
    rollup_refresh([report.brigade_id], report.month, month_end(report.month))
    population = populations([report.brigade_id], [report.month.year]).get((report.brigade_id, report.month.year))
    approval = MonthApproval.objects.create(
        report=report, approved_by=user, approved_at=report.approved_at, population=population,
    )
    rows = MonthlyFigure.objects.filter(brigade_id=report.brigade_id, month=report.month).values_list("metric", "value")
    ApprovedFigure.objects.bulk_create(
        ApprovedFigure(approval=approval, brigade_id=report.brigade_id, month=report.month, metric=metric, value=value)
        for metric, value in rows
    )
    return approval


def _transition(report, to, *, user, reason=""):
    if to not in REPORT_TRANSITIONS.get(report.status, set()):
        raise ValidationError(
            _("A report that is “%(status)s” cannot become “%(to)s”.")
            % {"status": report.get_status_display(), "to": ReportStatus(to).label}
        )
    report.status = to
    report._change_reason = reason
    if user is not None:
        report._history_user = user


@transaction.atomic
def report_save_notes(*, brigade_id, month, notes, user):
    permissions.require(user, "write_report_notes", Brigade.objects.get(pk=brigade_id))
    report = report_for_update(brigade_id=brigade_id, month=month)
    if report.is_locked:
        raise ValidationError(_("%(month)s is approved and locked: its notes cannot be changed.") % {"month": month_label(report.month)})
    report.notes = notes.strip()
    report._history_user = user
    report.save()
    return report


@transaction.atomic
def report_approve(*, brigade_id, month, user, today=None):
    """A leader of the brigade approves the month: it becomes final and its records are locked."""
    permissions.require(user, "approve", Brigade.objects.get(pk=brigade_id))
    today = today or timezone.localdate()
    month = month_start(month)
    if month_end(month) >= today:
        raise ValidationError(_("%(month)s has not ended yet: it can be approved from the first day of the next month.") % {"month": month_label(month)})
    report = report_for_update(brigade_id=brigade_id, month=month)
    _transition(report, ReportStatus.APPROVED, user=user, reason=_("approved"))
    report.approved_by = user
    report.approved_at = timezone.now()
    report.save()
    _store_approved_figures(report, user)
    _log_month(EventKind.MONTH_APPROVED, report, user=user)
    return report


@transaction.atomic
def report_unlock(*, brigade_id, month, user, reason):
    """An administrator reopens an approved month for correction; the reason is kept in the history."""
    permissions.require(user, "unlock", Brigade.objects.get(pk=brigade_id))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for unlocking the month.")})
    report = report_for_update(brigade_id=brigade_id, month=month)
    _transition(report, ReportStatus.UNLOCKED, user=user, reason=reason)
    report.save()
    # The approved set is kept (the report's history shows it) but no longer in force.
    report.approvals.filter(is_current=True).update(
        is_current=False, unlocked_by=user, unlocked_at=timezone.now(), unlock_reason=reason,
    )
    _log_month(EventKind.MONTH_UNLOCKED, report, user=user, reason=reason)
    return report


def _log_month(kind, report, *, user, reason=""):
    # In the operation's transaction: the line exists exactly when the approval or unlock does.
    security_event_record(kind=kind, user=user, target=f"{report.brigade} {month_label(report.month)}",
                          detail={"brigade": report.brigade_id, "month": f"{report.month:%Y-%m}", "reason": reason})


def reports_auto_lock(*, after_days=None, today=None):
    """Approve and lock last month's reports of every active brigade once `after_days` days have
    passed since the month ended (0 or None: do nothing). Idempotent; returns how many it locked."""
    if not after_days:
        return 0
    today = today or timezone.localdate()
    last_month = month_start(today.replace(day=1) - timedelta(days=1))
    if today < month_end(last_month) + timedelta(days=after_days):
        return 0
    locked = 0
    for brigade_id in Brigade.objects.filter(is_active=True).values_list("pk", flat=True):
        with transaction.atomic():
            report = report_for_update(brigade_id=brigade_id, month=last_month)
            if report.status != ReportStatus.DRAFT:
                continue
            _transition(report, ReportStatus.APPROVED, user=None, reason=_("locked automatically"))
            report.approved_at = timezone.now()
            report.save()
            _store_approved_figures(report, None)
            _log_month(EventKind.MONTH_APPROVED, report, user=None, reason=_("locked automatically"))
            locked += 1
    return locked
