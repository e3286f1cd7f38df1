"""Read emails in Django's outbox the way a mail client would: from the sent bytes."""

import email
import email.policy
from dataclasses import dataclass

from ics import Calendar


@dataclass
class Invitation:
    method_param: str  # the ``method`` parameter of the text/calendar part
    filename: str
    text: str

    @property
    def lines(self) -> list[str]:
        """Unfolded content lines (RFC 5545 3.1), for properties ics does not expose."""
        return self.text.replace("\r\n ", "").replace("\n ", "").splitlines()

    def value(self, name: str, component: str = "VEVENT") -> str:
        """The value of the first ``name`` property inside ``component``."""
        inside = False
        for line in self.lines:
            if line == f"BEGIN:{component}":
                inside = True
            elif line == f"END:{component}":
                inside = False
            elif inside or component == "VCALENDAR":
                key = line.split(":", 1)[0].split(";", 1)[0]
                if key == name:
                    return line.split(":", 1)[1]
        raise KeyError(name)

    @property
    def event(self):
        """The one VEVENT, parsed by the ``ics`` package (not the one that wrote it)."""
        (event,) = Calendar(self.text).events
        return event


def parsed(message) -> email.message.EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def invitations(message) -> list[Invitation]:
    found = []
    for part in parsed(message).walk():
        if part.get_content_type() == "text/calendar":
            found.append(
                Invitation(
                    method_param=part.get_param("method"),
                    filename=part.get_filename(),
                    text=part.get_content(),
                )
            )
    return found


def invitation(message) -> Invitation:
    (only,) = invitations(message)
    return only


def html_body(message) -> str:
    return parsed(message).get_body(preferencelist=("html",)).get_content()


def to(outbox, address: str) -> list:
    return [m for m in outbox if m.to == [address]]
