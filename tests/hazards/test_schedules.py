"""The hazards beat schedules come from a data migration: they exist after migrate, in Beijing
time, name tasks a worker registers (by autodiscovery, as the worker finds them), and applying
the migration again changes nothing."""

import importlib
import json

import pytest
from django.apps import apps
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from config.celery import app as celery_app

pytestmark = pytest.mark.django_db

schedules = importlib.import_module("hazards.migrations.0004_periodic_tasks")


def registered_tasks():
    celery_app.loader.import_default_modules()  # what a worker does at start: autodiscover the apps' tasks
    return celery_app.tasks


def test_the_migration_created_the_hazards_schedules_in_beijing_time():
    tasks = {t.name: t for t in PeriodicTask.objects.filter(name__in=list(schedules.SCHEDULES))}
    assert set(tasks) == set(schedules.SCHEDULES)
    flag = tasks["hazards: flag due re-inspections"]
    assert flag.task == "hazards.flag_due_reinspections" and flag.enabled
    assert (flag.crontab.hour, flag.crontab.minute, str(flag.crontab.timezone)) == ("0", "20", "Asia/Shanghai")
    spots = tasks["hazards: refresh black-spot suggestions"]
    assert spots.task == "hazards.refresh_black_spots" and spots.enabled
    assert (spots.crontab.hour, spots.crontab.minute, str(spots.crontab.timezone)) == ("3", "15", "Asia/Shanghai")
    assert flag.interval is None and spots.interval is None


def test_every_scheduled_task_is_registered_and_runs_with_its_arguments(brigade_a):
    registered = registered_tasks()
    for periodic in PeriodicTask.objects.exclude(task__startswith="celery."):
        assert periodic.task in registered, f"{periodic.name} names an unknown task {periodic.task}"
    for name in schedules.SCHEDULES:
        periodic = PeriodicTask.objects.get(name=name)
        result = registered[periodic.task].apply(args=json.loads(periodic.args), kwargs=json.loads(periodic.kwargs))
        assert result.successful(), result.traceback
        assert result.get() == 0  # nothing due, no accidents


def test_applying_the_migration_again_changes_nothing():
    before = (PeriodicTask.objects.count(), CrontabSchedule.objects.count())
    schedules.create_schedules(apps, None)
    schedules.create_schedules(apps, None)
    assert (PeriodicTask.objects.count(), CrontabSchedule.objects.count()) == before
