"""Tasks and the rebuild command: idempotent, schedules in the database."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from brigades import tasks
from brigades.models import DailyFigure, DirtyDay
from brigades.figures.rollups import mark_dirty

from .rollup_metrics import ENTERPRISES, make_enterprise

pytestmark = pytest.mark.django_db


def rows():
    return sorted(DailyFigure.objects.values_list("brigade_id", "day", "metric", "value"))


def test_the_schedules_are_in_the_database():
    by_task = {t.task: t for t in PeriodicTask.objects.all()}
    assert by_task["brigades.refresh_dirty_days"].interval.every == 2
    assert by_task["brigades.refresh_dirty_days"].interval.period == "minutes"
    nightly = by_task["brigades.recompute_recent_days"].crontab
    assert (nightly.hour, nightly.minute, str(nightly.timezone)) == ("2", "30", "Asia/Shanghai")
    assert by_task["brigades.auto_lock_months"].enabled is False


def test_refresh_task_run_twice_gives_the_same_rows(enterprise_metrics, brigade_a):
    day = date(2026, 10, 14)
    make_enterprise(brigade_a, day)
    mark_dirty(brigade_a.pk, [day])
    assert tasks.refresh_dirty_days.apply().get() == 1
    first = rows()
    mark_dirty(brigade_a.pk, [day])  # a redelivered task after a killed worker
    tasks.refresh_dirty_days.apply().get()
    assert rows() == first and first
    assert not DirtyDay.objects.exists()


def test_nightly_task_recomputes_the_last_seven_days(enterprise_metrics, brigade_a):
    today = timezone.localdate()
    make_enterprise(brigade_a, today - timedelta(days=6))
    make_enterprise(brigade_a, today - timedelta(days=8))
    tasks.recompute_recent_days.apply(kwargs={"days": 7}).get()
    assert [(r[1], r[2]) for r in rows() if r[2] == ENTERPRISES] == [(today - timedelta(days=6), ENTERPRISES)]


def test_rebuild_command_prints_progress_and_is_idempotent(enterprise_metrics, brigade_a, capsys):
    make_enterprise(brigade_a, date(2025, 6, 1))
    call_command("rollup_rebuild")
    out = capsys.readouterr().out
    assert "2025-06-01" in out and "rows in" in out
    first = rows()
    call_command("rollup_rebuild", verbosity=0)
    assert rows() == first and first
