"""Celery tasks: take ids, never model instances; call operations. The user flow never waits on them:
due re-inspections show in lists by their date whether or not the beat task has run."""

from celery import shared_task

from . import operations


@shared_task
def flag_due_reinspections():
    return operations.flag_due_reinspections()


@shared_task
def refresh_black_spots(brigade_ids=None):
    from brigades.models import Brigade

    brigades = Brigade.objects.filter(is_active=True)
    if brigade_ids is not None:
        brigades = brigades.filter(pk__in=brigade_ids)
    return sum(len(operations.black_spots_refresh(brigade=brigade)) for brigade in brigades)
