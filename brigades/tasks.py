"""Celery tasks of the brigades app, the module the worker discovers (the list export's task lives
beside its body in brigades.records.export_jobs and is registered through this module). They take ids and
numbers, never model instances, and call the operations in brigades.figures.rollups, which are idempotent: acks_late (settings) redelivers a task whose
worker died, and running it twice leaves the same rows. The schedules live in the database
(django-celery-beat, created by migration 0003_rollup_schedules, editable in the admin)."""

import logging

from celery import shared_task
from django.conf import settings

from .figures import rollups
from .backup import backup_create, backup_purge
from .records.export_jobs import run_export  # noqa: F401  (the worker registers it through this module)
from .figures.operations import reports_auto_lock

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
    path = backup_create()
    removed = backup_purge(keep_days=settings.BACKUP_KEEP_DAYS)
    logger.info("backup: wrote %s, removed %s older than %s days", path, len(removed), settings.BACKUP_KEEP_DAYS)
    return str(path)
