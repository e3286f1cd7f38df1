"""Emails to candidates, assessors and witnesses, sent after commit through ``core.mail``."""

from django.urls import reverse

from core.mail import send_templated_email
from core.urls import absolute_url

TEMPLATE = "core/email/message"


def _send(to, *, subject: str, paragraphs: list[str], url: str = "", link_text: str = "") -> int:
    people = [p for p in to if p is not None]
    sent = 0
    for person in people:
        name = person.get_full_name() if hasattr(person, "get_full_name") else ""
        sent += send_templated_email(
            to=[person],
            subject=subject,
            template=TEMPLATE,
            context={
                "name": name or getattr(person, "username", "") or "there",
                "paragraphs": paragraphs,
                "url": url,
                "link_text": link_text,
            },
        )
    return sent


def _portfolio_url() -> str:
    return absolute_url(reverse("portfolios:portfolio"))


def _evidence_url(evidence) -> str:
    return absolute_url(reverse("portfolios:evidence_detail", args=[evidence.pk]))


def assessor_assigned(*, enrolment, previous) -> None:
    qualification = enrolment.qualification.title
    _send(
        [enrolment.candidate],
        subject=f"Your assessor for {qualification}",
        paragraphs=[
            f"{enrolment.assessor.display_name} is your assessor for {qualification}."
            + (f" They take over from {previous.display_name}." if previous else ""),
            "Your assessor reviews the evidence you add to your portfolio and signs off "
            "each unit when all its criteria are met.",
        ],
        url=_portfolio_url(),
        link_text="Open your portfolio",
    )
    _send(
        [enrolment.assessor],
        subject=f"New candidate: {enrolment.candidate.display_name}",
        paragraphs=[
            f"You are now the assessor of {enrolment.candidate.display_name} for "
            f"{qualification}. Their deadline is {enrolment.deadline:%-d %B %Y}.",
        ],
        url=absolute_url(reverse("portfolios:assessing")),
        link_text="Open your assessment queue",
    )


def evidence_submitted(*, evidence) -> None:
    enrolment = evidence.enrolment
    _send(
        [enrolment.assessor],
        subject=f"Evidence to assess from {enrolment.candidate.display_name}",
        paragraphs=[
            f"{enrolment.candidate.display_name} submitted “{evidence.title}” for "
            f"{enrolment.qualification.title}. It is in your assessment queue."
        ],
        url=_evidence_url(evidence),
        link_text="Assess the evidence",
    )


def decision_made(*, decision) -> None:
    evidence = decision.evidence
    accepted = decision.outcome == "accepted"
    paragraphs = [
        f"Your assessor {'accepted' if accepted else 'referred'} “{evidence.title}”."
        + ("" if accepted else " Change it as the feedback says and submit it again.")
    ]
    if decision.feedback:
        paragraphs.append(f"Feedback: {decision.feedback}")
    _send(
        [evidence.enrolment.candidate],
        subject=f"Evidence {'accepted' if accepted else 'referred'}: {evidence.title}",
        paragraphs=paragraphs,
        url=_evidence_url(evidence),
        link_text="See the evidence and feedback",
    )


def unit_signed_off(*, sign_off) -> None:
    _send(
        [sign_off.enrolment.candidate],
        subject=f"Unit signed off: {sign_off.unit.code}",
        paragraphs=[
            f"{sign_off.signed_off_by.display_name} signed off {sign_off.unit} of your "
            f"{sign_off.enrolment.qualification.title}."
        ],
        url=_portfolio_url(),
        link_text="Open your portfolio",
    )


def enrolment_status_changed(*, enrolment, note: str = "") -> None:
    text = {
        "complete": "Every unit of your qualification is signed off: your portfolio is "
        "complete. The programme team will claim your certificate from the awarding body.",
        "certified": "The awarding body has certified your qualification. Congratulations.",
        "withdrawn": "Your enrolment has been withdrawn.",
        "lapsed": "Your enrolment has lapsed: its deadline passed before it was complete.",
    }[enrolment.status]
    _send(
        [enrolment.candidate],
        subject=f"{enrolment.qualification.title}: {enrolment.get_status_display().lower()}",
        paragraphs=[text] + ([note] if note else []),
        url=_portfolio_url(),
        link_text="Open your portfolio",
    )


def decision_reopened(*, review) -> None:
    decision = review.decision
    _send(
        [decision.assessor],
        subject=f"IQA reopened your decision on “{decision.evidence.title}”",
        paragraphs=[
            f"{review.reviewer.display_name} (internal quality assurance) disagreed with your "
            f"decision on “{decision.evidence.title}” by "
            f"{decision.evidence.enrolment.candidate.display_name}. It is back in your queue.",
            f"Their notes: {review.notes}",
        ],
        url=_evidence_url(decision.evidence),
        link_text="Look at the evidence again",
    )


def at_risk_changed(*, enrolment) -> None:
    if enrolment.at_risk:
        subject = f"At risk of missing the deadline: {enrolment.candidate.display_name}"
        paragraphs = [
            f"{enrolment.candidate.display_name}’s {enrolment.qualification.title} is at risk of "
            f"missing its deadline of {enrolment.deadline:%-d %B %Y}.",
            enrolment.at_risk_reason,
        ]
    else:
        subject = f"Back on track: {enrolment.candidate.display_name}"
        paragraphs = [
            f"{enrolment.candidate.display_name}’s {enrolment.qualification.title} is back on "
            "track for its deadline."
        ]
    _send(
        [enrolment.candidate, enrolment.assessor],
        subject=subject,
        paragraphs=paragraphs,
        url=_portfolio_url(),
        link_text="Open the portfolio",
    )


def witness_request(*, version, token: str) -> None:
    evidence = version.evidence
    candidate = evidence.enrolment.candidate
    send_templated_email(
        to=[version.witness_email],
        subject=f"{candidate.display_name} asks you to confirm their work",
        template=TEMPLATE,
        context={
            "name": version.witness_name,
            "paragraphs": [
                f"{candidate.display_name} is working towards "
                f"{evidence.enrolment.qualification.title} and named you as a witness to "
                f"“{evidence.title}”.",
                "Please read their account and confirm what you saw them do. You do not need "
                "an account. The link is personal to you, works once and expires in 14 days.",
            ],
            "url": absolute_url(reverse("portfolios:witness", args=[token])),
            "link_text": "Read and confirm the account",
        },
    )


def witness_confirmed(*, version) -> None:
    _send(
        [version.evidence.enrolment.candidate],
        subject=f"{version.witness_name} confirmed “{version.evidence.title}”",
        paragraphs=[
            f"{version.witness_name} confirmed your account. The testimony is now with your "
            "assessor."
        ],
        url=_evidence_url(version.evidence),
        link_text="See the evidence",
    )
