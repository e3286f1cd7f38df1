import datetime
import json

import pytest
from django.utils import timezone

from core.services import record_heartbeat
from tests.auth import sign_in_as

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_no_worker_yet(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body == {
        "status": "ok",
        "database": "ok",
        "worker": {"last_heartbeat": None, "seconds_ago": None},
    }


def test_healthz_reports_latest_worker_heartbeat(client):
    started = timezone.now() - datetime.timedelta(minutes=5)
    record_heartbeat(worker_id="older", started_at=started)
    newest = record_heartbeat(worker_id="newest", started_at=started)
    body = json.loads(client.get("/healthz").content)
    assert body["worker"]["worker_id"] == "newest"
    assert body["worker"]["last_heartbeat"] == newest.last_seen.isoformat()
    assert 0 <= body["worker"]["seconds_ago"] < 5


def test_heartbeat_upserts_one_row_per_worker():
    started = timezone.now()
    first = record_heartbeat(worker_id="w1", started_at=started)
    second = record_heartbeat(worker_id="w1", started_at=started)
    assert first.pk == second.pk
    assert second.last_seen >= first.last_seen


def test_unknown_page_renders_designed_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"govuk-template" in response.content


def test_security_headers_are_set(client):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_permission_denied_renders_designed_403(client, settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    response = client.get("/__test__/403/")
    assert response.status_code == 403
    assert b"You cannot see this page" in response.content


def test_server_error_renders_designed_500(client, settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    client.raise_request_exception = False
    response = client.get("/__test__/500/")
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


def _csrf_client(user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    sign_in_as(client, user)
    client.get("/portal/")  # the page a stale form came from sets the CSRF cookie
    return client


def test_stale_form_gets_the_services_own_page_with_the_way_back(settings):
    from tests.factories import UserFactory

    client = _csrf_client(UserFactory())
    response = client.post(
        "/training/sessions/1/book/",
        {"csrfmiddlewaretoken": "stale-token-from-an-old-page"},
        HTTP_REFERER="http://testserver/training/sessions/1/",
    )

    content = response.content.decode()
    assert response.status_code == 403
    assert "govuk-template" in content  # the service's layout, not Django's bare page
    assert "Your form was not sent" in content
    assert "Nothing was saved" in content
    assert 'href="/training/sessions/1/"' in content  # back where the form was
    assert "Go back to the page and try again" in content
    assert 'href="/portal/"' in content


def test_csrf_page_never_links_back_to_another_site():
    from tests.factories import UserFactory

    client = _csrf_client(UserFactory())
    response = client.post("/training/sessions/1/book/", HTTP_REFERER="https://evil.example/x")

    content = response.content.decode()
    assert response.status_code == 403
    assert "evil.example" not in content
    assert 'href="/portal/"' in content
