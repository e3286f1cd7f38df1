"""Signing in with the force's identity provider (OpenID Connect), against a local
provider the test starts (tests/people/oidc_provider.py): allauth fetches its discovery
document, sends the browser to /authorize, swaps the code (with the PKCE verifier) for an
RS256-signed id_token and calls userinfo, over real HTTP. Nothing is mocked."""

from urllib.parse import parse_qs, urlparse

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from core.models import AuditEntry
from people.enums import Role
from people.models import User
from people.signin.demo import ensure_demo_authenticators
from tests.auth import totp_code
from tests.factories import UserFactory
from tests.people.oidc_provider import LocalIdentityProvider

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/oidc/force/login/"


@pytest.fixture
def idp(settings):
    with LocalIdentityProvider() as provider:
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {
                "OAUTH_PKCE_ENABLED": True,
                "APPS": [
                    {
                        "provider_id": "force",
                        "name": "your Northshire Police account",
                        "client_id": provider.client_id,
                        "secret": provider.client_secret,
                        "settings": {"server_url": provider.url, "trust_email": False},
                    }
                ],
            }
        }
        yield provider


def sign_in_at_the_force(client, idp, next_url: str | None = None):
    """Press the button, let the provider (where the person is signed in) send the browser
    back, and follow the callback; returns the portal's response to the callback."""
    start = client.post(LOGIN + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    authorize = start["Location"]
    assert authorize.startswith(f"{idp.url}/authorize?")
    query = parse_qs(urlparse(authorize).query)
    assert query["code_challenge_method"] == ["S256"]
    back = requests.get(authorize, allow_redirects=False, timeout=5)
    assert back.status_code == 302
    callback = urlparse(back.headers["Location"])
    assert callback.path == "/accounts/oidc/force/login/callback/"
    return client.get(f"{callback.path}?{callback.query}")


def test_the_sign_in_page_offers_the_force_button_when_configured(client, idp):
    page = client.get(reverse("account_login")).content.decode()
    assert "Sign in with your Northshire Police account" in page


def test_first_sign_in_links_to_the_person_with_that_verified_email(client, idp):
    person = UserFactory(email="Amy.Khan@Northshire.police.uk")
    idp.sign_in_as(sub="entra-oid-1", email="amy.khan@northshire.police.uk", email_verified=True)
    response = sign_in_at_the_force(client, idp)
    assert response["Location"] == "/portal/"
    assert client.get("/portal/").context["user"] == person
    assert list(SocialAccount.objects.values_list("user_id", "provider", "uid")) == [
        (person.pk, "force", "entra-oid-1")
    ]
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "object_id"))
    assert actions == [
        ("signin.force_linked", str(person.pk)),
        ("signin.succeeded", str(person.pk)),
    ]
    assert AuditEntry.objects.get(action="signin.succeeded").data["provider"] == "force"
    assert idp.requests.count("POST /token") == 1
    assert "GET /userinfo" in idp.requests


def test_later_sign_ins_use_the_link_not_the_email(client, idp):
    person = UserFactory(email="amy@northshire.police.uk")
    idp.sign_in_as(sub="entra-oid-1", email="amy@northshire.police.uk")
    sign_in_at_the_force(client, idp)
    client.post(reverse("account_logout"))
    person.email = "amy.khan@northshire.police.uk"  # the address changed since
    person.save()
    idp.sign_in_as(sub="entra-oid-1", email="someone.else@northshire.police.uk")
    assert sign_in_at_the_force(client, idp)["Location"] == "/portal/"
    assert client.get("/portal/").context["user"] == person
    assert SocialAccount.objects.count() == 1


def test_an_unverified_email_is_refused_and_nothing_is_made(client, idp):
    UserFactory(email="amy@northshire.police.uk")
    users = User.objects.count()
    idp.sign_in_as(sub="entra-oid-2", email="amy@northshire.police.uk", email_verified=False)
    response = sign_in_at_the_force(client, idp)
    assert response.status_code == 403
    assert "did not confirm an email address" in response.content.decode()
    assert client.get("/portal/").status_code == 302
    assert (User.objects.count(), SocialAccount.objects.count()) == (users, 0)
    refused = AuditEntry.objects.get(action="signin.force_refused")
    assert (refused.data["reason"], refused.outcome) == ("unverified", "failed")


def test_a_missing_email_verified_claim_counts_as_unverified(client, idp):
    UserFactory(email="amy@northshire.police.uk")
    idp.sign_in_as(sub="entra-oid-2", email="amy@northshire.police.uk", email_verified=None)
    assert sign_in_at_the_force(client, idp).status_code == 403
    assert SocialAccount.objects.count() == 0


def test_an_unknown_email_is_refused_with_a_clear_message(client, idp):
    users = User.objects.count()
    idp.sign_in_as(sub="entra-oid-3", email="stranger@northshire.police.uk")
    response = sign_in_at_the_force(client, idp)
    assert response.status_code == 403
    page = response.content.decode()
    assert "No POP Portal account has the email address stranger@northshire.police.uk" in page
    assert "no account has been made" in page
    assert (User.objects.count(), SocialAccount.objects.count()) == (users, 0)
    assert AuditEntry.objects.get(action="signin.force_refused").data["reason"] == "unknown"


def test_an_inactive_person_is_not_linked(client, idp):
    UserFactory(email="left@northshire.police.uk", is_active=False)
    idp.sign_in_as(sub="entra-oid-4", email="left@northshire.police.uk")
    assert sign_in_at_the_force(client, idp).status_code == 403
    assert SocialAccount.objects.count() == 0


def test_a_tenant_trusted_for_its_emails_links_without_the_claim(client, idp, settings):
    settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]["settings"]["trust_email"] = True
    person = UserFactory(email="amy@northshire.police.uk")
    idp.sign_in_as(sub="entra-oid-5", email="amy@northshire.police.uk", email_verified=None)
    assert sign_in_at_the_force(client, idp)["Location"] == "/portal/"
    assert SocialAccount.objects.get().user == person


def test_a_privileged_person_still_gives_their_code_after_the_force(client, idp):
    person = UserFactory(email="judge@northshire.police.uk", roles=[Role.JUDGE])
    ensure_demo_authenticators([person])
    idp.sign_in_as(sub="entra-oid-6", email="judge@northshire.police.uk")
    response = sign_in_at_the_force(client, idp, next_url="/awards/judging/")
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/awards/judging/").status_code == 302
    done = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert done["Location"] == "/awards/judging/"
    assert client.get("/awards/judging/").status_code == 200


def test_a_forged_callback_is_refused(client, idp):
    idp.sign_in_as(sub="entra-oid-7", email="amy@northshire.police.uk")
    UserFactory(email="amy@northshire.police.uk")
    response = client.get("/accounts/oidc/force/login/callback/?code=made-up&state=made-up")
    assert "did not work" in response.content.decode()
    assert client.get("/portal/").status_code == 302
    assert AuditEntry.objects.filter(action="signin.force_error").count() == 1
