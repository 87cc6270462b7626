"""SMS through a small pluggable backend: settings.NOTIFICATION_SMS_BACKEND names a class with
`send(phone, text)` that raises on failure. A deployment writes one for its SMS gateway (Aliyun,
Tencent Cloud, a carrier's platform) without touching the rest; the default prints to the log."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class BaseSmsBackend:
    def send(self, phone, text):
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    """Writes the message to the log instead of sending it (development, and deployments without SMS)."""

    def send(self, phone, text):
        logger.info("SMS to %s:\n%s", phone, text)


class LocmemSmsBackend(BaseSmsBackend):
    """Keeps the messages in memory, like Django's locmem email backend (the test suite)."""

    outbox = []

    def send(self, phone, text):
        type(self).outbox.append((phone, text))


def get_sms_backend():
    return import_string(settings.NOTIFICATION_SMS_BACKEND)()
