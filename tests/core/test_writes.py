"""No lost or doubled writes: one transaction per POST, one write per form token."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.idempotency import TOKEN_FIELD, new_token
from core.models import FormSubmission, WorkerHeartbeat
from tests.auth import sign_in_as
from tests.factories import UserFactory


@pytest.fixture
def urls(settings):
    settings.ROOT_URLCONF = "tests.core.write_urls"


@pytest.mark.django_db(transaction=True)
def test_an_error_after_writes_leaves_no_rows_and_sends_no_mail(urls):
    client = Client(raise_request_exception=False)

    response = client.post("/__test__/write-then-fail/")

    assert response.status_code == 500
    assert WorkerHeartbeat.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_mail_goes_once_the_request_has_committed(urls):
    response = Client().post("/__test__/write/")

    assert response.status_code == 200
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["only"]
    assert [m.subject for m in mail.outbox] == ["Saved only"]


@pytest.mark.django_db(transaction=True)
def test_a_get_is_not_wrapped_in_a_transaction(urls):
    # Reads take no write lock on SQLite: the GET's writes (none here) are autocommitted.
    response = Client().get("/healthz")

    assert response.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_double_submission_writes_once_and_answers_alike(urls):
    client = Client()
    sign_in_as(client, UserFactory())
    token = new_token()

    first = client.post("/__test__/create/", {"name": "visit", TOKEN_FIELD: token})
    second = client.post("/__test__/create/", {"name": "visit", TOKEN_FIELD: token})

    assert (first.status_code, first["Location"]) == (302, "/done/1/")
    assert (second.status_code, second["Location"]) == (302, "/done/1/")
    assert WorkerHeartbeat.objects.count() == 1
    assert [m.subject for m in mail.outbox] == ["Saved visit"]
    # The second answer carries the first one's message too.
    page = client.get("/healthz")
    assert [str(m) for m in page.wsgi_request._messages] == ["Saved visit", "Saved visit"]


@pytest.mark.django_db(transaction=True)
def test_a_token_costs_one_statement_to_claim_and_one_to_answer_with_no_savepoint(urls):
    client = Client()
    sign_in_as(client, UserFactory())

    with CaptureQueriesContext(connection) as queries:
        client.post("/__test__/create/", {"name": "visit", TOKEN_FIELD: new_token()})

    statements = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in statements if "SAVEPOINT" in s.upper()]
    tokens = [s for s in statements if "core_formsubmission" in s]
    assert len(tokens) == 2
    assert tokens[0].startswith("INSERT")
    assert "ON CONFLICT" in tokens[0]
    assert tokens[1].startswith("UPDATE")


@pytest.mark.django_db(transaction=True)
def test_a_new_token_is_a_new_submission(urls):
    client = Client()
    sign_in_as(client, UserFactory())

    client.post("/__test__/create/", {"name": "one", TOKEN_FIELD: new_token()})
    client.post("/__test__/create/", {"name": "two", TOKEN_FIELD: new_token()})

    assert WorkerHeartbeat.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_refused_form_keeps_no_token_so_it_can_be_sent_again(urls):
    client = Client()
    sign_in_as(client, UserFactory())
    token = new_token()

    refused = client.post("/__test__/create/", {"name": "", TOKEN_FIELD: token})
    accepted = client.post("/__test__/create/", {"name": "fixed", TOKEN_FIELD: token})

    assert refused.status_code == 200
    assert accepted.status_code == 302
    assert WorkerHeartbeat.objects.count() == 1
    assert FormSubmission.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_someone_elses_token_is_refused(urls):
    token = new_token()
    first, second = Client(), Client()
    sign_in_as(first, UserFactory())
    sign_in_as(second, UserFactory())
    first.post("/__test__/create/", {"name": "mine", TOKEN_FIELD: token})

    response = second.post("/__test__/create/", {"name": "theirs", TOKEN_FIELD: token})

    assert response.status_code == 400
    assert WorkerHeartbeat.objects.count() == 1
