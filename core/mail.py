"""One small mailer for every app: subject and bodies from templates, attachments,
absolute links, and delivery only after the surrounding transaction commits.

``send_templated_email`` renders ``<template>.txt`` (and ``<template>.html`` when it
exists) with the context plus ``subject`` and ``base_url``, and sends the
message once the current transaction (if any) has committed. So an email never
goes out for a write that was rolled back, and no SMTP conversation happens
while a service holds row locks that other users wait on. Outside a
transaction it sends at once.
"""

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email.message import MIMEPart

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes | str
    mimetype: str


def recipient_address(recipient) -> str | None:
    """An address string, or a person's address if they have one and are active."""
    if isinstance(recipient, str):
        return recipient or None
    if not getattr(recipient, "email", "") or not getattr(recipient, "is_active", True):
        return None
    return recipient.email


def build_email(
    *,
    to: Sequence,
    subject: str,
    template: str,
    context: dict | None = None,
    attachments: Iterable[Attachment | MIMEPart] = (),
    reply_to: Sequence[str] = (),
) -> EmailMultiAlternatives | None:
    """The message, rendered now; None when nobody in ``to`` can be emailed.

    ``to`` holds addresses or people (people without an address, or inactive,
    are left out).
    """
    addresses = [a for a in (recipient_address(r) for r in to) if a]
    if not addresses:
        return None
    context = {**(context or {}), "subject": subject, "base_url": settings.BASE_URL}
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"{template}.txt", context),
        to=addresses,
        reply_to=list(reply_to),
    )
    try:
        html = get_template(f"{template}.html")
    except TemplateDoesNotExist:
        html = None
    if html is not None:
        message.attach_alternative(html.render(context), "text/html")
    for attachment in attachments:
        if isinstance(attachment, MIMEPart):
            message.attach(attachment)
        else:
            message.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message


def deliver(message: EmailMultiAlternatives | None) -> int:
    """Send ``message`` after the current transaction commits (now, outside one).

    Returns 1 if a message was handed over for delivery, else 0.
    """
    if message is None:
        return 0
    transaction.on_commit(message.send)
    return 1


def send_templated_email(
    *,
    to: Sequence,
    subject: str,
    template: str,
    context: dict | None = None,
    attachments: Iterable[Attachment | MIMEPart] = (),
    reply_to: Sequence[str] = (),
) -> int:
    """Render and send (after commit) one email; returns 1 if it will go, else 0."""
    return deliver(
        build_email(
            to=to,
            subject=subject,
            template=template,
            context=context,
            attachments=attachments,
            reply_to=reply_to,
        )
    )
