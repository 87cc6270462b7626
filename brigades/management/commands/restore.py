"""Restore a backup into an empty database and file storage: `manage.py restore BACKUP_DIRECTORY`."""

from django.core.management.base import BaseCommand, CommandError

from brigades.backup import RestoreRefused, restore


class Command(BaseCommand):
    help = (
        "Restore a backup written by `manage.py backup` into an EMPTY database and storage (create the database, "
        "do not migrate). Checksums are verified before anything is written and row counts after; on a mismatch "
        "nothing is kept."
    )
    requires_system_checks = []  # the database is empty until this command fills it

    def add_arguments(self, parser):
        parser.add_argument("backup", help="a backup directory (backup-YYYYmmdd-HHMMSS)")

    def handle(self, *args, backup, **options):
        try:
            manifest = restore(backup)
        except RestoreRefused as error:
            raise CommandError(f"restore refused: {error}") from None
        self.stdout.write(
            f"restored {sum(manifest['tables'].values())} rows in {len(manifest['tables'])} tables and "
            f"{len(manifest['files'])} files from {backup} (made {manifest['created_at']})"
        )
