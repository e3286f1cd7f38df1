import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from people.demo import ACCOUNTS, DEMO_PASSWORD
from people.models import User
from portal.demo import seed_demo
from tests.auth import sign_in_as, sign_in_through_the_form

pytestmark = pytest.mark.django_db

# Which dashboard sections each demo account sees (beyond "My training", which all see).
# "Training approvals" shows to line managers (and to anyone with a booking to approve).
# "My qualification" (portfolio) shows only to enrolled candidates: none without the full demo.
EXPECTED_SECTIONS = {
    "admin": {
        "programme_admin",
        "portfolios_admin",
        "entries",
        "trainer",
        "duties",
        "assessor",
        "iqa",
        "judging",
        "awards_admin",
        "content",
    },
    "coordinator": {"programme_admin", "awards_admin", "portfolios_admin", "entries"},
    "editor": {"content", "entries"},
    "trainer": {"trainer", "entries"},
    "duties": {"duties", "entries"},
    "assessor": {"assessor", "approvals", "entries"},
    "iqa": {"iqa", "assessor", "entries"},
    "judge": {"judging", "entries"},
    "partnerjudge": {"judging", "entries"},
    "officer": {"entries"},
}


@pytest.fixture
def demo(db):
    seed_demo(full=False)


def _sections(content: bytes) -> set[str]:
    import re

    return set(re.findall(r'data-section="([a-z_]+)"', content.decode())) - {"my_training"}


@pytest.mark.parametrize("username", [a["username"] for a in ACCOUNTS])
def test_every_demo_account_signs_in_and_reaches_its_dashboard(client, demo, username):
    signed_in = sign_in_through_the_form(client, username, DEMO_PASSWORD)
    assert signed_in["Location"] == "/portal/"
    response = client.get("/portal/")
    assert b"My portal" in response.content
    if username in EXPECTED_SECTIONS:
        assert _sections(response.content) == EXPECTED_SECTIONS[username]


def test_dashboard_requires_sign_in(client):
    response = client.get("/portal/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/portal/"


def test_wrong_password_is_refused_with_a_message(client, demo):
    response = client.post("/accounts/login/", {"login": "officer", "password": "nope"})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b'value="officer"' in response.content  # what they typed is kept


def test_password_reset_sends_a_working_link(client, demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "officer@example.police.uk"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert b"Choose a new password" in form.content
    done = client.post(
        form.redirect_chain[-1][0],
        {"password1": "a-new-long-passphrase", "password2": "a-new-long-passphrase"},
        follow=True,
    )
    assert b"Password changed" in done.content
    assert User.objects.get(username="officer").check_password("a-new-long-passphrase")


@pytest.mark.parametrize("username", ["officer", "trainer", "judge", "candidate"])
def test_admin_is_closed_to_front_line_roles(client, demo, username):
    sign_in_as(client, User.objects.get(username=username))
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert "/admin/" not in client.get("/portal/").content.decode().split("Sign out")[0]


@pytest.mark.parametrize("username", ["coordinator", "editor", "admin"])
def test_admin_is_open_to_back_office_roles(client, demo, username):
    sign_in_as(client, User.objects.get(username=username))
    assert client.get("/admin/").status_code == 200


def test_seed_demo_refuses_production_without_force(settings):
    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError, match="Refusing"):
        call_command("seed_demo")
