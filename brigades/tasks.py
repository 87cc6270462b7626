"""Celery tasks of the rollups. They take ids and numbers, never model instances, and call the
operations in brigades.rollups, which are idempotent: acks_late (settings) redelivers a task whose
worker died, and running it twice leaves the same rows. The schedules live in the database
(django-celery-beat, created by migration 0003_rollup_schedules, editable in the admin)."""

import logging

from celery import shared_task

from . import rollups
from .export_jobs import export_job_run
from .operations import reports_auto_lock

logger = logging.getLogger(__name__)


@shared_task(name="brigades.refresh_dirty_days")
def refresh_dirty_days():
    """Every 2 minutes: recompute the brigade-days whose records changed."""
    done = rollups.rollup_refresh_all_dirty()
    if done:
        logger.info("rollups: refreshed %s dirty brigade-days", done)
    return done


@shared_task(name="brigades.recompute_recent_days")
def recompute_recent_days(days=7):
    """Nightly: recompute the last `days` days of every brigade (catches writes that sent no signal)."""
    return rollups.rollup_recompute_recent(days=days)


@shared_task(name="brigades.rebuild_rollups")
def rebuild_rollups():
    return rollups.rollup_rebuild_all(progress=logger.info)


@shared_task(name="brigades.auto_lock_months")
def auto_lock_months(after_days=None):
    """Daily: approve and lock the previous month's reports `after_days` days after the month ends
    (0 or None, the default, turns it off)."""

    return reports_auto_lock(after_days=after_days)


@shared_task(name="brigades.nightly_backup")
def nightly_backup():
    """Nightly (migration 0005_nightly_backup): a backup under BACKUP_DIR, then the backups older
    than BACKUP_KEEP_DAYS are removed (the newest is always kept)."""
    from django.conf import settings

    from .backup import backup_create, backup_purge

    path = backup_create()
    removed = backup_purge(keep_days=settings.BACKUP_KEEP_DAYS)
    logger.info("backup: wrote %s, removed %s older than %s days", path, len(removed), settings.BACKUP_KEEP_DAYS)
    return str(path)


@shared_task(name="brigades.run_export")
def run_export(job_id):
    """A list export too large for the request (brigades.export_jobs)."""
    job = export_job_run(job_id=job_id)
    logger.info("export %s: %s rows written", job.pk, job.done)
    return job.pk
