"""Load the demo data of every app: `manage.py load_demo [--scale 0.1]`. Running it twice changes nothing."""

import random
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import module_has_submodule
from brigades.demo import demo_users, load_reports
from brigades.figures.rollups import rollup_rebuild_all


class Command(BaseCommand):
    help = "Create the demo detachment, brigades, users and a year of records (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Fraction of the yearly record volume to create.")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, scale, seed, **options):
        if not 0 < scale <= 10:
            self.stderr.write("--scale must be above 0 and at most 10")
            raise SystemExit(2)
        for config in apps.get_app_configs():
            if not module_has_submodule(config.module, "demo"):
                continue
            module = import_module(f"{config.name}.demo")
            self.stdout.write(f"demo data: {config.label}")
            # One generator per app, so adding records to one app never shifts another's.
            module.load(scale=scale, rng=random.Random(f"{seed}-{config.label}"), stdout=self.stdout)
        # The loaders bulk-create (no signals): recompute every rollup from the records.

        rows = rollup_rebuild_all()
        self.stdout.write(f"rollups: {rows} daily figures")

        load_reports(stdout=self.stdout)
        self.print_users()

    def print_users(self):

        self.stdout.write(self.style.SUCCESS(f"\nDemo users (password: {settings.DEMO_PASSWORD})"))
        for user in demo_users():
            scope = user.brigade.name if user.brigade else "支队"
            self.stdout.write(f"  {user.username:<16} {scope:<10} {user.get_role_display()}")
