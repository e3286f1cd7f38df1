"""``seed_demo --scale`` at the tiny size: every app's share, on top of the demo data, once."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from awards.enums import ScoringStatus
from awards.models import Assignment, Entry
from core import registry
from core.models import AuditEntry
from core.scale import SCALES
from people.models import User
from portal.demo import seed_scale
from portfolios.enums import EvidenceStatus
from portfolios.models import Enrolment, Evidence
from training.models import Booking, Session

pytestmark = pytest.mark.django_db
TINY = SCALES["tiny"]
# The CMS pages and library play no part in the scale data; leave them out to save time.
SKIPPED = {"pages", "library"}


@pytest.fixture(scope="module")
def _scaled_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        for loader in registry.demo_loaders():
            if loader.key not in SKIPPED:
                loader.load()
        made = seed_scale(TINY)
        yield made
        transaction.set_rollback(True)


@pytest.fixture
def made(_scaled_once, db):
    return _scaled_once


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in (User, Session, Booking, Enrolment, Evidence, Entry, Assignment, AuditEntry)
    }


def test_every_app_builds_its_share(made):
    assert made == {
        "scale staff": TINY.staff,
        "scale teams": 20,
        "scale sessions": TINY.sessions,
        "scale bookings": made["scale bookings"],
        "scale enrolments": TINY.enrolments,
        "scale evidence": TINY.enrolments * TINY.evidence_per_enrolment,
        "scale decisions": made["scale decisions"],
        "scale award entries": TINY.entries,
        "scale score sheets": TINY.entries * TINY.judges_per_entry,
        "scale scores": made["scale scores"],
        "scale audit entries": TINY.audit_rows,
    }
    # Capped by the audience of each course, never above what was asked.
    assert 0 < made["scale bookings"] <= TINY.bookings
    accepted_or_referred = Evidence.objects.filter(
        enrolment__cohort__name__contains="scale",
        status__in=[EvidenceStatus.ACCEPTED, EvidenceStatus.REFERRED],
    ).count()
    assert made["scale decisions"] == accepted_or_referred


def test_a_second_run_adds_nothing(made):
    before = _counts()
    seed_scale(TINY)
    assert _counts() == before


def test_the_demo_accounts_get_more_to_do(made):
    judge = User.objects.get(username="judge")
    waiting = Assignment.objects.filter(
        judge=judge, status=ScoringStatus.NOT_STARTED, entry__lead__username__startswith="scale"
    )
    assert waiting.count() == 1  # one entry in six of the six
    assert Enrolment.objects.filter(
        assessor__username="assessor", candidate__username__startswith="scale"
    ).exists()
    assert Session.objects.filter(
        trainers__username="trainer", venue__name__contains="Learning Centre"
    ).exists()


def test_scale_rows_keep_their_own_times(made):
    days = AuditEntry.objects.filter(data__scale=True).dates("at", "day")
    assert len(days) == TINY.audit_days


def test_the_command_prints_what_it_built_and_how_long(made, monkeypatch):
    kept = {key: loader for key, loader in registry._demo.items() if key not in SKIPPED}
    monkeypatch.setattr(registry, "_demo", kept)
    out = io.StringIO()
    call_command("seed_demo", "--scale", "tiny", stdout=out)
    printed = out.getvalue()
    assert "Scale data (tiny) ready in" in printed
    assert "people" in printed
    assert f"{TINY.audit_rows} scale audit entries" in printed
