"""The rollup schedules, in the database (django-celery-beat) so that an administrator can change
them in the admin: dirty days every 2 minutes, the last 7 days nightly at 02:30 Beijing time, and
the optional month auto-lock (disabled; enable it and set after_days in the admin)."""

import json

from django.db import migrations

TASKS = {
    "rollups: refresh dirty days": "brigades.refresh_dirty_days",
    "rollups: recompute the last 7 days": "brigades.recompute_recent_days",
    "reports: auto-lock last month": "brigades.auto_lock_months",
}


def create_schedules(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_two_minutes, _ = IntervalSchedule.objects.get_or_create(every=2, period="minutes")
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="2", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    early_morning, _ = CrontabSchedule.objects.get_or_create(
        minute="10", hour="1", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.update_or_create(
        name="rollups: refresh dirty days",
        defaults={"task": TASKS["rollups: refresh dirty days"], "interval": every_two_minutes, "crontab": None,
                  "enabled": True, "description": "Recompute the brigade-days whose records changed."},
    )
    PeriodicTask.objects.update_or_create(
        name="rollups: recompute the last 7 days",
        defaults={"task": TASKS["rollups: recompute the last 7 days"], "crontab": nightly, "interval": None,
                  "kwargs": json.dumps({"days": 7}), "enabled": True,
                  "description": "Safety net for writes that sent no signal."},
    )
    PeriodicTask.objects.update_or_create(
        name="reports: auto-lock last month",
        defaults={"task": TASKS["reports: auto-lock last month"], "crontab": early_morning, "interval": None,
                  "kwargs": json.dumps({"after_days": 10}), "enabled": False,
                  "description": "Approve and lock last month's reports N days after the month ends."},
    )


def remove_schedules(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=list(TASKS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("brigades", "0002_rollups_reports_assessments"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
