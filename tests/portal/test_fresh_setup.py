"""`make run` on a fresh clone: migrate and seed a brand-new database with the settings a
developer gets (config.settings.dev: SQLite and the database cache), in a process of its
own, as the Makefile does. The rest of the suite runs on test settings (a local-memory
cache), which once hid a signal handler that used the database cache before migrate had
made its table."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the embedded default is SQLite; the SQLite run covers this",
)
def test_a_fresh_database_migrates_and_gets_the_demo_accounts(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
    }

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    migrated = manage("migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    seeded = manage("seed_demo", "--accounts-only")
    assert seeded.returncode == 0, seeded.stderr[-3000:]
    accounts = manage("demo_accounts")
    assert accounts.returncode == 0, accounts.stderr[-3000:]
    assert "coordinator" in accounts.stdout
    assert "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" in accounts.stdout
