"""One world for the access matrix: every role, and records of other people so a leak shows.

Built on the demo (``portal.demo.seed_demo``: the demo accounts with their training,
portfolios, awards, ceremony, brochure and library), plus the people the demo does not
have — a second candidate's portfolio, an assessor with nobody assigned, a judge with a
declared conflict, a second entrant's entry, single-role coordinators and a superuser
with no roles — made with the real factories and services. Built once per test session
(``tests/security/conftest.py``); tests roll back whatever their requests change.
"""

from dataclasses import dataclass, field

from awards.enums import BrochureEdition, ConflictStatus, InvitationStatus
from awards.models import (
    Assignment,
    Attachment,
    BudgetLine,
    Ceremony,
    Conflict,
    Cycle,
    Entry,
    Exhibitor,
    Guest,
    PanelMember,
    Round,
    RunningOrderItem,
)
from awards.services.ceremony import issue_rsvp_link
from awards.services.conflicts import declare_conflict
from awards.services.panels import invite_judge, set_membership_state
from cms.practice import ENTRY_KIND
from core.models import AuditEntry
from people.enums import Rank, Role
from people.models import User
from portal.demo import seed_demo
from portfolios.enums import EvidenceStatus
from portfolios.models import Claim, Enrolment, Evidence, IQAReview
from portfolios.services.evidence import LIBRARY_KIND as CASE_STUDY_KIND
from portfolios.services.evidence import create_witness_link
from tests.factories import UserFactory, assessor_user, qualification
from training.enums import BookingStatus
from training.models import Booking, Session

# The roles of the matrix, in the order the table lists them.
ROLES = (
    "anonymous",
    "staff",
    "candidate_a",
    "candidate_b",
    "assessor",
    "unassigned_assessor",
    "iqa",
    "judge",
    "conflicted_judge",
    "entrant",
    "trainer",
    "duties",
    "coordinator",
    "awards_coordinator",
    "editor",
    "admin",
    "superuser",
)


@dataclass
class World:
    users: dict[str, User | None] = field(default_factory=dict)
    # Object ids by the name the access table fills URL kwargs from.
    ids: dict[str, object] = field(default_factory=dict)


def _first(queryset, what: str):
    found = queryset.first()
    assert found is not None, f"the access-matrix world has no {what}"
    return found


def build_world() -> World:
    seed_demo()
    world = World()
    demo = {u.username: u for u in User.objects.filter(username__in=_DEMO_USERNAMES)}
    candidate_a = demo["candidate"]
    enrolment_a = _first(Enrolment.objects.filter(candidate=candidate_a), "candidate's enrolment")
    assessor = enrolment_a.assessor
    enrolment_b = _first(
        Enrolment.objects.exclude(candidate=candidate_a)
        .exclude(assessor=assessor)
        .filter(evidence__status=EvidenceStatus.SUBMITTED),
        "second enrolment with submitted evidence",
    )
    entrant = demo["entrant"]
    judge = demo["judge"]
    cycle = _first(Cycle.objects.filter(entries__lead=entrant).order_by("-pk"), "current cycle")
    entry_a = _first(Entry.objects.filter(lead=entrant, cycle=cycle), "entrant's entry")
    round_ = _first(Round.objects.filter(cycle=cycle, number=1), "round 1")
    assignment = _first(
        Assignment.objects.filter(judge=judge, round__cycle=cycle).order_by("pk"),
        "judge's assignment",
    )
    entry_b = _first(
        Entry.objects.filter(cycle=cycle, assignments__round=round_)
        .exclude(pk__in=[entry_a.pk, assignment.entry_id])
        .exclude(lead=entrant),
        "another entrant's entry in round 1",
    )
    # A judge on the panel with a declared (and accepted) conflict on entry B.
    conflicted = UserFactory(
        username="matrix-conflicted-judge", rank=Rank.CHIEF_INSPECTOR, roles=[Role.JUDGE]
    )
    member = invite_judge(round=round_, judge=conflicted, by=demo["coordinator"])
    set_membership_state(member=member, to=InvitationStatus.ACCEPTED, by=conflicted)
    declare_conflict(entry=entry_b, judge=conflicted, reason="My own team's work.", by=conflicted)
    conflict = Conflict.objects.get(entry=entry_b, judge=conflicted)
    assert conflict.status in set(ConflictStatus)

    world.users = {
        "anonymous": None,
        "staff": demo["officer"],
        "candidate_a": candidate_a,
        "candidate_b": enrolment_b.candidate,
        "assessor": assessor,
        "unassigned_assessor": assessor_user(
            username="matrix-spare-assessor", rank=Rank.SUPERINTENDENT
        ),
        "iqa": demo["iqa"],
        "judge": judge,
        "conflicted_judge": conflicted,
        "entrant": entrant,
        "trainer": demo["trainer"],
        "duties": demo["duties"],
        "coordinator": UserFactory(
            username="matrix-programme", rank=Rank.POLICE_STAFF, roles=[Role.PROGRAMME_ADMIN]
        ),
        "awards_coordinator": UserFactory(
            username="matrix-awards", rank=Rank.POLICE_STAFF, roles=[Role.AWARDS_COORDINATOR]
        ),
        "editor": demo["editor"],
        "admin": demo["admin"],
        "superuser": UserFactory(username="matrix-superuser", is_superuser=True, is_staff=True),
    }

    trainer = demo["trainer"]
    session = _first(
        Session.objects.filter(trainers=trainer).order_by("starts_at"), "trainer's session"
    )
    other_session = _first(
        Session.objects.exclude(trainers=trainer).exclude(pk=session.pk),
        "another trainer's session",
    )
    booking_a = _first(
        Booking.objects.filter(person=demo["officer"]).order_by("pk"), "officer's booking"
    )
    feedback_booking = _first(
        Booking.objects.filter(status=BookingStatus.ATTENDED, feedback__isnull=True).exclude(
            person=demo["officer"]
        ),
        "someone's attended booking awaiting feedback",
    )
    evidence_a = _first(
        Evidence.objects.filter(enrolment=enrolment_a, kind="file")
        .exclude(status=EvidenceStatus.DRAFT)
        .order_by("pk"),
        "candidate A's file evidence",
    )
    evidence_b = _first(
        enrolment_b.evidence.filter(status=EvidenceStatus.SUBMITTED).order_by("pk"),
        "candidate B's submitted evidence",
    )
    version_a = evidence_a.versions.order_by("-number").first()
    unit_a = enrolment_a.qualification.units.order_by("sort_order").first()
    review = _first(IQAReview.objects.order_by("pk"), "IQA review")
    case_study = _first(
        Evidence.objects.filter(kind="case_study").order_by("-library_consent_at"),
        "case study",
    )
    attachment_a = _first(Attachment.objects.filter(entry=entry_a), "entry A's attachment")
    attachment_b = _first(
        Attachment.objects.exclude(entry_id__in=[entry_a.pk, assignment.entry_id]),
        "an attachment of an entry neither the entrant's nor the judge's",
    )
    ceremony = _first(Ceremony.objects.order_by("-pk"), "ceremony")
    guest = _first(Guest.objects.filter(ceremony=ceremony), "guest")
    rsvp_token = issue_rsvp_link(guest=guest)
    finalist = _first(
        Entry.objects.filter(status__in=["finalist", "winner"]).order_by("pk"), "finalist entry"
    )
    world.ids = {
        "session": session.pk,
        "other_session": other_session.pk,
        "course": session.course_id,
        "booking": booking_a.pk,
        "feedback_booking": feedback_booking.pk,
        "trainer_user": trainer.pk,
        "enrolment": enrolment_a.pk,
        "enrolment_b": enrolment_b.pk,
        "evidence": evidence_a.pk,
        "evidence_b": evidence_b.pk,
        "version_number": version_a.number,
        "unit": unit_a.pk,
        # A unit of another qualification than candidate A's.
        "foreign_unit": qualification(title="Matrix: another qualification")
        .units.order_by("sort_order")
        .first()
        .pk,
        "review": review.pk,
        "claim": _first(Claim.objects.order_by("pk"), "claim").pk,
        "witness_token": create_witness_link(version=version_a),
        "cycle": cycle.pk,
        "finalist_cycle": finalist.cycle_id,
        "round": round_.pk,
        "entry": entry_a.pk,
        "entry_b": entry_b.pk,
        "finalist_entry": finalist.pk,
        "attachment": attachment_a.pk,
        "attachment_b": attachment_b.pk,
        "assignment": assignment.pk,
        "assignment_attachment": _first(
            Attachment.objects.filter(entry=assignment.entry), "assigned entry's attachment"
        ).pk,
        "invitation": _first(PanelMember.objects.filter(judge=judge), "judge's invitation").pk,
        "conflict": conflict.pk,
        "edition": BrochureEdition.FINALISTS.value,
        "guest": guest.pk,
        "rsvp_token": rsvp_token,
        "running_order_item": _first(
            RunningOrderItem.objects.filter(ceremony=ceremony), "running order item"
        ).pk,
        "exhibitor": _first(Exhibitor.objects.filter(ceremony=ceremony), "exhibitor").pk,
        "budget_line": _first(BudgetLine.objects.filter(ceremony=ceremony), "budget line").pk,
        "entry_kind": ENTRY_KIND,
        "case_study_kind": CASE_STUDY_KIND,
        "evidence_kind": "file",
        "case_study": case_study.pk,
        "ceremony_cycle": ceremony.cycle_id,
        "audit_rows": AuditEntry.objects.count(),
        # Addresses whose ids lead nowhere: a reset key that was never sent, a provider
        # that is not configured, a page restriction that does not exist.
        "uidb36": "1z",
        "reset_key": "not-a-key",
        "provider": "force",
        "missing": 999999,
    }
    return world


_DEMO_USERNAMES = (
    "officer",
    "candidate",
    "coordinator",
    "iqa",
    "judge",
    "entrant",
    "trainer",
    "duties",
    "editor",
    "admin",
)
