"""Celery tasks of the reminders. The schedule lives in the database (django-celery-beat, created
by migration 0002_digest_schedule): every 15 minutes, so that the digest goes out soon after
NOTIFICATION_DIGEST_TIME and failed deliveries are retried; the operations make reruns harmless."""

import logging

from celery import shared_task

from . import operations

logger = logging.getLogger(__name__)


@shared_task(name="notifications.send_daily_digests")
def send_daily_digests():
    result = operations.digests_run()
    if result["digests"] or result["sent"]:
        logger.info("reminders: %(digests)s digests, %(sent)s deliveries sent", result)
    return result
