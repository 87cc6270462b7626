"""Backup and restore: a round trip keeps every row and every photo's bytes, on SQLite and on
PostgreSQL; a damaged backup or a non-empty target is refused and nothing is written."""

import json
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import connection
from django_celery_beat.models import PeriodicTask

from brigades import backup, tasks
from tests.hazards.factories import HazardPhotoFactory
from tests.outreach.factories import EventPhotoFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media_root")]

IS_SQLITE = connection.vendor == "sqlite"
IS_POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture
def records(brigade_a, brigade_b):
    hazard_photo = HazardPhotoFactory(brigade=brigade_a, file=ContentFile(b"\xff\xd8\xff" + uuid.uuid4().bytes * 50, name="a.jpg"))
    event_photo = EventPhotoFactory(brigade=brigade_b, file=ContentFile(b"\x89PNG\r\n\x1a\n" + uuid.uuid4().bytes * 50, name="b.png"))
    return hazard_photo, event_photo


def live_counts():
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f'select count(*) from "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def empty_target(tmp_path):
    """An empty database of the suite's kind and an empty file storage to restore into."""
    storage = FileSystemStorage(location=tmp_path / "restored-media")
    if IS_SQLITE:
        database = {**connection.settings_dict, "NAME": str(tmp_path / "restored.sqlite3")}
        yield database, storage
        return
    import psycopg2

    name = f"{connection.settings_dict['NAME']}_restored"[:63]
    admin = backup._pg_connect(connection.settings_dict, name="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'drop database if exists "{name}"')
        cursor.execute(f'create database "{name}"')
    try:
        yield {**connection.settings_dict, "NAME": name}, storage
    finally:
        with admin.cursor() as cursor:
            try:
                cursor.execute(f'drop database if exists "{name}" with (force)')
            except psycopg2.Error:
                pass
        admin.close()


def restored_counts(database):
    if IS_SQLITE:
        return backup._sqlite_counts(database["NAME"])
    target = backup._pg_connect(database)
    try:
        with target.cursor() as cursor:
            return backup._pg_counts(cursor)
    finally:
        target.close()


def round_trip(tmp_path, records, empty_target):
    hazard_photo, event_photo = records
    path = backup.backup_create(directory=tmp_path / "backups")
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["tables"] == live_counts()
    assert manifest["tables"]["hazards_hazardphoto"] == 1 and manifest["tables"]["brigades_brigade"] == 2
    assert set(manifest["files"]) == {hazard_photo.file.name, event_photo.file.name}

    database, storage = empty_target
    backup.restore(path, database=database, storage=storage)
    assert restored_counts(database) == manifest["tables"]
    for photo in records:
        with storage.open(photo.file.name, "rb") as restored, photo.file.open("rb") as original:
            assert restored.read() == original.read()
    return path


@pytest.mark.skipif(not IS_SQLITE, reason="the SQLite round trip runs on the embedded default")
def test_round_trip_on_sqlite(tmp_path, records, empty_target):
    path = round_trip(tmp_path, records, empty_target)
    assert (path / "database.sqlite3").is_file()


@pytest.mark.skipif(not IS_POSTGRESQL, reason="needs DATABASE_URL=postgres://... (CI runs the suite on PostgreSQL too)")
def test_round_trip_on_postgresql(tmp_path, records, empty_target):
    path = round_trip(tmp_path, records, empty_target)
    assert (path / "database.dump").read_bytes().startswith(b"PGDMP")  # pg_dump's custom format


def test_a_damaged_backup_is_refused_and_nothing_is_written(tmp_path, records, empty_target):
    database, storage = empty_target
    path = backup.backup_create(directory=tmp_path / "backups")
    manifest_path = path / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    photo_name = records[0].file.name

    manifest["files"][photo_name] = "0" * 64  # a photo that is not what was saved
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(backup.RestoreRefused, match="checksum"):
        backup.restore(path, database=database, storage=storage)

    manifest["files"][photo_name] = backup.sha256_file(records[0].file.path)
    manifest["tables"]["hazards_hazardphoto"] += 1  # a row lost on the way
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(backup.RestoreRefused, match="hazards_hazardphoto"):
        backup.restore(path, database=database, storage=storage)
    if IS_SQLITE:
        assert not Path(database["NAME"]).exists()
    else:
        assert restored_counts(database) == {}
    assert not storage.exists(photo_name)


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, records):
    path = backup.backup_create(directory=tmp_path / "backups")
    with pytest.raises(backup.RestoreRefused, match="not empty"):
        backup.restore(path, storage=FileSystemStorage(location=tmp_path / "other-media"))
    assert live_counts()["hazards_hazardphoto"] == 1


def test_the_commands_and_the_nightly_task_keep_n_days(tmp_path, records, settings, capsys):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.BACKUP_KEEP_DAYS = 7
    call_command("backup")
    first = Path(capsys.readouterr().out.strip())
    assert (first / "manifest.json").is_file()
    # Make the first one look 8 days old: the nightly task removes it, and keeps its own.
    manifest = json.loads((first / "manifest.json").read_text())
    created = backup.datetime.fromisoformat(manifest["created_at"]) - timedelta(days=8)
    manifest["created_at"] = created.isoformat()
    (first / "manifest.json").write_text(json.dumps(manifest))
    newest = Path(tasks.nightly_backup.apply().get())
    assert not first.exists() and (newest / "manifest.json").is_file()


@pytest.mark.django_db(transaction=False)
def test_the_nightly_backup_is_scheduled_in_the_database():
    schedule = PeriodicTask.objects.get(task="brigades.nightly_backup")
    assert schedule.enabled and (schedule.crontab.hour, schedule.crontab.minute) == ("3", "45")
    assert str(schedule.crontab.timezone) == "Asia/Shanghai"
