"""The monthly report of a brigade: every figure for the month, the previous month and the same
month last year (from the rollups), the brigade's notes and the approval; its Excel export."""

from datetime import date, datetime, time, timedelta
from io import BytesIO

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from . import selectors as fig
from ..choices import ReportStatus
from .dashboards import grouped
from ..records.exports import neutralise
from ..models import ApprovedFigure, DailyFigure, MonthApproval, MonthlyReport
from ..records.month_lock import month_label
from .periods import Period, add_months
from .rollups import record_models


def parse_month(value, today=None):
    """The first day of the month named YYYY-MM, or of last month when missing or unreadable."""
    today = today or timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 2000 <= year <= 2100:
            return date(year, month, 1)
    except (ValueError, TypeError):
        pass
    return add_months(today.replace(day=1), -1)


def report_of(brigade, month):
    """The saved report, or an unsaved draft (nothing is written by reading a report)."""
    return MonthlyReport.objects.filter(brigade=brigade, month=month).select_related("approved_by").first() or MonthlyReport(
        brigade=brigade, month=month
    )


def has_data(brigade_ids, start, end):
    """Whether any figure of the brigades was recorded in [start, end] (any rollup row, or an
    approved figure): a comparison against a period without data would be a false change."""
    daily = DailyFigure.objects.filter(day__range=(start, end))
    approved = ApprovedFigure.objects.filter(month__range=(start.replace(day=1), end))
    if brigade_ids is not None:
        daily = daily.filter(brigade_id__in=brigade_ids)
        approved = approved.filter(brigade_id__in=brigade_ids)
    return daily.exists() or approved.exists()


def current_approval(brigade, month):
    return (
        MonthApproval.objects.filter(report__brigade=brigade, report__month=month, report__status=ReportStatus.APPROVED, is_current=True)
        .select_related("approved_by").first()
    )


def report_rows(brigade, month):
    """The report's rows: for an approved month, the approved figures (and the live ones beside them
    where later work moved them); the previous month and the same month last year as they were
    approved, or live; no change shown against a period without any data."""
    period = Period.month(month.year, month.month).clipped(timezone.localdate())
    previous, last_year = period.previous(), period.last_year()
    metrics = fig.visible_metrics()
    ids = [brigade.pk]
    approval = current_approval(brigade, month)
    now = fig.figures(metrics, ids, period.start, period.end)
    live = fig.figures(metrics, ids, period.start, period.end, live=True) if approval else now
    previous_has_data = has_data(ids, previous.start, previous.end)
    last_year_has_data = has_data(ids, last_year.start, last_year.end)
    before = fig.figures(metrics, ids, previous.start, previous.end)
    a_year_ago = fig.figures(metrics, ids, last_year.start, last_year.end)
    rows = {}
    moved = []
    for metric in metrics:
        d_prev, p_prev = fig.change(now[metric.key], before[metric.key]) if previous_has_data else (None, None)
        d_year, p_year = fig.change(now[metric.key], a_year_ago[metric.key]) if last_year_has_data else (None, None)
        differs = approval is not None and live[metric.key].value != now[metric.key].value
        rows[metric.key] = {
            "metric": metric, "figure": now[metric.key], "live": live[metric.key], "differs": differs,
            "previous": before[metric.key] if previous_has_data else None,
            "last_year": a_year_ago[metric.key] if last_year_has_data else None,
            "d_prev": d_prev, "p_prev": p_prev, "d_year": d_year, "p_year": p_year,
            "previous_missing": not previous_has_data, "last_year_missing": not last_year_has_data,
            "url": fig.records_url(metric, period.start, period.end, brigade.pk),
        }
        if differs:
            moved.append(rows[metric.key])
    groups = [(name, [rows[m.key] for m in group]) for name, group in grouped(metrics)]
    return {
        "period": period, "previous": previous, "last_year": last_year, "groups": groups,
        "approval": approval, "moved": moved,
        "changed_records": changed_since_approval(brigade, approval, period) if approval and moved else [],
        "approval_history": MonthApproval.objects.filter(report__brigade=brigade, report__month=month)
        .select_related("approved_by", "unlocked_by").prefetch_related("figures"),
    }


CHANGED_RECORDS_SHOWN = 50


def changed_since_approval(brigade, approval, period):
    """The records behind the difference between the approved and the live figures: every record
    of the brigade written after the approval whose rollup days (as written) fall in the month,
    newest first, from the audit trail. [{record, model, when, who, kind, url}]."""


    found = []
    for model in record_models():
        fields = model.all_rollup_date_fields()
        if not fields or not hasattr(model, "history"):
            continue
        in_month = Q()
        for name in fields:
            field = model._meta.get_field(name)
            if field.get_internal_type() == "DateTimeField":
                start = timezone.make_aware(datetime.combine(period.start, time.min))
                end = timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min))
                in_month |= Q(**{f"{name}__gte": start, f"{name}__lt": end})
            else:
                in_month |= Q(**{f"{name}__range": (period.start, period.end)})
        rows = (
            model.history.filter(in_month, brigade_id=brigade.pk, history_date__gte=approval.approved_at)
            .select_related("history_user").order_by("-history_date")[:CHANGED_RECORDS_SHOWN]
        )
        for row in rows:
            record = row.instance
            url = record.get_absolute_url() if row.history_type != "-" and hasattr(record, "get_absolute_url") else None
            found.append({
                "record": str(record), "model": model._meta.verbose_name, "when": row.history_date,
                "who": row.history_user, "kind": row.get_history_type_display(), "url": url,
                "reason": row.history_change_reason or "",
            })
    found.sort(key=lambda entry: entry["when"], reverse=True)
    return found[:CHANGED_RECORDS_SHOWN]


def report_workbook(brigade, report, content):
    """The report as .xlsx bytes (openpyxl write-only mode: rows are streamed, not kept)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=f"{report.month:%Y-%m}")
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 28
    for column in "CDE":
        sheet.column_dimensions[column].width = 16

    def bold(text):
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        return cell

    sheet.append([bold(_("%(brigade)s monthly report, %(month)s") % {"brigade": brigade, "month": month_label(report.month)})])
    sheet.append([_("Status"), report.get_status_display()])
    if report.approved_by_id:
        sheet.append([_("Approved by"), str(report.approved_by), timezone.localtime(report.approved_at).strftime("%Y-%m-%d %H:%M")])
    sheet.append([])
    approved = content.get("approval") is not None
    head = [bold(_("Group")), bold(_("Figure")), bold(content["period"].label())]
    if approved:
        head[2] = bold(_("%(period)s (approved)") % {"period": content["period"].label()})
        head.append(bold(_("Live now")))
    sheet.append([*head, bold(content["previous"].label()), bold(content["last_year"].label())])
    for name, rows in content["groups"]:
        for row in rows:
            figures = [row["figure"], *([row["live"]] if approved else []), row["previous"], row["last_year"]]
            values = [None if figure is None or figure.value is None else float(round(figure.value, 3)) for figure in figures]
            label = f"{row['metric'].label}" + (f" ({row['metric'].unit})" if row["metric"].unit else "")
            sheet.append([str(name), label, *values])
    if content.get("changed_records"):
        sheet.append([])
        sheet.append([bold(_("Records changed since approval"))])
        for entry in content["changed_records"]:
            when = timezone.localtime(entry["when"]).strftime("%Y-%m-%d %H:%M")
            sheet.append([str(entry["model"]), entry["record"], str(entry["kind"]), when, str(entry["who"] or "")])
    sheet.append([])
    sheet.append([bold(_("Notes"))])
    for line in (report.notes or "").splitlines() or ["—"]:
        # The notes are typed by people: a line starting "=" must stay text (brigades.records.exports).
        cell = WriteOnlyCell(sheet, value=neutralise(line))
        cell.data_type = "s"
        sheet.append([cell])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


