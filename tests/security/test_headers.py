"""Security headers on pages and downloads, and a CSRF sweep over every POST the portal takes."""

import pytest
from django.urls import reverse

from tests.security.access_table import OK, TABLE, client_as, url_for
from tests.security.world import ROLES

pytestmark = pytest.mark.django_db


def test_a_normal_page_carries_the_security_headers(world, cookies):
    response = client_as(cookies, "staff").get(reverse("training:session_list"))

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = {
        part.split()[0]: part.split()[1:]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    }
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]


def test_https_pages_carry_hsts_under_the_production_settings(world, cookies, settings):
    # The production values (config/settings/production.py); HSTS is sent on HTTPS only.
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True

    response = client_as(cookies, "staff").get(reverse("training:session_list"), secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("portfolios:evidence_download", "candidate_a"),
        ("awards:attachment_download", "entrant"),
        ("awards:judge_attachment", "judge"),
    ],
)
def test_downloads_are_attachments_that_cannot_run(world, cookies, name, role):
    response = client_as(cookies, role).get(url_for(name, TABLE[name], world.ids))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == (
        "default-src 'none'; sandbox; frame-ancestors 'none'; form-action 'none'"
    )


def _poster(name: str) -> str | None:
    """The first role the table lets POST to ``name`` (anonymous included)."""
    return next((role for role in ROLES if TABLE[name].post[role] == OK), None)


CSRF_CASES = [pytest.param(name, _poster(name), id=name) for name in sorted(TABLE) if _poster(name)]


@pytest.mark.parametrize(("name", "role"), CSRF_CASES)
def test_a_post_without_a_csrf_token_is_refused(world, cookies, name, role):
    """Someone who may POST here, without the token the form carries: 403, nothing done."""
    client = client_as(cookies, role, enforce_csrf_checks=True)

    response = client.post(url_for(name, TABLE[name], world.ids))

    assert response.status_code == 403, f"POST {name} as {role} without a CSRF token"
