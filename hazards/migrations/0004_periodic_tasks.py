"""The hazards schedules, in the database (django-celery-beat) beside the rollups' (brigades
0003_rollup_schedules) so that an administrator can change them in the admin. Beijing time:
re-inspections that fell due are flagged just after midnight, before the morning's lists are read;
black-spot suggestions are refreshed nightly after the rollups, from the accidents entered that day.
Idempotent: the schedules are looked up by their fields and the tasks by their names."""

from django.db import migrations

TIMEZONE = "Asia/Shanghai"
#: name → (task, minute, hour, description)
SCHEDULES = {
    "hazards: flag due re-inspections": (
        "hazards.flag_due_reinspections", "20", "0",
        "Mark the re-inspections (回头看) whose due date has come.",
    ),
    "hazards: refresh black-spot suggestions": (
        "hazards.refresh_black_spots", "15", "3",
        "Suggest accident black spots from each brigade's recent accidents (never twice).",
    ),
}


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, (task, minute, hour, description) in SCHEDULES.items():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*", timezone=TIMEZONE
        )
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={"task": task, "crontab": crontab, "interval": None, "enabled": True, "description": description},
        )


def remove_schedules(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=list(SCHEDULES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("hazards", "0003_seed_reference_data"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
