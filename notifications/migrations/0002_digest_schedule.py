"""The reminders' schedule, in the database so that an administrator can change it in the admin:
every 15 minutes (the digest itself goes out once a day from NOTIFICATION_DIGEST_TIME)."""

from django.db import migrations

NAME = "reminders: daily digest and retries"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_quarter_hour, _ = IntervalSchedule.objects.get_or_create(every=15, period="minutes")
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={"task": "notifications.send_daily_digests", "interval": every_quarter_hour, "crontab": None,
                  "enabled": True, "description": "Build each user's daily digest and send it; retry failed sends."},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_reminders"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
