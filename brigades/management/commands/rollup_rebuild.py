"""Recompute every rollup from the records: `manage.py rollup_rebuild [--start Y-M-D] [--end Y-M-D]`."""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from brigades.figures.registry import registry
from brigades.figures.rollups import rollup_rebuild_all


def parse_day(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = "Recompute the daily rollups of every registered sum metric (idempotent; safe to rerun)."

    def add_arguments(self, parser):
        parser.add_argument("--start", type=parse_day, help="first day (default: the earliest record)")
        parser.add_argument("--end", type=parse_day, help="last day (default: today or the latest record)")

    def handle(self, *args, start=None, end=None, verbosity=1, **options):
        if start and end and start > end:
            raise CommandError("--start is after --end")
        began = time.monotonic()
        metrics = registry.sums()
        if verbosity:
            self.stdout.write(f"Rebuilding {len(metrics)} sum metrics")

        def progress(message):
            if verbosity:
                self.stdout.write(f"  {message}")

        rows = rollup_rebuild_all(start=start, end=end, progress=progress)
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"{rows} rows in {time.monotonic() - began:.1f} s"))
