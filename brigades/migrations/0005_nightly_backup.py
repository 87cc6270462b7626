"""The nightly backup's schedule, in the database (django-celery-beat) like the rollups' (0003):
every night at 03:45 Beijing time, after the rollups (02:30) and the black-spot run (03:15); an administrator can move it."""

from django.db import migrations

NAME = "backup: nightly"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="45", hour="3", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={"task": "brigades.nightly_backup", "crontab": nightly, "interval": None, "enabled": True,
                  "description": "Database and uploaded files under BACKUP_DIR; backups older than BACKUP_KEEP_DAYS removed."},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("brigades", "0004_monthly_figures"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
