"""Backup and restore: a round trip into an emptied database gives back every row and file."""

import io
import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from core.audit import record
from core.backup import sha256_of, table_counts
from core.uploads import check_upload, store_checked
from people.models import User
from tests import uploads_corpus as corpus
from tests.factories import SessionFactory, UserFactory
from training.services.booking import book_seat


def _hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): sha256_of(p) for p in root.rglob("*") if p.is_file()}


def _some_work() -> None:
    session = SessionFactory()
    for _ in range(3):
        book_seat(session=session, person=UserFactory())
    record(actor=User.objects.first(), action="tests.backup.made", obj=session)
    store_checked(check_upload(io.BytesIO(corpus.pdf_bytes()), name="notes.pdf"), folder="tests")
    media = Path(settings.MEDIA_ROOT) / "images" / "photo.png"
    media.parent.mkdir(parents=True, exist_ok=True)
    media.write_bytes(corpus.image_bytes("PNG"))


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_emptied_database_with_every_row_and_file(tmp_path):
    _some_work()
    rows_before = table_counts()
    private_before = _hashes(Path(settings.PRIVATE_MEDIA_ROOT))
    media_before = _hashes(Path(settings.MEDIA_ROOT))
    out = io.StringIO()

    call_command("backup", into=str(tmp_path / "backups"), stdout=out)

    (folder,) = (tmp_path / "backups").iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"]["tables"] == rows_before
    assert {f["path"]: f["sha256"] for f in manifest["files"] if f["area"] == "private"} == (
        private_before
    )
    # Lose everything: every row (the audit trail too) and every file.
    call_command("flush", interactive=False, verbosity=0)
    for root in (settings.PRIVATE_MEDIA_ROOT, settings.MEDIA_ROOT):
        for path in Path(root).rglob("*"):
            if path.is_file():
                path.unlink()
    assert User.objects.count() == 0

    call_command("restore", str(folder), yes=True, stdout=io.StringIO())

    assert table_counts() == rows_before
    assert _hashes(Path(settings.PRIVATE_MEDIA_ROOT)) == private_before
    assert _hashes(Path(settings.MEDIA_ROOT)) == media_before
    assert f"{sum(rows_before.values())} rows" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_restored_audit_trail_is_still_append_only(tmp_path):
    from django.db import DatabaseError, connection, transaction

    from core.models import AuditEntry

    _some_work()
    call_command("backup", into=str(tmp_path / "b"), stdout=io.StringIO())
    (folder,) = (tmp_path / "b").iterdir()
    call_command("restore", str(folder), yes=True, stdout=io.StringIO())
    entry = AuditEntry.objects.get(action="tests.backup.made")

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_changes(tmp_path):
    _some_work()
    call_command("backup", into=str(tmp_path / "b"), stdout=io.StringIO())
    (folder,) = (tmp_path / "b").iterdir()
    (damaged,) = (folder / "private").rglob("*.pdf")
    damaged.write_bytes(b"%PDF-1.4 something else")
    rows = table_counts()

    with pytest.raises(CommandError, match="missing or changed"):
        call_command("restore", str(folder), yes=True)

    assert table_counts() == rows


@pytest.mark.django_db(transaction=True)
def test_restore_asks_before_replacing_everything(tmp_path):
    call_command("backup", into=str(tmp_path / "b"), stdout=io.StringIO())
    (folder,) = (tmp_path / "b").iterdir()

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(folder))
    out = io.StringIO()
    call_command("restore", str(folder), check=True, stdout=out)
    assert "is whole" in out.getvalue()


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL only: pg_dump into a new, empty database (no tables at all)",
)
@pytest.mark.django_db(transaction=True)
def test_a_postgresql_backup_restores_into_a_new_empty_database(tmp_path):
    from django.db import DatabaseError, connection, transaction

    _some_work()
    rows_before = table_counts()
    private_before = _hashes(Path(settings.PRIVATE_MEDIA_ROOT))
    call_command("backup", into=str(tmp_path / "b"), stdout=io.StringIO())
    (folder,) = (tmp_path / "b").iterdir()
    original = connection.settings_dict["NAME"]
    empty = f"{original}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{empty}"')
        cursor.execute(f'CREATE DATABASE "{empty}"')
    connection.close()
    connection.settings_dict["NAME"] = empty
    try:
        assert table_counts() == {}
        for path in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*"):
            if path.is_file():
                path.unlink()

        call_command("restore", str(folder), yes=True, stdout=io.StringIO())

        assert table_counts() == rows_before
        assert _hashes(Path(settings.PRIVATE_MEDIA_ROOT)) == private_before
        assert User.objects.count() == rows_before["people_user"]
        # The append-only triggers came across with the tables.
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("UPDATE core_auditentry SET summary = 'changed'")
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{empty}"')
