"""Celery tasks: take ids, never model instances; call operations. The user flow never waits on them:
due re-inspections show in lists by their date whether or not the beat task has run. Stable names,
because the beat schedules in the database (migration 0004_periodic_tasks) refer to them by name."""

from celery import shared_task

from brigades.models import Brigade

from . import operations


@shared_task(name="hazards.flag_due_reinspections")
def flag_due_reinspections():
    return operations.flag_due_reinspections()


@shared_task(name="hazards.refresh_black_spots")
def refresh_black_spots(brigade_ids=None):

    brigades = Brigade.objects.filter(is_active=True)
    if brigade_ids is not None:
        brigades = brigades.filter(pk__in=brigade_ids)
    return sum(len(operations.black_spots_refresh(brigade=brigade)) for brigade in brigades)
