"""The monthly report of a brigade: every figure for the month, the previous month and the same
month last year (from the rollups), the brigade's notes and the approval; its Excel export."""

from datetime import date
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from . import figures as fig
from .dashboards import grouped
from .exports import neutralise
from .models import MonthlyReport
from .month_lock import month_label
from .periods import Period, add_months


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


def report_rows(brigade, month):
    period = Period.month(month.year, month.month).clipped(timezone.localdate())
    previous, last_year = period.previous(), period.last_year()
    metrics = fig.visible_metrics()
    ids = [brigade.pk]
    now = fig.figures(metrics, ids, period.start, period.end)
    before = fig.figures(metrics, ids, previous.start, previous.end)
    a_year_ago = fig.figures(metrics, ids, last_year.start, last_year.end)
    rows = {}
    for metric in metrics:
        d_prev, p_prev = fig.change(now[metric.key], before[metric.key])
        d_year, p_year = fig.change(now[metric.key], a_year_ago[metric.key])
        rows[metric.key] = {
            "metric": metric, "figure": now[metric.key], "previous": before[metric.key],
            "last_year": a_year_ago[metric.key], "d_prev": d_prev, "p_prev": p_prev, "d_year": d_year,
            "p_year": p_year, "url": fig.records_url(metric, period.start, period.end, brigade.pk),
        }
    groups = [(name, [rows[m.key] for m in group]) for name, group in grouped(metrics)]
    return {"period": period, "previous": previous, "last_year": last_year, "groups": groups}


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
    sheet.append([bold(_("Group")), bold(_("Figure")), bold(content["period"].label()), bold(content["previous"].label()), bold(content["last_year"].label())])
    for name, rows in content["groups"]:
        for row in rows:
            values = []
            for figure in (row["figure"], row["previous"], row["last_year"]):
                values.append(None if figure.value is None else float(round(figure.value, 3)))
            label = f"{row['metric'].label}" + (f" ({row['metric'].unit})" if row["metric"].unit else "")
            sheet.append([str(name), label, *values])
    sheet.append([])
    sheet.append([bold(_("Notes"))])
    for line in (report.notes or "").splitlines() or ["—"]:
        # The notes are typed by people: a line starting "=" must stay text (brigades.exports).
        cell = WriteOnlyCell(sheet, value=neutralise(line))
        cell.data_type = "s"
        sheet.append([cell])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


