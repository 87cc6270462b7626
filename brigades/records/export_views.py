"""Exports of the record lists: small ones in the request, large ones as a background job whose page
shows its progress and then the download link. The job rebuilds the list exactly as the page does
(the list view itself, with the user's filters and sort), so both paths give the same file."""

import io

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import resolve
from django.utils import translation
from django.views.generic import DetailView

from security.choices import EventKind
from security.operations import security_event_record

from . import exports
from .export_jobs import run_export
from ..models import ExportJob

EXPORT_PARAM = "_export"


class RecordExportMixin:
    """`?_export=xlsx` (or csv) on a record list exports what the list shows, every page of it."""

    export_formats = ("xlsx", "csv")
    export_trigger_param = EXPORT_PARAM

    def export_title(self):
        return str(self.model._meta.verbose_name_plural)

    def render_to_response(self, context, **kwargs):
        export_format = self.request.GET.get(EXPORT_PARAM)
        if export_format in self.export_formats:
            return self.export_response(export_format)
        return super().render_to_response(context, **kwargs)

    def record_export(self, export_format, rows):
        """A line in the security log: who exported which list, with which filters, how many rows."""

        filters = {key: values if len(values) > 1 else values[0]
                   for key, values in self.request.GET.lists() if key != EXPORT_PARAM and any(values)}
        security_event_record(
            kind=EventKind.EXPORT, request=self.request, target=str(self.model._meta.verbose_name_plural),
            detail={"list": self.model._meta.label_lower, "format": export_format, "filters": filters, "rows": rows},
        )

    def export_table(self):
        """The list's table with every row the filters keep, sorted as on the page."""
        table = self.get_table(**self.get_table_kwargs())
        return table

    def export_response(self, export_format):
        table = self.export_table()
        queryset = exports.export_queryset(table)
        total = queryset.count() if hasattr(queryset, "count") else len(queryset)
        self.record_export(export_format, total)
        if total > settings.EXPORT_ASYNC_ROWS:
            job = export_job_start(user=self.request.user, request=self.request, title=self.export_title(),
                                   export_format=export_format, total=total)
            return redirect(job.get_absolute_url())
        stream = io.BytesIO()
        exports.write_table(stream, table, export_format, title=self.export_title())
        response = HttpResponse(stream.getvalue(), content_type=exports.CONTENT_TYPES[export_format])
        filename = f"{self.model._meta.model_name}.{export_format}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def export_job_start(*, user, request, title, export_format, total):
    """Queues a background export of the list `request` asked for (its filters and sort)."""
    query = request.GET.copy()
    query.pop(EXPORT_PARAM, None)
    job = ExportJob.objects.create(
        user=user, list_name=resolve(request.path_info).view_name, title=title, query=query.urlencode(),
        export_format=export_format, language=translation.get_language() or "", total=total,
    )
    transaction.on_commit(lambda: run_export.delay(job.pk))
    return job


class ExportJobView(LoginRequiredMixin, DetailView):
    """A background export: its progress (the page polls this with htmx) and, when done, the link."""

    model = ExportJob
    template_name = "brigades/export_job.html"

    def get_queryset(self):
        return ExportJob.objects.for_user(self.request.user)

    def get_template_names(self):
        if self.request.htmx:
            return ["brigades/_export_job_status.html"]
        return [self.template_name]


class ExportJobDownloadView(LoginRequiredMixin, DetailView):
    """The file of a finished export, to the user who asked for it only (404 for anyone else)."""

    model = ExportJob

    def get_queryset(self):
        return ExportJob.objects.for_user(self.request.user)

    def get(self, request, *args, **kwargs):
        job = self.get_object()
        if job.status != ExportJob.Status.DONE or not job.file:
            raise Http404
        return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename,
                            content_type=exports.CONTENT_TYPES.get(job.export_format))

