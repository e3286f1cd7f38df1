"""Signing in (people.signin, django-allauth): two-step sign-in per role, recovery codes,
throttling, password rules, the audit trail, and the demo authenticator.

Every sign-in here goes through the real pages (tests/auth.py ``sign_in_through_the_form``);
the force's identity provider has its own file (test_signin_force.py).
"""

import datetime

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import AuditEntry
from people.enums import Role
from people.models import User
from people.signin.adapters import THROTTLED
from people.signin.demo import DEMO_TOTP_SECRET, ensure_demo_authenticators
from tests.auth import (
    AUTHENTICATION_USER_SESSION_KEY,
    DEMO_PASSWORD,
    sign_in_as,
    sign_in_through_the_form,
    totp_code,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PRIVILEGED = [
    Role.PROGRAMME_ADMIN,
    Role.AWARDS_COORDINATOR,
    Role.ASSESSOR,
    Role.IQA,
    Role.JUDGE,
    Role.CMS_EDITOR,
]
NOT_PRIVILEGED = [Role.STAFF, Role.TRAINER, Role.DUTIES]
# Pages of every kind: the portal, each app, and the Wagtail admin.
PAGES = ["/portal/", "/training/sessions/", "/portfolios/", "/awards/", "/admin/"]
ACTIVATE = reverse("mfa_activate_totp")
CODE_STEP = reverse("mfa_authenticate")
REAUTH_CODE = reverse("mfa_reauthenticate")


def audit(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


def error_text(response) -> str:
    return response.content.decode()


# --- two-step sign-in, per role ------------------------------------------------------


@pytest.mark.parametrize("role", PRIVILEGED, ids=lambda r: r.name)
def test_a_privileged_role_without_totp_must_set_it_up_before_any_page(client, role):
    person = UserFactory(roles=[role])
    signed_in = sign_in_through_the_form(client, person.username)
    assert signed_in.status_code == 302  # the password is right: no code step yet
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == f"{ACTIVATE}?next={path.replace('/', '%2F')}", path


def test_a_superuser_without_totp_must_set_it_up(client):
    person = UserFactory(is_superuser=True, is_staff=True)
    sign_in_through_the_form(client, person.username)
    assert client.get("/admin/")["Location"].startswith(ACTIVATE)


@pytest.mark.parametrize("role", NOT_PRIVILEGED, ids=lambda r: r.name)
def test_staff_trainers_and_duties_sign_in_with_a_password_alone(client, role):
    person = UserFactory(roles=[role])
    signed_in = sign_in_through_the_form(client, person.username)
    assert signed_in["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200
    assert Authenticator.objects.filter(user=person).count() == 0


def test_setting_up_totp_opens_every_page_and_gives_recovery_codes(client):
    person = UserFactory(roles=[Role.PROGRAMME_ADMIN])
    sign_in_through_the_form(client, person.username)
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    assert "Set up two-step sign-in" in page.content.decode()
    secret = page.context["form"].secret
    # The setup key, for typing in by hand, in groups of four.
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page.content.decode()

    wrong = client.post(ACTIVATE, {"code": "000000"})
    assert wrong.status_code == 200
    assert "The code is not right" in wrong.content.decode()

    done = client.post(ACTIVATE, {"code": totp_code(secret)})
    assert done["Location"] == reverse("mfa_view_recovery_codes")
    codes = client.get(done["Location"])
    assert len(codes.context["unused_codes"]) == 10
    assert client.get("/portal/").status_code == 200
    assert client.get("/admin/").status_code == 200
    assert [e.actor for e in audit("signin.second_factor_added")][:1] == [person]


@pytest.mark.parametrize("role", PRIVILEGED, ids=lambda r: r.name)
def test_a_privileged_role_with_totp_gives_the_code_before_being_signed_in(client, role):
    person = UserFactory(roles=[role])
    ensure_demo_authenticators([person])
    first = client.post(
        reverse("account_login"), {"login": person.username, "password": DEMO_PASSWORD}
    )
    assert first["Location"] == CODE_STEP
    # Between the two steps nobody is signed in.
    assert client.get("/portal/")["Location"].startswith(reverse("account_login"))
    assert client.get(CODE_STEP).status_code == 200
    second = client.post(CODE_STEP, {"code": totp_code()})
    assert second["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200


def test_a_wrong_code_is_refused_and_audited(client):
    person = UserFactory(roles=[Role.JUDGE])
    ensure_demo_authenticators([person])
    response = sign_in_through_the_form(client, person.username, code="123456")
    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert client.get("/portal/").status_code == 302
    assert [(e.obj_user, e.outcome) for e in _with_user(audit("signin.code_failed"))] == [
        (person.pk, "failed")
    ]


def _with_user(entries):
    for entry in entries:
        entry.obj_user = int(entry.object_id) if entry.object_id else None
    return entries


def test_a_session_that_did_not_pass_the_code_is_sent_to_the_code_step(client):
    """Signed in before the role was given (or before TOTP existed): code before any page."""
    person = UserFactory(roles=[Role.STAFF])
    sign_in_through_the_form(client, person.username)
    assert client.get("/portal/").status_code == 200
    from people.services import set_roles

    set_roles(user=person, roles={Role.STAFF, Role.ASSESSOR})
    ensure_demo_authenticators([person])
    for path in PAGES:
        response = client.get(path)
        assert response["Location"] == f"{REAUTH_CODE}?next={path.replace('/', '%2F')}"
    response = client.post(f"{REAUTH_CODE}?next=/portfolios/", {"code": totp_code()})
    assert response["Location"] == "/portfolios/"
    assert client.get("/portfolios/").status_code == 200


def test_the_client_fixture_leaves_the_session_as_the_real_sign_in_does(client):
    person = UserFactory(roles=[Role.IQA])
    ensure_demo_authenticators([person])
    sign_in_through_the_form(client, person.username)
    real = [r["method"] for r in client.session["account_authentication_methods"]]
    client.logout()
    sign_in_as(client, person)
    fast = [r["method"] for r in client.session["account_authentication_methods"]]
    assert real == fast == ["password", "mfa"]
    assert client.session[AUTHENTICATION_USER_SESSION_KEY] == str(person.pk)
    assert client.get("/portfolios/quality/").status_code == 200


def test_a_privileged_person_cannot_turn_two_step_sign_in_off(client):
    person = UserFactory(roles=[Role.AWARDS_COORDINATOR])
    sign_in_as(client, person)
    asked = client.post(reverse("mfa_deactivate_totp"))
    assert asked["Location"].startswith(reverse("account_reauthenticate"))  # password first
    client.post(reverse("account_reauthenticate"), {"password": DEMO_PASSWORD})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert "Your role needs two-step sign-in, so it stays on." in response.content.decode()
    assert Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).count() == 1


# --- recovery codes ---------------------------------------------------------------------


def test_a_recovery_code_signs_in_once(client):
    person = UserFactory(roles=[Role.ASSESSOR])
    ensure_demo_authenticators([person])
    rc = Authenticator.objects.get(user=person, type=Authenticator.Type.RECOVERY_CODES)
    code = RecoveryCodes(rc).get_unused_codes()[0]

    first = sign_in_through_the_form(client, person.username, code=code)
    assert first["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200
    assert audit("signin.succeeded")[-1].data["second_factor"] == "recovery_codes"
    client.post(reverse("account_logout"))
    assert client.get("/portal/").status_code == 302

    again = sign_in_through_the_form(client, person.username, code=code)
    assert again.status_code == 200
    assert "The code is not right" in again.content.decode()
    assert client.get("/portal/").status_code == 302
    rc.refresh_from_db()
    assert len(RecoveryCodes(rc).get_unused_codes()) == 9


# --- throttling ---------------------------------------------------------------------------


def test_five_wrong_passwords_pause_that_username_for_15_minutes(client):
    person = UserFactory()
    with time_machine.travel(
        datetime.datetime(2026, 11, 26, 9, 0, tzinfo=datetime.UTC), tick=False
    ):
        for _ in range(5):
            wrong = sign_in_through_the_form(client, person.username, "not-the-password")
            assert "Enter a correct username and password." in wrong.content.decode()
        refused = sign_in_through_the_form(client, person.username, DEMO_PASSWORD)
        assert refused.status_code == 200
        assert THROTTLED in refused.content.decode()
        assert client.get("/portal/").status_code == 302
    with time_machine.travel(
        datetime.datetime(2026, 11, 26, 9, 14, tzinfo=datetime.UTC), tick=False
    ):
        assert THROTTLED in sign_in_through_the_form(client, person.username).content.decode()
    with time_machine.travel(
        datetime.datetime(2026, 11, 26, 9, 16, tzinfo=datetime.UTC), tick=False
    ):
        assert sign_in_through_the_form(client, person.username)["Location"] == "/portal/"
    assert len(audit("signin.failed")) == 5
    assert [e.outcome for e in audit("signin.throttled")] == ["denied", "denied"]


def test_the_pause_message_is_the_same_for_an_unknown_username(client):
    for _ in range(5):
        sign_in_through_the_form(client, "nobody-here", "not-the-password")
    unknown = sign_in_through_the_form(client, "nobody-here", "not-the-password")
    assert THROTTLED in unknown.content.decode()
    assert audit("signin.throttled")[0].object_id == ""
    assert audit("signin.throttled")[0].data["username"] == "nobody-here"


def test_a_wrong_password_and_an_unknown_username_get_the_same_words(client):
    person = UserFactory()
    known = sign_in_through_the_form(client, person.username, "not-the-password")
    unknown = sign_in_through_the_form(client, "nobody-here", "not-the-password")
    assert "Enter a correct username and password." in known.content.decode()
    assert "Enter a correct username and password." in unknown.content.decode()
    assert known.context["form"].errors == unknown.context["form"].errors


def test_twenty_failures_from_one_address_pause_every_username_from_it(client):
    people = UserFactory.create_batch(5)
    for n in range(20):
        sign_in_through_the_form(client, people[n % 5].username, f"wrong-{n}")
    fresh = UserFactory()
    response = sign_in_through_the_form(client, fresh.username, DEMO_PASSWORD)
    assert THROTTLED in response.content.decode()
    # Another address is not affected.
    response = sign_in_through_the_form(
        client.__class__(REMOTE_ADDR="10.1.2.3"), fresh.username, DEMO_PASSWORD
    )
    assert response["Location"] == "/portal/"


def test_throttling_works_on_the_production_cache_table(client, settings):
    """Production keeps the counters in the database (the people migration makes the table)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "pop_cache",
        }
    }
    person = UserFactory()
    for _ in range(5):
        sign_in_through_the_form(client, person.username, "not-the-password")
    assert THROTTLED in sign_in_through_the_form(client, person.username).content.decode()


# --- password rules -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "error"),
    [
        ("short-pass1", "at least 12 characters"),
        ("qwerty123456", "too common"),
        ("x" * 129, "128 characters or fewer"),
    ],
)
def test_password_rules_refuse(password, error):
    with pytest.raises(ValidationError, match=error):
        validate_password(password, UserFactory.build(username="amy"))


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",  # spaces, no capitals, digits or symbols
        "829174650382",  # all digits: no composition rules
        "a very long passphrase of sixty four characters, spaces and all!",
        "ñandú y pingüino en la nieve",
        "z" * 128,
    ],
)
def test_password_rules_accept(password):
    validate_password(password, UserFactory.build(username="amy"))


def test_changing_a_password_shows_the_rule_it_broke(client):
    person = UserFactory()
    sign_in_as(client, person)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": DEMO_PASSWORD, "password1": "tooshort", "password2": "tooshort"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    long = "a passphrase of well over sixty-four characters is welcome here, truly"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": DEMO_PASSWORD, "password1": long, "password2": long},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(long)


# --- the audit trail ---------------------------------------------------------------------


def test_sign_in_success_and_failure_are_audited_with_who_where_and_outcome(client):
    person = UserFactory(roles=[Role.JUDGE])
    ensure_demo_authenticators([person])
    sign_in_through_the_form(client, person.username, "not-the-password")
    sign_in_through_the_form(client, person.username)
    failed, succeeded = audit("signin.failed"), audit("signin.succeeded")
    assert [(e.actor, e.object_id, e.outcome, e.ip) for e in failed] == [
        (None, str(person.pk), "failed", "127.0.0.1")
    ]
    assert "not-the-password" not in str(failed[0].data)
    assert [
        (e.actor, e.outcome, e.data["methods"], e.data["second_factor"]) for e in succeeded
    ] == [(person, "success", ["password", "mfa"], "totp")]


def test_the_test_fixture_writes_no_sign_in_audit_rows(login):
    login(UserFactory(roles=[Role.PROGRAMME_ADMIN]))
    assert AuditEntry.objects.filter(action__startswith="signin.").count() == 0


# --- pages and addresses ------------------------------------------------------------------


def test_the_old_addresses_still_work(client):
    assert client.get("/accounts/password_reset/")["Location"] == reverse("account_reset_password")
    assert client.get("/admin/login/?next=/admin/")["Location"] == "/accounts/login/?next=/admin/"
    assert reverse("login") == reverse("account_login") == "/accounts/login/"


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_old_password_change_address_is_a_redirect_never_a_500(client, login, signed_in):
    """/accounts/password_change/ answered 500 once (the first access matrix run)."""
    if signed_in:
        client = login(UserFactory())
    response = client.get("/accounts/password_change/", follow=True)

    assert response.redirect_chain[0] == (reverse("account_change_password"), 302)
    assert response.status_code == 200
    if not signed_in:
        assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_nobody_can_sign_up(client):
    response = client.get("/accounts/signup/")
    assert "Accounts are made by the programme team" in response.content.decode()
    client.post(
        "/accounts/signup/",
        {"username": "new", "email": "n@example.org", "password1": "a long enough password"},
    )
    assert User.objects.filter(username="new").count() == 0


def test_signing_out_ends_the_session(client):
    person = UserFactory()
    sign_in_through_the_form(client, person.username)
    response = client.post(reverse("account_logout"))
    assert response["Location"] == reverse("account_login")
    assert client.get("/portal/").status_code == 302


def test_the_sign_in_page_offers_no_force_button_when_it_is_not_configured(client):
    page = client.get(reverse("account_login")).content.decode()
    assert "Sign in with" not in page
    assert client.post("/accounts/oidc/force/login/").status_code == 404


# --- the demo -------------------------------------------------------------------------------


def test_the_demo_accounts_that_need_it_sign_in_with_the_published_secret(client):
    from people.demo import seed_demo_people

    seed_demo_people()
    seed_demo_people()  # idempotent: one authenticator each
    needing = {"admin", "coordinator", "editor", "assessor", "iqa", "judge", "partnerjudge"}
    with_totp = set(
        Authenticator.objects.filter(type=Authenticator.Type.TOTP).values_list(
            "user__username", flat=True
        )
    )
    assert with_totp == needing
    response = sign_in_through_the_form(client, "judge", code=totp_code(DEMO_TOTP_SECRET))
    assert response["Location"] == "/portal/"
    assert client.get("/awards/judging/").status_code == 200
    cache.clear()
    other = client.__class__()
    assert sign_in_through_the_form(other, "officer")["Location"] == "/portal/"
