import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction

from core.mail import Attachment, send_templated_email
from core.urls import absolute_url
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def test_absolute_url_uses_the_configured_base_url(settings):
    settings.BASE_URL = "http://127.0.0.1:8100/"
    assert absolute_url("/training/sessions/3/") == "http://127.0.0.1:8100/training/sessions/3/"
    assert absolute_url("portal/") == "http://127.0.0.1:8100/portal/"
    assert absolute_url("https://elsewhere.example/x") == "https://elsewhere.example/x"


def test_make_run_on_another_port_links_to_that_port():
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8100"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert 'DJANGO_BASE_URL="${DJANGO_BASE_URL:-http://127.0.0.1:8100}"' in dry_run
    assert dry_run.index("DJANGO_BASE_URL") < dry_run.index("manage.py worker")


@pytest.mark.django_db(transaction=True)
def test_mail_waits_for_the_commit_and_is_dropped_on_rollback(settings):
    settings.BASE_URL = "https://pop.example.police.uk"
    person = UserFactory(email="amy@example.police.uk")

    with transaction.atomic():
        sent = send_templated_email(
            to=[person],
            subject="Hello   there",
            template="core/email/message",
            context={
                "name": "Amy",
                "paragraphs": ["Your place is confirmed."],
                "url": absolute_url("/portal/"),
            },
            attachments=[Attachment("note.txt", "hi", "text/plain")],
        )
        assert sent == 1
        assert mail.outbox == []  # not while the transaction is open
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Hello there"
    assert message.to == ["amy@example.police.uk"]
    assert "Hello Amy" in message.body
    assert "https://pop.example.police.uk/portal/" in message.body
    html = message.alternatives[0].content
    assert 'href="https://pop.example.police.uk/portal/"' in html
    assert "<p>Your place is confirmed.</p>" in html
    assert message.attachments[0].filename == "note.txt"

    class RolledBackError(Exception):
        pass

    def write_then_fail():
        with transaction.atomic():
            send_templated_email(to=[person], subject="x", template="core/email/message")
            raise RolledBackError

    with pytest.raises(RolledBackError):
        write_then_fail()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_mail_skips_people_without_an_address_or_who_left():
    nobody = UserFactory(email="")
    left = UserFactory(email="gone@example.police.uk", is_active=False)
    sent = send_templated_email(to=[nobody, left], subject="x", template="core/email/message")
    assert sent == 0
    assert mail.outbox == []
