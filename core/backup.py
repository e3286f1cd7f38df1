"""Backups: a consistent copy of the database and of the media and private files, with a
manifest of SHA-256 checksums; and their restore.

A backup is a folder::

    manifest.json     what is inside: the database (vendor, file, checksum, rows per
                      table) and every file (area, path, size, checksum)
    database.sqlite3  SQLite: the online backup API, a consistent copy of a live database
    database.dump     PostgreSQL: pg_dump --format=custom (one snapshot)
    media/...         MEDIA_ROOT (the CMS's public images and documents)
    private/...       PRIVATE_MEDIA_ROOT (evidence, award attachments)

``restore`` checks every checksum before it touches anything, replaces the whole
database with the copy (SQLite: the backup API the other way; PostgreSQL:
pg_restore --clean --single-transaction) and puts the files back. File areas on
object storage (S3) are not copied here: back those buckets up with versioning or
the provider's own backups; the manifest says they were skipped.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection, connections, transaction
from django.utils import timezone

from core import page_cache

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go ahead (the message says why)."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _areas() -> dict[str, Path | None]:
    """The file areas and their folders (None: not on the local disk)."""
    private = storages["private"]
    return {
        "media": Path(settings.MEDIA_ROOT),
        "private": Path(private.location) if isinstance(private, FileSystemStorage) else None,
    }


def table_counts() -> dict[str, int]:
    """Rows per table of the current database (Django's tables and ours)."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {**os.environ}
    for key, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGDATABASE", db.get("NAME")),
    ):
        if value:
            env[key] = str(value)
    return env


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def _sqlite_counts(path: Path) -> dict[str, int]:
    copy = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: copy.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608
            for name in sorted(names)
        }
    finally:
        copy.close()


def _copy_database(folder: Path) -> dict:
    """Copy the database into ``folder``; the row counts are those of the copy itself."""
    vendor = connection.vendor
    if vendor == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            # The online backup API: a consistent copy even while others write.
            connection.connection.backup(copy)
        finally:
            copy.close()
        counts = _sqlite_counts(target)
    elif vendor == "postgresql":
        target = folder / "database.dump"
        # pg_dump reads the snapshot this transaction exported, so the counts and the
        # dump are of the same moment.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = table_counts()
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                ]
            )
    else:
        raise BackupError(f"No backup method for {vendor} databases.")
    return {"vendor": vendor, "file": target.name, "sha256": sha256_of(target), "tables": counts}


def _copy_files(folder: Path) -> tuple[list[dict], list[str]]:
    files, skipped = [], []
    for area, root in _areas().items():
        if root is None:
            skipped.append(area)
            continue
        if not root.exists():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            relative = path.relative_to(root).as_posix()
            destination = folder / area / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
            files.append(
                {
                    "area": area,
                    "path": relative,
                    "size": destination.stat().st_size,
                    "sha256": sha256_of(destination),
                }
            )
    return files, skipped


@dataclass(frozen=True)
class Summary:
    folder: Path
    tables: int
    rows: int
    files: int


def make_backup(*, into: Path) -> Summary:
    """Write a backup folder under ``into`` and return where it is and what it holds."""
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = Path(into) / f"pop-portal-{stamp}"
    if folder.exists():
        raise BackupError(f"{folder} exists already.")
    folder.mkdir(parents=True)
    database = _copy_database(folder)
    counts = database["tables"]
    files, skipped = _copy_files(folder)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": database,
        "files": files,
        "skipped_areas": skipped,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return Summary(folder, len(counts), sum(counts.values()), len(files))


def read_manifest(folder: Path) -> dict:
    """The manifest, after checking every checksum in it (BackupError on any mismatch)."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} has no readable {MANIFEST}.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError("This backup was made by another version of the portal.")
    database = manifest["database"]
    if sha256_of(folder / database["file"]) != database["sha256"]:
        raise BackupError(f"{database['file']} does not match its checksum.")
    for item in manifest["files"]:
        path = folder / item["area"] / item["path"]
        if not path.is_file() or sha256_of(path) != item["sha256"]:
            raise BackupError(f"{item['area']}/{item['path']} is missing or changed.")
    return manifest


def _restore_database(folder: Path, database: dict) -> None:
    vendor = database["vendor"]
    if vendor != connection.vendor:
        raise BackupError(f"A {vendor} backup cannot be restored into {connection.vendor}.")
    source = folder / database["file"]
    if vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(source)
        try:
            copy.backup(connection.connection)
        finally:
            copy.close()
    else:
        for alias in connections:
            connections[alias].close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(source),
            ]
        )


def _restore_files(folder: Path, manifest: dict) -> int:
    areas = _areas()
    restored = 0
    for area in {item["area"] for item in manifest["files"]}:
        root = areas.get(area)
        if root is None:
            raise BackupError(f"The {area} files are not on local disk here: restore them there.")
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
    for item in manifest["files"]:
        destination = areas[item["area"]] / item["path"]
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / item["area"] / item["path"], destination)
        restored += 1
    return restored


def restore_backup(*, folder: Path) -> Summary:
    """Replace the database and the file areas with the backup in ``folder``."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    _restore_database(folder, manifest["database"])
    files = _restore_files(folder, manifest)
    page_cache.data_changed()  # pg_restore wrote behind Django's back
    counts = manifest["database"]["tables"]
    return Summary(folder, len(counts), sum(counts.values()), files)
