"""Evidence items, their versions and witness links, and the evidence transition function.

An item is a file, a work-based case study (SARA, sanitised rich text) or a
witness testimony. It is a draft until the candidate submits it (a witness
item waits for its witness first); under assessment or accepted it cannot be
changed; a referred item is changed by adding a version and resubmitting, so
every earlier version stays as it was assessed.
"""

import datetime
import hashlib
import re
import secrets

import nh3
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from core.audit import deny, record
from core.library import change_consent
from core.uploads import CheckedUpload, stored_upload
from portfolios.enums import EnrolmentStatus, EvidenceKind, EvidenceStatus
from portfolios.models import (
    Criterion,
    Enrolment,
    Evidence,
    EvidenceFile,
    EvidenceVersion,
    WitnessLink,
)
from portfolios.services import PortfoliosError

E = EvidenceStatus
SARA_SECTIONS = ("scanning", "analysis", "response", "assessment")
RICH_TEXT_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "a",
    "blockquote",
}
_BLOCK_START = re.compile(r"<(p|ul|ol|h3|h4|blockquote)[\s>]")
WITNESS_LINK_DAYS = getattr(settings, "PORTFOLIOS_WITNESS_LINK_DAYS", 14)

# status → {new status: who may move it there}
TRANSITIONS: dict[str, dict[str, str]] = {
    E.DRAFT: {E.SUBMITTED: "candidate", E.AWAITING_WITNESS: "candidate"},
    E.AWAITING_WITNESS: {E.SUBMITTED: "witness", E.DRAFT: "candidate"},
    E.SUBMITTED: {E.ACCEPTED: "assessor", E.REFERRED: "assessor"},
    E.REFERRED: {E.SUBMITTED: "candidate_or_iqa", E.AWAITING_WITNESS: "candidate"},
    E.ACCEPTED: {E.SUBMITTED: "iqa"},
}


def sanitise_rich_text(text: str) -> str:
    """Safe HTML from what the candidate typed: plain paragraphs, or HTML cleaned by nh3."""
    text = (text or "").strip()
    if not text:
        return ""
    if "<" not in text:
        paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
        return "".join("<p>" + escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)
    cleaned = nh3.clean(
        text,
        tags=RICH_TEXT_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
    if cleaned and not _BLOCK_START.match(cleaned):
        cleaned = f"<p>{cleaned}</p>"
    return cleaned


def _allowed(role: str, by, evidence: Evidence) -> bool:
    if role == "witness":
        return by is None
    if by is None:
        return False
    if role == "candidate":
        return by.has_perm("portfolios.change_evidence", evidence)
    if role == "assessor":
        return by.has_perm("portfolios.assess_evidence", evidence)
    if role == "iqa":
        return by.has_perm("portfolios.view_quality")
    if role == "candidate_or_iqa":
        return _allowed("candidate", by, evidence) or _allowed("iqa", by, evidence)
    return False


@transaction.atomic
def set_evidence_status(*, evidence: Evidence, to: str, by, note: str = "") -> Evidence:
    """Move an item to status ``to``: the only place an item's status changes.

    ``by=None`` is a witness confirming through their link (the link is the
    permission, checked by ``confirm_witness``). Submitting needs at least one
    criterion; the first submission moves the enrolment to in progress.
    Audited.
    """
    evidence = (
        Evidence.objects.select_for_update(of=("self",))
        .select_related("enrolment__candidate")
        .get(pk=evidence.pk)
    )
    to, previous = E(to), E(evidence.status)
    if to == previous:
        return evidence
    role = TRANSITIONS[previous].get(to)
    if role is None:
        raise PortfoliosError(
            f"Evidence that is {previous.label.lower()} cannot become {to.label.lower()}.",
            code="bad_transition",
        )
    if not _allowed(role, by, evidence):
        deny(actor=by, action=f"portfolios.evidence.{to.value}", obj=evidence)
        raise PortfoliosError("You cannot change this evidence.", code="not_allowed")
    enrolment = evidence.enrolment
    if enrolment.status not in (EnrolmentStatus.REGISTERED, EnrolmentStatus.IN_PROGRESS) and (
        to != E.ACCEPTED and not (previous == E.ACCEPTED and to == E.SUBMITTED)
    ):
        raise PortfoliosError(
            f"This enrolment is {enrolment.get_status_display().lower()}, so its evidence "
            "cannot change.",
            code="enrolment_closed",
        )
    fields = ["status", "updated_at"]
    submitting = to in (E.SUBMITTED, E.AWAITING_WITNESS) and previous in (E.DRAFT, E.REFERRED)
    if submitting and not evidence.criteria.exists():
        raise PortfoliosError(
            "Choose at least one assessment criterion this evidence covers.",
            code="no_criteria",
        )
    if to == E.SUBMITTED:
        evidence.submitted_at = timezone.now()
        fields.append("submitted_at")
        evidence.versions.filter(submitted_at__isnull=True).update(
            submitted_at=evidence.submitted_at
        )
    evidence.status = to
    evidence.save(update_fields=fields)
    record(
        actor=by,
        action=f"portfolios.evidence.{to.value}",
        obj=evidence,
        summary=f"{evidence.title}: {previous.label} → {to.label}" + (f" ({note})" if note else ""),
        previous=previous.value,
        status=to.value,
    )
    if to == E.SUBMITTED and enrolment.status == EnrolmentStatus.REGISTERED:
        from portfolios.services.enrolments import set_enrolment_status

        set_enrolment_status(enrolment=enrolment, to=EnrolmentStatus.IN_PROGRESS, by=by)
    return evidence


def _check_criteria(enrolment: Enrolment, criteria: list[Criterion]) -> list[Criterion]:
    wrong = [c for c in criteria if c.unit.qualification_id != enrolment.qualification_id]
    if wrong:
        raise PortfoliosError(
            "Some of the criteria chosen are not part of your qualification.", code="criteria"
        )
    return criteria


def _version_fields(kind: str, content: dict) -> dict:
    fields = {"description": (content.get("description") or "").strip()}
    if kind == EvidenceKind.CASE_STUDY:
        for section in SARA_SECTIONS:
            fields[section] = sanitise_rich_text(content.get(section, ""))
        missing = [s.title() for s in SARA_SECTIONS if not fields[s]]
        if missing:
            raise PortfoliosError(
                "Write every SARA section of the case study (missing: " + ", ".join(missing) + ").",
                code="sara_incomplete",
            )
        fields["partners"] = (content.get("partners") or "").strip()[:300]
        fields["figures"] = (content.get("figures") or "").strip()
    elif kind == EvidenceKind.WITNESS:
        for key in ("witness_name", "witness_email", "witness_role"):
            fields[key] = (content.get(key) or "").strip()
        if not fields["witness_name"] or not fields["witness_email"]:
            raise PortfoliosError("Give the witness's name and email address.", code="witness")
        if not fields["description"]:
            raise PortfoliosError(
                "Describe what you did, for the witness to confirm.", code="witness"
            )
    return fields


def _attach_file(version: EvidenceVersion, upload: CheckedUpload, by) -> None:
    with stored_upload(upload, folder="evidence") as name:
        stored = EvidenceFile(version=version)
        stored.attach(upload, stored_name=name, by=by)
        stored.save()


@transaction.atomic
def create_evidence(
    *,
    enrolment: Enrolment,
    kind: str,
    title: str,
    criteria: list[Criterion],
    by,
    upload: CheckedUpload | None = None,
    content: dict | None = None,
    submit: bool = False,
) -> Evidence:
    """Add an item (a draft, or submitted at once with ``submit``); version 1 holds its content.

    Only the candidate adds evidence to their enrolment, while it is registered
    or in progress. A witness item is sent to its witness when submitted.
    """
    if enrolment.candidate_id != getattr(by, "pk", None):
        raise PortfoliosError(
            "Only the candidate adds evidence to a portfolio.", code="not_allowed"
        )
    if enrolment.status not in (EnrolmentStatus.REGISTERED, EnrolmentStatus.IN_PROGRESS):
        raise PortfoliosError(
            f"Your enrolment is {enrolment.get_status_display().lower()}, so evidence cannot be "
            "added.",
            code="enrolment_closed",
        )
    kind = EvidenceKind(kind)
    title = (title or "").strip()
    if not title:
        raise PortfoliosError("Give the evidence a title.", code="title")
    if kind == EvidenceKind.FILE and upload is None:
        raise PortfoliosError("Choose a file to upload.", code="file")
    fields = _version_fields(kind, content or {})
    evidence = Evidence.objects.create(enrolment=enrolment, kind=kind, title=title[:200])
    evidence.criteria.set(_check_criteria(enrolment, criteria))
    version = EvidenceVersion.objects.create(
        evidence=evidence,
        number=1,
        created_by=by,
        criteria_codes=[c.code for c in criteria],
        **fields,
    )
    if upload is not None:
        _attach_file(version, upload, by)
    record(
        actor=by,
        action="portfolios.evidence.created",
        obj=evidence,
        summary=f"{kind.label} “{evidence.title}” added",
        criteria=[c.code for c in criteria],
    )
    if submit:
        evidence = submit_evidence(evidence=evidence, by=by)
    return evidence


@transaction.atomic
def revise_evidence(
    *,
    evidence: Evidence,
    title: str,
    criteria: list[Criterion],
    by,
    upload: CheckedUpload | None = None,
    content: dict | None = None,
    submit: bool = False,
) -> Evidence:
    """Change a draft in place, or add a new version to a referred item (then resubmit).

    Items waiting for assessment, waiting for a witness, or accepted cannot change.
    """
    evidence = (
        Evidence.objects.select_for_update(of=("self",))
        .select_related("enrolment")
        .get(pk=evidence.pk)
    )
    if not by.has_perm("portfolios.change_evidence", evidence):
        deny(actor=by, action="portfolios.evidence.revise", obj=evidence)
        raise PortfoliosError("You cannot change this evidence.", code="not_allowed")
    if evidence.status not in (E.DRAFT, E.REFERRED):
        raise PortfoliosError(
            f"This evidence is {evidence.get_status_display().lower()}, so it cannot be changed.",
            code="locked",
        )
    current = evidence.versions.order_by("-number").first()
    fields = _version_fields(evidence.kind, content or {})
    if evidence.status == E.REFERRED:
        if evidence.kind == EvidenceKind.FILE and upload is None:
            raise PortfoliosError(
                "Upload the changed file: a referred file is replaced by a new version.",
                code="file",
            )
        version = EvidenceVersion.objects.create(
            evidence=evidence,
            number=current.number + 1,
            created_by=by,
            criteria_codes=[c.code for c in criteria],
            **fields,
        )
    else:
        version = current
        for key, value in fields.items():
            setattr(version, key, value)
        version.criteria_codes = [c.code for c in criteria]
        version.save()
        if upload is not None and hasattr(version, "file"):
            version.file.delete()
    if upload is not None:
        _attach_file(version, upload, by)
    evidence.title = (title or evidence.title).strip()[:200]
    evidence.save(update_fields=["title", "updated_at"])
    evidence.criteria.set(_check_criteria(evidence.enrolment, criteria))
    record(
        actor=by,
        action="portfolios.evidence.revised",
        obj=evidence,
        summary=f"“{evidence.title}” version {version.number}",
        version=version.number,
    )
    if submit:
        evidence = submit_evidence(evidence=evidence, by=by)
    return evidence


@transaction.atomic
def submit_evidence(*, evidence: Evidence, by) -> Evidence:
    """Send a draft or revised item to the assessor, or a witness item to its witness."""
    from portfolios.services import notifications

    evidence = Evidence.objects.get(pk=evidence.pk)
    version = evidence.versions.order_by("-number").first()
    if evidence.kind == EvidenceKind.WITNESS:
        evidence = set_evidence_status(evidence=evidence, to=E.AWAITING_WITNESS, by=by)
        token = create_witness_link(version=version)
        notifications.witness_request(version=version, token=token)
        return evidence
    evidence = set_evidence_status(evidence=evidence, to=E.SUBMITTED, by=by)
    notifications.evidence_submitted(evidence=evidence)
    return evidence


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_witness_link(*, version: EvidenceVersion, now: datetime.datetime | None = None) -> str:
    """A new personal link for the version's witness; returns the token (kept only hashed)."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    WitnessLink.objects.update_or_create(
        version=version,
        defaults={
            "token_hash": _hash(token),
            "created_at": now,
            "expires_at": now + datetime.timedelta(days=WITNESS_LINK_DAYS),
            "used_at": None,
        },
    )
    return token


def witness_link_for(token: str, *, now: datetime.datetime | None = None) -> WitnessLink:
    """The live link for ``token``, or ``PortfoliosError`` saying why it does not work."""
    now = now or timezone.now()
    link = (
        WitnessLink.objects.select_related(
            "version__evidence__enrolment__candidate", "version__evidence__enrolment__qualification"
        )
        .filter(token_hash=_hash(token or ""))
        .first()
    )
    if link is None:
        raise PortfoliosError("This link is not valid.", code="witness_link_invalid")
    if link.used_at is not None:
        raise PortfoliosError(
            "This link has already been used: your confirmation was received.",
            code="witness_link_used",
        )
    if link.expires_at <= now:
        raise PortfoliosError(
            "This link has expired. Ask the candidate to send you a new one.",
            code="witness_link_expired",
        )
    if link.version.evidence.status != E.AWAITING_WITNESS:
        raise PortfoliosError("This link is no longer needed.", code="witness_link_invalid")
    return link


@transaction.atomic
def confirm_witness(
    *, token: str, statement: str, confirmed: bool, now: datetime.datetime | None = None
) -> Evidence:
    """The witness confirms what the candidate did; the link works once, then never again.

    The item goes to the assessor (submitted) and the candidate is told.
    """
    from portfolios.services import notifications

    now = now or timezone.now()
    link = witness_link_for(token, now=now)
    link = WitnessLink.objects.select_for_update().get(pk=link.pk)
    if link.used_at is not None:
        raise PortfoliosError("This link has already been used.", code="witness_link_used")
    if not confirmed:
        raise PortfoliosError(
            "Tick the box to confirm the account is accurate.", code="witness_not_confirmed"
        )
    statement = (statement or "").strip()
    if not statement:
        raise PortfoliosError(
            "Say in your own words what you saw the candidate do.", code="witness_statement"
        )
    link.used_at = now
    link.save(update_fields=["used_at"])
    version = link.version
    version.witness_statement = statement[:5000]
    version.witness_confirmed_at = now
    version.save(update_fields=["witness_statement", "witness_confirmed_at"])
    evidence = set_evidence_status(evidence=version.evidence, to=E.SUBMITTED, by=None)
    record(
        actor=None,
        action="portfolios.evidence.witness_confirmed",
        obj=evidence,
        summary=f"{version.witness_name} confirmed “{evidence.title}”",
        witness=version.witness_email,
    )
    notifications.witness_confirmed(version=version)
    notifications.evidence_submitted(evidence=evidence)
    return evidence


# --- the What Works library ------------------------------------------------------------

LIBRARY_KIND = "portfolio-case-study"
LIBRARY_CONSENT_STATEMENT = (
    "I agree that this work-based case study may be published in the force's What Works "
    "library, open to the public. An editor will prepare it from my case study, remove "
    "personal details of the people it helped, and review it before it is published. I can "
    "withdraw this agreement until it is published."
)


@transaction.atomic
def set_library_consent(
    *, evidence: Evidence, by, consent: bool, now: datetime.datetime | None = None
) -> Evidence:
    """The candidate gives (``consent=True``) or withdraws consent to publish their case
    study in the What Works library. The one place that consent changes.

    Given only for their own signed-off work-based case study, in the words of
    ``LIBRARY_CONSENT_STATEMENT``. Withdrawn only before publication: the library (through
    ``core.registry.practice_library``) is asked whether it is live, and told to drop a
    draft in review. Audited either way; asking for what is already so changes nothing.
    """
    from portfolios.selectors import signed_off_case_study

    evidence = (
        Evidence.objects.select_for_update(of=("self",))
        .select_related("enrolment")
        .get(pk=evidence.pk)
    )
    if by is None or evidence.enrolment.candidate_id != by.pk:
        raise PortfoliosError(
            "Only the candidate can agree to publishing their case study.", code="not_allowed"
        )

    def check_eligible() -> None:
        if signed_off_case_study(evidence.pk) is None:
            raise PortfoliosError(
                "Only a work-based case study that has been accepted and signed off can be "
                "published in the What Works library.",
                code="not_signed_off",
            )

    return change_consent(
        evidence,
        by=by,
        consent=consent,
        kind=LIBRARY_KIND,
        statement=LIBRARY_CONSENT_STATEMENT,
        noun="case study",
        action="portfolios.evidence.library_consent",
        error=PortfoliosError,
        check_eligible=check_eligible,
        now=now,
    )
