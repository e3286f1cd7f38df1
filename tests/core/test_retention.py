"""Retention: each registered rule runs with its own period; the run is audited."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from core import registry
from core.audit import record
from core.models import AuditEntry, FormSubmission
from core.retention import apply_retention
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC)


def test_every_kind_in_the_settings_has_a_rule_and_every_rule_a_period(settings):
    keys = {rule.key for rule in registry.retention_rules()}

    assert keys == set(settings.RETENTION_DAYS)
    assert keys >= {
        "audit",
        "form_tokens",
        "feedback_comments",
        "withdrawn_evidence",
        "draft_entries",
    }


def test_form_tokens_go_after_their_period_and_the_run_is_audited(settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "form_tokens": 2}
    with time_machine.travel(START, tick=False):
        old = FormSubmission.objects.create(token="a" * 32, path="/x/")
    with time_machine.travel(START + datetime.timedelta(days=1, hours=23), tick=False):
        kept = FormSubmission.objects.create(token="b" * 32, path="/x/")

    with time_machine.travel(START + datetime.timedelta(days=2, hours=1), tick=False):
        outcomes = {o.key: o.count for o in apply_retention()}

    assert outcomes["form_tokens"] == 1
    assert list(FormSubmission.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not FormSubmission.objects.filter(pk=old.pk).exists()
    run = AuditEntry.objects.get(action="core.retention.applied", object_id="form_tokens")
    assert (run.data["count"], run.actor_id) == (1, None)


def test_the_audit_trail_goes_only_after_its_own_period(settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "audit": 365}
    actor = UserFactory()
    with time_machine.travel(START, tick=False):
        old = record(actor=actor, action="tests.old", obj=actor)
    with time_machine.travel(START + datetime.timedelta(days=200), tick=False):
        newer = record(actor=actor, action="tests.newer", obj=actor)

    with time_machine.travel(START + datetime.timedelta(days=366), tick=False):
        apply_retention(only="audit")

    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=newer.pk).exists()
    assert AuditEntry.objects.get(action="core.audit.purged").data["count"] == 1


def test_a_dry_run_counts_and_changes_nothing(settings):
    with time_machine.travel(START, tick=False):
        FormSubmission.objects.create(token="c" * 32, path="/x/")
    out = io.StringIO()

    with time_machine.travel(START + datetime.timedelta(days=30), tick=False):
        call_command("apply_retention", dry_run=True, stdout=out)

    expected = "form_tokens: Used form tokens removed before 02 Feb 2026: 1 (would go)"
    assert expected in out.getvalue()
    assert FormSubmission.objects.count() == 1
    assert not AuditEntry.objects.filter(action="core.retention.applied").exists()
