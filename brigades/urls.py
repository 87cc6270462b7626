from django.urls import path

from .figures import dashboards, report_views
from .records import export_views
from . import views

app_name = "brigades"

urlpatterns = [
    path("", views.BrigadeListView.as_view(), name="brigade_list"),
    path("<int:pk>/", views.BrigadeDetailView.as_view(), name="brigade_detail"),
    path("exports/<int:pk>/", export_views.ExportJobView.as_view(), name="export_job"),
    path("exports/<int:pk>/download/", export_views.ExportJobDownloadView.as_view(), name="export_job_download"),
    path("officers/", views.OfficerListView.as_view(), name="officer_list"),
    path("officers/new/", views.OfficerCreateView.as_view(), name="officer_create"),
    path("officers/<int:pk>/", views.OfficerDetailView.as_view(), name="officer_detail"),
    path("base-map/", views.BaseMapView.as_view(), name="base_map"),
    path("choices/", views.ChoicesView.as_view(), name="choices"),
    path("officers/<int:pk>/edit/", views.OfficerUpdateView.as_view(), name="officer_update"),
    # Dashboards, rankings and monthly reports (read the rollups only).
    path("dashboard/", dashboards.DashboardView.as_view(), name="dashboard"),
    path("dashboard/detachment/", dashboards.DetachmentDashboardView.as_view(), name="detachment_dashboard"),
    path("<int:pk>/dashboard/", dashboards.BrigadeDashboardView.as_view(), name="brigade_dashboard"),
    path("ranking/", report_views.RankingView.as_view(), name="ranking"),
    path("reports/", report_views.ReportOverviewView.as_view(), name="report_overview"),
    path("<int:pk>/report/", report_views.MonthlyReportView.as_view(), name="monthly_report"),
    path("<int:pk>/report/print/", report_views.MonthlyReportPrintView.as_view(), name="monthly_report_print"),
    path("<int:pk>/report/pdf/", report_views.MonthlyReportPdfView.as_view(), name="monthly_report_pdf"),
    path("<int:pk>/report/xlsx/", report_views.MonthlyReportExcelView.as_view(), name="monthly_report_xlsx"),
    path("<int:pk>/report/notes/", report_views.MonthlyReportNotesView.as_view(), name="monthly_report_notes"),
    path("<int:pk>/report/approve/", report_views.MonthlyReportApproveView.as_view(), name="monthly_report_approve"),
    path("<int:pk>/report/unlock/", report_views.MonthlyReportUnlockView.as_view(), name="monthly_report_unlock"),
]
