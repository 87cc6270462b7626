"""Monthly report pages (report, printable page, PDF, Excel export, notes, approval, unlock), the
detachment's overview of the month's reports, and the assessment ranking page."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from security.choices import EventKind
from security.operations import security_event_record

from . import operations
from ..records import permissions
from .dashboards import DetachmentOnlyMixin, period_context
from ..records.generic import RecordActionView
from ..records.history import history_entries
from ..records.mixins import BrigadeScopedMixin
from ..models import Assessment, Brigade, MonthlyReport
from .periods import YEAR, add_months
from .ranking import active_assessment, ranking_for
from .report_pdf import html_to_pdf, pdf_available
from .reports import parse_month, report_of, report_rows, report_workbook


def report_url(brigade_id, month):
    """The report page of a brigade's month."""
    url = redirect("brigades:monthly_report", pk=brigade_id).url
    return f"{url}?{urlencode({'month': f'{month:%Y-%m}'})}"


class MonthlyReportView(BrigadeScopedMixin, DetailView):
    """A brigade's report for a month (?month=YYYY-MM, last month by default)."""

    model = Brigade
    template_name = "brigades/monthly_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        month = parse_month(self.request.GET.get("month"))
        report = report_of(self.object, month)
        context.update(report_rows(self.object, month))
        context.update(
            month=month, report=report,
            previous_month=add_months(month, -1), next_month=add_months(month, 1),
            can_approve=permissions.may(user, "approve", self.object) and report.status != "approved",
            can_unlock=permissions.may(user, "unlock", self.object) and report.is_locked,
            can_write_notes=permissions.may(user, "write_report_notes", self.object) and not report.is_locked,
            history=history_entries(report) if report.pk else [],
            pdf_available=pdf_available(),
        )
        return context


class MonthlyReportPrintView(MonthlyReportView):
    template_name = "brigades/monthly_report_print.html"


class MonthlyReportPdfView(MonthlyReportView):
    """The report as an A4 PDF (WeasyPrint). Where the server cannot draw it (no WeasyPrint or no
    Chinese font), the user is sent back to the report with the reason and the printable page."""

    pdf_template_name = "brigades/monthly_report_pdf.html"

    def get(self, request, *args, **kwargs):
        # Checked before the report's figures are read: without the PDF they would be thrown away.
        if not pdf_available():
            brigade = self.get_object()
            messages.error(request, _("PDF export is not available on this server (WeasyPrint or a Chinese font is missing). Use the printable page and print it to PDF."))
            return redirect(report_url(brigade.pk, parse_month(request.GET.get("month"))))
        return super().get(request, *args, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        month = context["month"]
        content = html_to_pdf(render_to_string(self.pdf_template_name, context, request=self.request))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="report-{self.object.code}-{month:%Y-%m}.pdf"'
        return response


class MonthlyReportExcelView(BrigadeScopedMixin, DetailView):
    model = Brigade

    def render_to_response(self, context):
        month = parse_month(self.request.GET.get("month"))
        report = report_of(self.object, month)
        rows = report_rows(self.object, month)
        content = report_workbook(self.object, report, rows)

        security_event_record(kind=EventKind.EXPORT, request=self.request, target=f"{self.object} {month:%Y-%m}",
                              detail={"list": "brigades.monthlyreport", "format": "xlsx",
                                      "filters": {"brigade": self.object.pk, "month": f"{month:%Y-%m}"}, "rows": len(rows)})
        response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="report-{self.object.code}-{month:%Y-%m}.xlsx"'
        return response


class ReportActionForm(forms.Form):
    month = forms.CharField(required=False)
    notes = forms.CharField(required=False)
    reason = forms.CharField(required=False)


class ReportActionView(RecordActionView):
    """A step of the monthly close, posted from the report page (the brigade is read in the user's
    scope, brigades.records.permissions is asked for `permission_action`); the page says how it went."""

    model = Brigade
    form_class = ReportActionForm

    def get(self, request, *args, **kwargs):
        return redirect(report_url(self.object.pk, parse_month(request.GET.get("month"))))

    def act(self, brigade, month, data):
        raise NotImplementedError

    def perform(self, form):
        self.message = self.act(self.object, parse_month(form.cleaned_data["month"]), form.cleaned_data)

    def success_text(self):
        return self.message

    def form_invalid(self, form):
        for text in form.non_field_errors() or [_("Please correct the errors below.")]:
            messages.error(self.request, text)
        for name, errors in form.errors.items():
            if name != "__all__":
                for text in errors:
                    messages.error(self.request, text)
        return redirect(self.get_success_url())

    def get_success_url(self):
        return report_url(self.object.pk, parse_month(self.request.POST.get("month")))


class MonthlyReportNotesView(ReportActionView):
    permission_action = "write_report_notes"

    def act(self, brigade, month, data):
        operations.report_save_notes(brigade_id=brigade.pk, month=month, notes=data["notes"], user=self.request.user)
        return _("Notes saved.")


class MonthlyReportApproveView(ReportActionView):
    permission_action = "approve"

    def act(self, brigade, month, data):
        operations.report_approve(brigade_id=brigade.pk, month=month, user=self.request.user)
        return _("The month is approved: its figures are final and its records are locked.")


class MonthlyReportUnlockView(ReportActionView):
    permission_action = "unlock"

    def act(self, brigade, month, data):
        operations.report_unlock(brigade_id=brigade.pk, month=month, user=self.request.user, reason=data["reason"])
        return _("The month is unlocked for correction.")


class ReportOverviewView(DetachmentOnlyMixin, TemplateView):
    """The detachment's view of one month: which brigades' reports are final."""

    template_name = "brigades/report_overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        month = parse_month(self.request.GET.get("month"))
        reports = {r.brigade_id: r for r in MonthlyReport.objects.filter(month=month).select_related("approved_by")}
        context.update(
            month=month, previous_month=add_months(month, -1), next_month=add_months(month, 1),
            rows=[(b, reports.get(b.pk)) for b in Brigade.objects.filter(is_active=True)],
            this_month=timezone.localdate().replace(day=1),
        )
        return context


class RankingView(LoginRequiredMixin, TemplateView):
    """考核排名: every brigade's score and rank for a period under an assessment, the movement
    since the previous period and the figures that moved it. The detachment and every brigade's
    leaders and staff see it (a brigade sees where it stands among the others, its row highlighted)."""

    template_name = "brigades/ranking.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(period_context(self.request))
        assessment = active_assessment(self.request.GET.get("assessment") or None)
        context.update(
            assessments=Assessment.objects.all(),
            ranking=ranking_for(assessment, context["period"]) if assessment else None,
            keep_params=[("assessment", assessment.pk)] if assessment else [],
            own_brigade_id=self.request.user.brigade_id,
            YEAR=YEAR,
        )
        return context
