"""The Celery app of the worker started by test_worker.py: the project's app, plus the test metrics
(they are registered in the test process only by a fixture, so the worker registers them here)."""

import django

from config.celery import app

django.setup()

from brigades.figures.registry import registry  # noqa: E402

from .rollup_metrics import enterprise_metrics_list  # noqa: E402

for metric in enterprise_metrics_list():
    if metric.key not in registry:
        registry.register(metric)

__all__ = ["app"]
