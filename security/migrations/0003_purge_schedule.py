"""The nightly purge of the security log past its retention, in the database (django-celery-beat)
beside the other schedules, editable in the admin. Idempotent: looked up by name."""

from django.db import migrations

TIMEZONE = "Asia/Shanghai"
NAME = "security: purge the security log past its retention"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="40", hour="4", day_of_week="*", day_of_month="*", month_of_year="*", timezone=TIMEZONE
    )
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={"task": "security.purge_security_log", "crontab": crontab, "interval": None, "enabled": True,
                  "description": "Delete security log events older than SECURITY_LOG_RETENTION_DAYS (at least 180 days)."},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0002_hash_api_tokens"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
