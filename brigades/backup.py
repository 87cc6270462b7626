"""Backup and restore of the whole record: the database and the uploaded files, together.

A backup is one directory `backup-<YYYYmmdd-HHMMSS>/` under BACKUP_DIR holding
- `database.dump` (PostgreSQL: pg_dump's custom format) or `database.sqlite3` (SQLite's online
  backup API: a consistent copy while the application runs);
- `media.tar`: every file of the default storage (local disk or object store), thumbnails excepted
  (they are made again on request);
- `manifest.json`: the row count of every table, as of the dump itself (PostgreSQL: the same
  snapshot pg_dump reads; SQLite: counted in the copy), the sha256 of the dump, of the tar and of
  every file in it.
It is written under a temporary name and renamed when complete, so a half-written backup never
looks like one.

`restore` goes into an empty database and an empty storage only. It checks the dump's and the
tar's checksums and every file's before writing anything, and the row counts once the database is
restored; on any mismatch it refuses and leaves the target empty.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections
from django.utils import timezone

from .records.files import THUMBNAIL_DIR

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar"


class RestoreRefused(Exception):
    """The backup does not match its manifest, or the target is not empty: nothing was restored."""


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine(database):
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise ValueError(f"backups support SQLite and PostgreSQL, not {engine}")


# ---------------------------------------------------------------- SQLite


def _sqlite_counts(path):
    with sqlite3.connect(path) as db:
        tables = [row[0] for row in db.execute("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")]
        return {table: db.execute(f'select count(*) from "{table}"').fetchone()[0] for table in tables}


def _sqlite_copy(source_path, target_path):
    source = sqlite3.connect(source_path)
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


# ---------------------------------------------------------------- PostgreSQL


def _pg_connect(database, name=None):
    import psycopg2

    return psycopg2.connect(
        dbname=name or database["NAME"], user=database.get("USER") or None, password=database.get("PASSWORD") or None,
        host=database.get("HOST") or None, port=database.get("PORT") or None,
    )


def _pg_args(database):
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            args += [flag, str(database[key])]
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return args, env


def _pg_counts(cursor):
    cursor.execute("select tablename from pg_tables where schemaname = 'public' order by tablename")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'select count(*) from "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_dump(database, path):
    """pg_dump reads the snapshot this transaction exported, so the counts are the dump's."""
    import psycopg2.extensions

    connection = _pg_connect(database)
    try:
        connection.set_session(isolation_level=psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ, readonly=True)
        with connection.cursor() as cursor:
            cursor.execute("select pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _pg_counts(cursor)
            args, env = _pg_args(database)
            subprocess.run(
                ["pg_dump", *args, "--format=custom", "--no-owner", f"--snapshot={snapshot}", "--file", str(path), database["NAME"]],
                env=env, check=True, capture_output=True,
            )
        connection.rollback()
    finally:
        connection.close()
    return counts


# ---------------------------------------------------------------- the files


def _storage_names(storage, directory=""):
    directories, files = storage.listdir(directory)
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for sub in sorted(directories):
        path = f"{directory}/{sub}" if directory else sub
        if path != THUMBNAIL_DIR:
            yield from _storage_names(storage, path)


def _media_tar(storage, path):
    checksums = {}
    try:
        names = list(_storage_names(storage))
    except FileNotFoundError:  # a fresh installation: no upload yet
        names = []
    with tarfile.open(path, "w") as archive:
        for name in names:
            with storage.open(name, "rb") as f:
                data = f.read()
            checksums[name] = hashlib.sha256(data).hexdigest()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
    return checksums


# ---------------------------------------------------------------- backup


def backup_create(*, directory=None, database=None, storage=None):
    """Write a backup directory and return its path."""
    directory = Path(directory or settings.BACKUP_DIR)
    database = database or connections["default"].settings_dict
    storage = storage or default_storage
    directory.mkdir(parents=True, exist_ok=True)
    created = timezone.now()
    stamp = f"backup-{timezone.localtime(created):%Y%m%d-%H%M%S}"
    final, number = directory / stamp, 1
    while final.exists():  # two in one second (a manual one beside the nightly one)
        number += 1
        final = directory / f"{stamp}-{number}"
    partial = Path(tempfile.mkdtemp(prefix=".partial-", dir=directory))
    try:
        engine = _engine(database)
        if engine == "sqlite":
            dump = partial / "database.sqlite3"
            _sqlite_copy(database["NAME"], dump)
            tables = _sqlite_counts(dump)
        else:
            dump = partial / "database.dump"
            tables = _pg_dump(database, dump)
        files = _media_tar(storage, partial / MEDIA_TAR)
        manifest = {
            "format": FORMAT, "created_at": created.isoformat(), "engine": engine,
            "database_file": dump.name, "database_sha256": sha256_file(dump),
            "media_file": MEDIA_TAR, "media_sha256": sha256_file(partial / MEDIA_TAR),
            "tables": tables, "files": files,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True))
        partial.chmod(0o700)  # the whole record, personal data included: for the operator only
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


def backup_purge(*, keep_days, directory=None, now=None):
    """Remove the backups older than `keep_days`, never the newest one. Returns what was removed."""
    directory = Path(directory or settings.BACKUP_DIR)
    now = now or timezone.now()
    backups = sorted(path for path in directory.glob("backup-*") if (path / MANIFEST).is_file())
    removed = []
    for path in backups[:-1]:
        created = datetime.fromisoformat(json.loads((path / MANIFEST).read_text())["created_at"])
        if now - created > timedelta(days=keep_days):
            shutil.rmtree(path)
            removed.append(path)
    return removed


# ---------------------------------------------------------------- restore


def _read_verified(backup):
    backup = Path(backup)
    try:
        manifest = json.loads((backup / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise RestoreRefused(f"{backup}: no readable {MANIFEST} ({error})") from None
    if manifest.get("format") != FORMAT:
        raise RestoreRefused(f"{backup}: backup format {manifest.get('format')!r}, this version reads {FORMAT}")
    for key, sha in (("database_file", "database_sha256"), ("media_file", "media_sha256")):
        path = backup / manifest[key]
        if not path.is_file() or sha256_file(path) != manifest[sha]:
            raise RestoreRefused(f"{path.name} does not match the manifest's checksum: the backup is damaged")
    files = {}
    with tarfile.open(backup / manifest["media_file"]) as archive:
        for member in archive.getmembers():
            if not member.isfile():
                raise RestoreRefused(f"media.tar holds {member.name!r}, which is not a file")
            files[member.name] = archive.extractfile(member).read()
    if set(files) != set(manifest["files"]):
        raise RestoreRefused("media.tar does not hold the files the manifest lists")
    for name, data in files.items():
        if hashlib.sha256(data).hexdigest() != manifest["files"][name]:
            raise RestoreRefused(f"{name} does not match the manifest's checksum")
    return manifest, files


def _check_counts(actual, manifest):
    if actual != manifest["tables"]:
        wrong = sorted(t for t in set(actual) | set(manifest["tables"]) if actual.get(t) != manifest["tables"].get(t))
        raise RestoreRefused(
            "the restored database does not match the manifest's row counts ("
            + ", ".join(f"{t}: {actual.get(t)} restored, {manifest['tables'].get(t)} in the manifest" for t in wrong[:5])
            + ")"
        )


def restore(backup, *, database=None, storage=None):
    """Restore a backup into an empty database and storage (see the module's docstring)."""
    backup = Path(backup)
    database = database or connections["default"].settings_dict
    storage = storage or default_storage
    manifest, files = _read_verified(backup)
    engine = _engine(database)
    if engine != manifest["engine"]:
        raise RestoreRefused(f"the backup is of a {manifest['engine']} database; this one is {engine}")
    present = [name for name in files if storage.exists(name)]
    if present:
        raise RestoreRefused(f"the file storage is not empty ({present[0]} exists): restore into an empty one")
    dump = backup / manifest["database_file"]
    if engine == "sqlite":
        _restore_sqlite(dump, Path(database["NAME"]), manifest)
    else:
        _restore_postgresql(dump, database, manifest)
    for name, data in sorted(files.items()):
        saved = storage.save(name, ContentFile(data))
        if saved != name:
            raise RestoreRefused(f"{name} was stored as {saved}")
    return manifest


def _restore_sqlite(dump, target, manifest):
    if target.exists() and _sqlite_counts(target):
        raise RestoreRefused(f"the database {target} is not empty: restore into an empty one")
    connections.close_all()
    staged = target.with_name(f".restoring-{target.name}")
    staged.unlink(missing_ok=True)
    _sqlite_copy(dump, staged)
    try:
        _check_counts(_sqlite_counts(staged), manifest)
    except RestoreRefused:
        staged.unlink()
        raise
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    staged.replace(target)


def _restore_postgresql(dump, database, manifest):
    connection = _pg_connect(database)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("select count(*) from pg_tables where schemaname = 'public'")
            if cursor.fetchone()[0]:
                raise RestoreRefused(f"the database {database['NAME']} is not empty: restore into an empty one")
            args, env = _pg_args(database)
            result = subprocess.run(
                ["pg_restore", *args, "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                 "--dbname", database["NAME"], str(dump)],
                env=env, capture_output=True, text=True,
            )
            if result.returncode:
                raise RestoreRefused(f"pg_restore failed: {result.stderr.strip()[-500:]}")
            try:
                _check_counts(_pg_counts(cursor), manifest)
            except RestoreRefused:
                # It was empty before: leave it empty again.
                cursor.execute("drop schema public cascade; create schema public")
                raise
    finally:
        connection.close()
