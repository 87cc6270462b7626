"""The Celery app: a worker and beat read their broker from settings (CELERY_* names)."""

from celery import Celery

from config.environment import use_settings_for_environment

use_settings_for_environment()

app = Celery("brigades")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
