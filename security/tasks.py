"""The security log's retention: nightly, rows older than SECURITY_LOG_RETENTION_DAYS (never less
than 180 days) go; nothing younger is touched. Scheduled by migration 0003_purge_schedule."""

import logging

from celery import shared_task

from .operations import security_log_purge

logger = logging.getLogger(__name__)


@shared_task(name="security.purge_security_log")
def purge_security_log():
    deleted = security_log_purge()
    if deleted:
        logger.info("security log: purged %s events past the retention", deleted)
    return deleted
