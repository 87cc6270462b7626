"""The body of a background list export (the Celery task brigades.run_export): the list view of the
job is set up as its user would have opened it, with the job's filters and sort, and its table
written to the job's file. Started by brigades.records.export_views when a list is too long to export in
the request."""

import io
import logging

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.http import HttpRequest, QueryDict
from django.urls import resolve, reverse
from django.utils import timezone, translation

from . import exports
from ..models import ExportJob

logger = logging.getLogger(__name__)


def _list_view_for(job):
    """The list view of `job`, set up as if its user had opened the page with its filters."""
    path = reverse(job.list_name)
    match = resolve(path)
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.GET = QueryDict(job.query)
    request.user = job.user
    view = match.func.view_class(**getattr(match.func, "view_initkwargs", {}))
    view.setup(request, *match.args, **match.kwargs)
    filterset_class = view.get_filterset_class()
    view.filterset = view.get_filterset(filterset_class) if filterset_class is not None else None
    if view.filterset is None:
        view.object_list = view.get_queryset()
    elif not view.filterset.is_bound or view.filterset.is_valid() or not view.get_strict():
        view.object_list = view.filterset.qs
    else:
        view.object_list = view.filterset.queryset.none()
    return view


def export_job_run(*, job_id):
    """Writes the job's file; progress is saved every thousand rows for the page to show."""
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    if job.status == ExportJob.Status.DONE:
        return job
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, done=0)

    def progress(count):
        ExportJob.objects.filter(pk=job.pk).update(done=count)

    try:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            view = _list_view_for(job)
            table = view.export_table()
            stream = io.BytesIO()
            exports.write_table(stream, table, job.export_format, title=job.title, progress=progress)
    except Exception as error:
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED, error=repr(error)[:2000],
                                                   finished_at=timezone.now())
        raise
    job.file.save(f"{job.pk}.{job.export_format}", ContentFile(stream.getvalue()), save=False)
    job.status, job.done, job.finished_at = ExportJob.Status.DONE, job.total, timezone.now()
    job.save(update_fields=["file", "status", "done", "finished_at"])
    return job


@shared_task(name="brigades.run_export")
def run_export(job_id):
    """A list export too large for the request (brigades.records.export_jobs)."""
    job = export_job_run(job_id=job_id)
    logger.info("export %s: %s rows written", job.pk, job.done)
    return job.pk
