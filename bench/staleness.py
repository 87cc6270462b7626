"""How stale a figure gets while the worker and beat run: save a record, poll until its rollup shows it.

    # terminal 1: the worker and beat on the bench database, with the Redis broker
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/brigades_bench DEBUG=false \\
           CELERY_BROKER_URL=redis://127.0.0.1:6379/14
    .venv/bin/honcho start worker beat
    # terminal 2 (same environment)
    .venv/bin/python bench/staleness.py --saves 3 | tee bench/results/<date>-staleness.txt

Each save moves one record of --model (enforcement.Violation by default: the registry does not say
which table a figure reads) to today with `save()`, as a clerk's edit does: the signal marks its brigade-day dirty on commit, beat sends the refresh task every
2 minutes (the interval is read from django-celery-beat's table and printed), the worker refreshes.
The script polls every second until that brigade-day's rollup rows have changed and its dirty mark
is gone, and prints the delay. Saves follow each other as soon as the previous one is seen, so the
later ones land just after a beat tick: close to the worst case (the whole interval plus a refresh).
"""

import argparse
import statistics
import time

import _setup  # noqa: F401
from django.apps import apps
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from brigades.models import DailyFigure, DirtyDay


def rollup_of(brigade_id, day):
    return sorted(DailyFigure.objects.filter(brigade_id=brigade_id, day=day).values_list("metric", "value"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="enforcement.Violation")
    parser.add_argument("--saves", type=int, default=3)
    parser.add_argument("--timeout", type=int, default=600, help="seconds to wait for one save")
    args = parser.parse_args()
    model = apps.get_model(args.model)
    task = PeriodicTask.objects.get(task="brigades.refresh_dirty_days")
    print(f"beat task {task.name!r}: enabled={task.enabled}, every {task.interval}, last run {task.last_run_at}")
    today = timezone.localdate()
    delays = []
    for _ in range(args.saves):
        record = model.objects.exclude(**{model.date_field: today}).order_by("?").first()
        before = rollup_of(record.brigade_id, today)
        setattr(record, model.date_field, today)
        record.save()
        saved = time.monotonic()
        print(f"{timezone.localtime():%H:%M:%S} saved {model._meta.label} {record.pk} "
              f"(brigade {record.brigade_id}) on {today}")
        while time.monotonic() - saved < args.timeout:
            time.sleep(1)
            marked = DirtyDay.objects.filter(brigade_id=record.brigade_id, day=today).exists()
            if not marked and rollup_of(record.brigade_id, today) != before:
                delays.append(time.monotonic() - saved)
                print(f"{timezone.localtime():%H:%M:%S} rollup updated after {delays[-1]:.0f} s")
                break
        else:
            print(f"not updated after {args.timeout} s")
            delays.append(float("inf"))
    task.refresh_from_db()
    print(f"delays: {', '.join(f'{d:.0f} s' for d in delays)}; max {max(delays):.0f} s, "
          f"median {statistics.median(delays):.0f} s; beat last run {task.last_run_at}")


if __name__ == "__main__":
    main()
