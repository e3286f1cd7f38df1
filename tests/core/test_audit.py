"""The audit trail: append-only in the model and in the database, request address, refusals."""

import datetime

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.utils import timezone

from core.audit import AuditMiddleware, client_ip, deny, purge_before, record
from core.models import AppendOnlyError, AuditEntry
from tests.auth import sign_in_as
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def an_entry(**kwargs) -> AuditEntry:
    actor = kwargs.pop("actor", None) or UserFactory()
    return record(actor=actor, action="tests.thing.changed", obj=actor, summary="Changed", **kwargs)


def test_an_entry_says_who_what_which_when_where_and_the_outcome():
    actor = UserFactory(first_name="Ada", last_name="Byron", username="abyron")

    entry = record(actor=actor, action="tests.thing.changed", obj=actor, ip="10.0.0.9", field="x")

    entry.refresh_from_db()
    assert (
        entry.actor_id,
        entry.actor_label,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.ip,
        entry.outcome,
        entry.data,
    ) == (
        actor.pk,
        "Ada Byron (abyron)",
        "tests.thing.changed",
        "people.user",
        str(actor.pk),
        "10.0.0.9",
        "success",
        {"field": "x"},
    )
    assert entry.at.tzinfo == datetime.UTC


def test_the_model_refuses_to_change_or_delete_an_entry():
    entry = an_entry()
    entry.summary = "Rewritten"

    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="Rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_update([entry], ["summary"])

    assert AuditEntry.objects.get(pk=entry.pk).summary == "Changed"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditentry SET summary = 'Rewritten' WHERE id = %s",
        "UPDATE core_auditentry SET actor_id = NULL WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_or_delete_an_entry(sql):
    entry = an_entry()

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])

    assert AuditEntry.objects.filter(pk=entry.pk).values_list("summary", "actor_id").get() == (
        "Changed",
        entry.actor_id,
    )


def test_deleting_a_person_leaves_their_entries_and_name():
    actor = UserFactory(first_name="Ada", last_name="Byron", username="abyron")
    entry = an_entry(actor=actor)

    actor.delete()

    assert AuditEntry.objects.filter(pk=entry.pk).values_list("actor_label", flat=True).get() == (
        "Ada Byron (abyron)"
    )


def test_retention_removes_only_entries_older_than_the_period_and_audits_it(settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "audit": 365}
    with time_machine.travel(datetime.datetime(2020, 1, 10, 12, tzinfo=datetime.UTC), tick=False):
        old = an_entry()
    with time_machine.travel(datetime.datetime(2021, 6, 1, 12, tzinfo=datetime.UTC), tick=False):
        kept = an_entry()
        cutoff = timezone.now() - datetime.timedelta(days=365)

        removed = purge_before(moment=cutoff)

    assert removed == 1
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=kept.pk).exists()
    disposal = AuditEntry.objects.get(action="core.audit.purged")
    assert (disposal.data["count"], disposal.outcome) == (1, "success")


def test_retention_cannot_remove_entries_inside_the_period(settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "audit": 365}
    an_entry()

    with pytest.raises(ValueError, match="retention period"):
        purge_before(moment=timezone.now())

    assert AuditEntry.objects.count() == 1


def test_after_a_purge_the_database_refuses_deletes_again(settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "audit": 1}
    purge_before(moment=timezone.now() - datetime.timedelta(days=2))
    entry = an_entry()

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])


def test_a_forbidden_page_is_audited_with_the_address(client):
    user = UserFactory()
    sign_in_as(client, user)

    response = client.get("/portfolios/cohort/", REMOTE_ADDR="192.0.2.7")

    assert response.status_code == 403
    entry = AuditEntry.objects.get(action="access.forbidden")
    assert (entry.actor_id, entry.object_id, entry.ip, entry.outcome) == (
        user.pk,
        "/portfolios/cohort/",
        "192.0.2.7",
        "denied",
    )


def test_a_refusal_inside_a_rolled_back_transaction_is_written_after_the_request():
    user = UserFactory()

    def view(request):
        try:
            with transaction.atomic():
                deny(actor=request.user, action="tests.thing.changed", obj=request.user)
                raise RuntimeError("the service refuses and rolls back")
        except RuntimeError:
            pass
        from django.http import HttpResponse

        return HttpResponse("refused")

    request = RequestFactory().post("/somewhere/", REMOTE_ADDR="198.51.100.4")
    request.user = user
    with transaction.atomic():  # the view's own transaction (ATOMIC_REQUESTS)
        AuditMiddleware(view)(request)

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.ip) == (
        "tests.thing.changed",
        "denied",
        "198.51.100.4",
    )


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1", "10.0.0.1"),
        (1, "203.0.113.9", "10.0.0.1", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "10.0.0.1", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.1", "10.0.0.1"),
        (0, "", "not an address", None),
    ],
)
def test_the_address_comes_from_trusted_proxies_only(
    settings, rf, proxies, forwarded, remote, expected
):
    settings.AUDIT_TRUSTED_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_trail_with_the_rest():
    an_entry()

    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)

    assert AuditEntry.objects.count() == 0
