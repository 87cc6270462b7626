"""Back up the database and the uploaded files together: `manage.py backup [--keep-days N]`."""

import subprocess

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from brigades.backup import backup_create, backup_purge


class Command(BaseCommand):
    help = "Write a backup (database dump, the uploaded files, a manifest with row counts and checksums) under BACKUP_DIR."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help=f"where to write it (default: BACKUP_DIR, {settings.BACKUP_DIR})")
        parser.add_argument("--keep-days", type=int, help="then remove the backups older than this many days (never the newest)")

    def handle(self, *args, dir=None, keep_days=None, **options):
        try:
            path = backup_create(directory=dir)
        except subprocess.CalledProcessError as error:
            raise CommandError(f"{error.cmd[0]} failed: {error.stderr.decode(errors='replace').strip()}") from None
        self.stdout.write(str(path))
        if keep_days is not None:
            for removed in backup_purge(keep_days=keep_days, directory=dir):
                self.stderr.write(f"removed {removed}")
