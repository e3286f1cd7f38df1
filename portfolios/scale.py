"""Scale data for portfolios: a large cohort with a full portfolio each (see ``core.scale``).

``scale.enrolments`` scale-staff candidates on the Level 3 qualification, each with
``scale.evidence_per_enrolment`` work-based case studies (a version each, mapped to one
or two criteria): accepted or referred by their assessor (a Decision), waiting for
assessment, or still drafts. The demo assessor holds one enrolment in ten, so their
queue grows; the rest go to scale sergeants given the assessor role. Idempotent: the
enrolments are found by their cohort.
"""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from core.scale import Scale, bulk, bulk_count, rng
from people.enums import Rank, Role
from people.models import User
from people.scale import PREFIX
from portfolios.demo import L3
from portfolios.enums import EnrolmentStatus, EvidenceKind, EvidenceStatus, Outcome
from portfolios.models import (
    AssessorAssignment,
    Cohort,
    Criterion,
    Decision,
    Enrolment,
    Evidence,
    EvidenceVersion,
    Qualification,
)

COHORT = "Force-wide cohort (Level 3, scale data)"
ASSESSORS = 30
# (status, out of 100) for each item of evidence.
EVIDENCE_MIX = [
    (EvidenceStatus.ACCEPTED, 45),
    (EvidenceStatus.SUBMITTED, 20),
    (EvidenceStatus.REFERRED, 10),
    (EvidenceStatus.DRAFT, 25),
]
SECTIONS = {
    "scanning": "Repeat calls about youths gathering by the shops on {street} after dark.",
    "analysis": "Calls peaked on Fridays between 8 and 11 pm; most callers were shopkeepers.",
    "response": "A youth club night with the council's outreach team and better lighting.",
    "assessment": "Calls fell by a third over the next three months; shopkeepers noticed.",
}
STREETS = ["Station Road", "Market Street", "Mill Lane", "Church Street", "Victoria Road"]


def _assessors() -> list[int]:
    """Scale sergeants given the assessor role (competent to assess already)."""
    sergeants = list(
        User.objects.filter(username__startswith=PREFIX, rank=Rank.SERGEANT)
        .order_by("-username")
        .values_list("pk", flat=True)[:ASSESSORS]
    )
    group = Group.objects.get(name=Role.ASSESSOR)
    have = set(group.user_set.filter(pk__in=sergeants).values_list("pk", flat=True))
    membership = User.groups.through
    bulk(
        membership,
        (membership(user_id=pk, group_id=group.pk) for pk in sergeants if pk not in have),
    )
    return sergeants


def seed_scale_portfolios(scale: Scale) -> dict[str, int]:
    qualification = Qualification.objects.filter(title=L3).first()
    demo_assessor = User.objects.filter(username="assessor").first()
    if qualification is None or demo_assessor is None:
        return {}
    today = timezone.localdate()
    cohort, _ = Cohort.objects.get_or_create(
        name=COHORT,
        defaults={
            "qualification": qualification,
            "starts_on": today - datetime.timedelta(days=200),
        },
    )
    if Enrolment.objects.filter(cohort=cohort).count() >= scale.enrolments:
        return {
            "scale enrolments": Enrolment.objects.filter(cohort=cohort).count(),
            "scale evidence": Evidence.objects.filter(enrolment__cohort=cohort).count(),
        }
    random = rng("portfolios")
    now = timezone.now()
    assessors = _assessors() or [demo_assessor.pk]
    held = Enrolment.objects.filter(qualification=qualification).values_list("candidate", flat=True)
    candidates = list(
        User.objects.filter(
            username__startswith=PREFIX,
            rank__in=qualification.eligible_ranks or [Rank.PC],
        )
        .exclude(pk__in=held)
        .exclude(pk__in=assessors)
        .order_by("username")
        .values_list("pk", flat=True)[: scale.enrolments]
    )
    enrolments = bulk(
        Enrolment,
        (
            Enrolment(
                candidate_id=candidate,
                qualification=qualification,
                cohort=cohort,
                start_date=cohort.starts_on,
                deadline=cohort.starts_on + datetime.timedelta(days=365),
                registration_number=f"SFJ-S{number:06d}",
                status=EnrolmentStatus.IN_PROGRESS,
                assessor_id=demo_assessor.pk
                if number % 10 == 0
                else assessors[number % len(assessors)],
            )
            for number, candidate in enumerate(candidates)
        ),
    )
    bulk(
        AssessorAssignment,
        (
            AssessorAssignment(enrolment=e, assessor_id=e.assessor_id, started_at=now)
            for e in enrolments
        ),
    )
    criteria = list(
        Criterion.objects.filter(unit__qualification=qualification)
        .order_by("unit__sort_order", "sort_order", "pk")
        .values_list("pk", "code")
    )
    started = timezone.make_aware(datetime.datetime.combine(cohort.starts_on, datetime.time(9)))
    statuses = [s for s, _ in EVIDENCE_MIX]
    weights = [w for _, w in EVIDENCE_MIX]
    plan: list[tuple[Enrolment, EvidenceStatus, list[tuple[int, str]], datetime.datetime]] = []
    for enrolment in enrolments:
        for number in range(scale.evidence_per_enrolment):
            status = random.choices(statuses, weights)[0]
            mapped = random.sample(criteria, min(len(criteria), random.choice([1, 1, 2])))
            created = started + (now - started) * (number + 1) / (scale.evidence_per_enrolment + 2)
            plan.append((enrolment, status, mapped, created))
    evidence = bulk(
        Evidence,
        (
            Evidence(
                enrolment=enrolment,
                kind=EvidenceKind.CASE_STUDY,
                title=f"Case study {number % scale.evidence_per_enrolment + 1}: "
                f"{STREETS[number % len(STREETS)]}",
                status=status,
                created_at=created,
                submitted_at=None if status == EvidenceStatus.DRAFT else created,
            )
            for number, (enrolment, status, _, created) in enumerate(plan)
        ),
    )
    links = Evidence.criteria.through
    bulk_count(
        links,
        (
            links(evidence_id=item.pk, criterion_id=pk)
            for item, (_, _, mapped, _) in zip(evidence, plan, strict=True)
            for pk, _code in mapped
        ),
    )
    versions = bulk(
        EvidenceVersion,
        (
            EvidenceVersion(
                evidence=item,
                number=1,
                created_at=created,
                created_by_id=enrolment.candidate_id,
                submitted_at=item.submitted_at,
                description="A problem I worked on with partners in my neighbourhood.",
                criteria_codes=[code for _pk, code in mapped],
                partners="Northshire County Council",
                **{
                    field: text.format(street=STREETS[index % len(STREETS)])
                    for field, text in SECTIONS.items()
                },
            )
            for index, (item, (enrolment, _, mapped, created)) in enumerate(
                zip(evidence, plan, strict=True)
            )
        ),
    )
    decided = {EvidenceStatus.ACCEPTED: Outcome.ACCEPTED, EvidenceStatus.REFERRED: Outcome.REFERRED}
    decisions = bulk_count(
        Decision,
        (
            Decision(
                evidence=item,
                version=version,
                assessor_id=enrolment.assessor_id,
                outcome=decided[status],
                feedback="Clear and well evidenced."
                if status == EvidenceStatus.ACCEPTED
                else "Say what the partners did and how you measured the change.",
                decided_at=min(created + datetime.timedelta(days=7), now),
            )
            for item, version, (enrolment, status, _, created) in zip(
                evidence, versions, plan, strict=True
            )
            if status in decided
        ),
    )
    return {
        "scale enrolments": len(enrolments),
        "scale evidence": len(evidence),
        "scale decisions": decisions,
    }
