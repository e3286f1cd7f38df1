"""Demo qualifications, a cohort of about 30 candidates in every state, evidence files made here.

Everything goes through the services, as the people themselves would: the
coordinator enrols, candidates add and submit evidence, assessors decide and
sign off, the IQA reviews. Idempotent: a second run finds the enrolments and
changes nothing.
"""

import datetime
import io
import zipfile
from decimal import Decimal

import pypdf
from django.utils import timezone
from PIL import Image, ImageDraw

from core.uploads import check_upload
from people.enums import Function, Rank, Role
from people.models import Organisation, Team, User
from people.services import set_roles, upsert_person
from portfolios.enums import EnrolmentStatus, EvidenceStatus, Outcome
from portfolios.models import Cohort, Enrolment, Evidence
from portfolios.services.assessment import decide, sign_off_unit
from portfolios.services.claims import create_claim, record_certificates
from portfolios.services.enrolments import enrol
from portfolios.services.evidence import create_evidence
from portfolios.services.iqa import review_decision
from portfolios.services.progress import refresh_at_risk
from portfolios.services.qualifications import ensure_qualification
from training.enums import BookingStatus
from training.models import Course

L3 = "Level 3 Award in Understanding Neighbourhood Management"
L5 = "Level 5 Award in Neighbourhood and Community Planning"
QUAL_DAY_PREFIX = "Neighbourhood qualification classroom day"

QUALIFICATIONS = [
    {
        "title": L3,
        "awarding_body": "SFJ Awards",
        "level": 3,
        "fee": Decimal("40.00"),
        "months_allowed": 12,
        "classroom_days_required": 3,
        "eligible_ranks": [Rank.PCSO.value, Rank.PC.value, Rank.SERGEANT.value],
        "units": [
            (
                "Unit 1",
                "Neighbourhood policing and the community",
                [
                    ("1.1", "Describe the purpose of neighbourhood policing in your area."),
                    ("1.2", "Explain how you identify the priorities of local communities."),
                    ("1.3", "Show how you engaged a community that is seldom heard."),
                ],
            ),
            (
                "Unit 2",
                "Problem solving with partners",
                [
                    ("2.1", "Scan a recurring local problem and define it precisely."),
                    ("2.2", "Analyse the problem using the problem analysis triangle."),
                    ("2.3", "Agree a response with at least one partner agency."),
                    ("2.4", "Assess what changed and record what was learnt."),
                ],
            ),
            (
                "Unit 3",
                "Working within the neighbourhood management framework",
                [
                    ("3.1", "Explain the role of partners in tasking and coordination."),
                    ("3.2", "Use the national decision model to justify a decision."),
                    ("3.3", "Brief colleagues on a neighbourhood problem and its plan."),
                ],
            ),
        ],
    },
    {
        "title": L5,
        "awarding_body": "SFJ Awards",
        "level": 5,
        "fee": Decimal("45.00"),
        "months_allowed": 12,
        "classroom_days_required": 3,
        "eligible_ranks": [Rank.INSPECTOR.value],
        "units": [
            (
                "Unit 1",
                "Planning neighbourhood services with communities",
                [
                    ("1.1", "Evaluate how community needs are assessed across the area."),
                    ("1.2", "Lead a plan that aligns partners' priorities with the public's."),
                ],
            ),
            (
                "Unit 2",
                "Leading problem solving across an area",
                [
                    ("2.1", "Review the quality of problem-solving plans your teams hold."),
                    ("2.2", "Secure partner resources for a long-term problem."),
                    ("2.3", "Evaluate outcomes and share the learning across the force."),
                ],
            ),
        ],
    },
]

CASE_STUDY = {
    "scanning": "Repeat calls about young people gathering and fly-tipping behind the "
    "Moorside parade of shops: 46 calls in three months.",
    "analysis": "The problem analysis triangle showed one unlit service road (location), "
    "shop staff closing alone (victims) and a small group with nowhere else to go "
    "(offenders). Most calls came between 8pm and 11pm on Fridays.",
    "response": "The council cleared the waste and fitted lighting; the housing provider "
    "gated the service road; youth workers ran a Friday session at the community centre.",
    "assessment": "Calls fell to 9 in the following three months. Shop staff reported "
    "feeling safer in a follow-up survey.",
    "partners": "Northshire County Council, Harrowgate Homes, youth service",
    "figures": "Calls for service: 46 before, 9 after (three months each).",
}


def _pdf(title: str) -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _png(label: str) -> bytes:
    image = Image.new("RGB", (480, 320), (243, 242, 241))
    draw = ImageDraw.Draw(image)
    draw.rectangle([20, 20, 460, 300], outline=(29, 112, 184), width=4)
    draw.text((40, 40), label, fill=(11, 12, 12))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _docx(text: str) -> bytes:
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://'
        'schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
        f"{text}</w:t></w:r></w:p></w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def _file(name: str, kind: str):
    builder = {"pdf": _pdf, "png": _png, "docx": _docx}[kind]
    return check_upload(io.BytesIO(builder(name)), name=f"{name}.{kind}")


def _extra_assessors() -> list[User]:
    """Staff sergeants and inspectors who also assess, and one chief inspector for Level 5."""
    sergeants = list(
        User.objects.filter(
            username__startswith="staff",
            rank__in=[Rank.SERGEANT, Rank.INSPECTOR],
            function=Function.NEIGHBOURHOODS,
            competent_to_assess=True,
        ).order_by("username")[:4]
    )
    for person in sergeants:
        set_roles(user=person, roles={Role.STAFF, Role.ASSESSOR})
    force = Organisation.objects.filter(type="force").order_by("pk").first()
    team = Team.objects.filter(name="Kirkmoor Central neighbourhood team").first()
    chief = upsert_person(
        username="pf-chief-inspector",
        first_name="Rachel",
        last_name="Dunn",
        email="pf-chief-inspector@example.police.uk",
        rank=Rank.CHIEF_INSPECTOR,
        organisation=force,
        function=Function.NEIGHBOURHOODS,
        job_title="Chief inspector, neighbourhoods (assessor)",
        district=team.district if team else None,
        team=team,
        competent_to_assess=True,
        roles={Role.STAFF, Role.ASSESSOR},
    )
    return [*sergeants, chief]


def _candidates() -> list[User]:
    """Neighbourhood staff who attended qualification days first, then others, to about 30."""
    days = Course.objects.filter(title__startswith=QUAL_DAY_PREFIX)
    attended = list(
        User.objects.filter(
            username__startswith="staff",
            training_bookings__session__course__in=days,
            training_bookings__status=BookingStatus.ATTENDED,
            rank__in=[Rank.PCSO, Rank.PC],
        )
        .distinct()
        .order_by("username")
    )
    others = list(
        User.objects.filter(
            username__startswith="staff",
            rank__in=[Rank.PCSO, Rank.PC, Rank.SERGEANT],
            function=Function.NEIGHBOURHOODS,
        )
        .exclude(pk__in=[u.pk for u in attended])
        .exclude(groups__name=Role.ASSESSOR.value)
        .order_by("username")
    )
    return (attended + others)[:28]


def _add_evidence(enrolment, *, title, criteria, kind="pdf", submit=True, case_study=False):
    if case_study:
        return create_evidence(
            enrolment=enrolment,
            kind="case_study",
            title=title,
            criteria=criteria,
            by=enrolment.candidate,
            content={**CASE_STUDY, "description": "A work-based case study in SARA form."},
            submit=submit,
        )
    return create_evidence(
        enrolment=enrolment,
        kind="file",
        title=title,
        criteria=criteria,
        by=enrolment.candidate,
        upload=_file(title.lower().replace(" ", "-")[:40], kind),
        content={"description": f"{title}, from my own work."},
        submit=submit,
    )


def _complete_units(enrolment, units, *, upto: int | None = None) -> None:
    """Evidence for every criterion of the first ``upto`` units, accepted, units signed off."""
    assessor = enrolment.assessor
    for index, unit in enumerate(units[:upto]):
        criteria = list(unit.criteria.all())
        item = _add_evidence(
            enrolment,
            title=f"{unit.code} evidence",
            criteria=criteria,
            kind=["pdf", "png", "docx"][index % 3],
            case_study=unit.code == "Unit 2",
        )
        decide(evidence=item, outcome=Outcome.ACCEPTED, feedback="Meets the criteria.", by=assessor)
        sign_off_unit(enrolment=enrolment, unit=unit, by=assessor)


def library_consent() -> None:
    """A cohort candidate agrees to publish their signed-off case study in the What Works
    library, so the editor has practice waiting (idempotent: only if nobody has yet)."""
    from portfolios.selectors import signed_off_case_studies
    from portfolios.services.evidence import set_library_consent

    if Evidence.objects.filter(library_consent_at__isnull=False).exists():
        return
    for person in (
        User.objects.filter(username__startswith="staff", enrolments__isnull=False)
        .order_by("username")
        .distinct()
    ):
        studies = signed_off_case_studies(person)
        if studies:
            item = Evidence.objects.get(pk=studies[0].evidence_id)
            set_library_consent(
                evidence=item,
                by=person,
                consent=True,
                now=timezone.now() - datetime.timedelta(days=5),
            )
            return


def seed_portfolios(*, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    courses = list(Course.objects.filter(title__startswith=QUAL_DAY_PREFIX).order_by("title"))
    quals = {}
    for spec in QUALIFICATIONS:
        quals[spec["title"]] = ensure_qualification(spec={**spec, "classroom_courses": courses})
    summary = {"qualifications": len(quals)}
    if Enrolment.objects.exists():
        library_consent()
        return summary | {"enrolments": Enrolment.objects.count()}

    accounts = {
        u.username: u
        for u in User.objects.filter(username__in=["candidate", "assessor", "iqa", "coordinator"])
    }
    if len(accounts) < 4:
        return summary
    coordinator = accounts["coordinator"]
    assessor, iqa = accounts["assessor"], accounts["iqa"]
    _extra_assessors()
    l3, l5 = quals[L3], quals[L5]
    l3_units = list(l3.units.prefetch_related("criteria"))

    early = Cohort.objects.get_or_create(
        name="Calder Vale cohort (Level 3)",
        defaults={"qualification": l3, "starts_on": today - datetime.timedelta(days=300)},
    )[0]
    late = Cohort.objects.get_or_create(
        name="Harrowgate cohort (Level 3)",
        defaults={"qualification": l3, "starts_on": today - datetime.timedelta(days=45)},
    )[0]
    inspectors = Cohort.objects.get_or_create(
        name="Inspectors (Level 5)",
        defaults={"qualification": l5, "starts_on": today - datetime.timedelta(days=120)},
    )[0]

    people = _candidates()
    made: list[Enrolment] = []
    registration = iter(range(100, 1000))

    def join(person, group, **extra):
        enrolment = enrol(
            candidate=person,
            qualification=group.qualification,
            start_date=group.starts_on,
            cohort=group,
            by=coordinator,
            registration_number=f"SFJ-NP-{next(registration):05d}",
            **extra,
        )
        made.append(enrolment)
        return enrolment

    # The demo candidate: Unit 1 signed off, Unit 2 case study waiting, Unit 3 referred. Their
    # line manager is `assessor`, chosen by the coordinator (so flagged) to show the flag.
    mine = join(accounts["candidate"], early, assessor=assessor)
    _complete_units(mine, l3_units, upto=1)
    unit2, unit3 = l3_units[1], l3_units[2]
    _add_evidence(
        mine,
        title="Moorside parade case study",
        criteria=list(unit2.criteria.all()),
        case_study=True,
    )
    referred = _add_evidence(
        mine, title="Tasking meeting notes", criteria=list(unit3.criteria.all())[:2], kind="docx"
    )
    decide(
        evidence=referred,
        outcome=Outcome.REFERRED,
        feedback="Say which partner actions you agreed at the meeting and how you followed "
        "them up.",
        by=assessor,
    )
    _add_evidence(
        mine,
        title="Briefing slides (draft)",
        criteria=[list(unit3.criteria.all())[2]],
        submit=False,
    )

    # Thirty others, in every state.
    for index, person in enumerate(people):
        group = early if index < 16 else late
        enrolment = join(person, group)
        if enrolment.assessor is None:
            continue
        if group == early:
            if index < 6:  # complete; some claimed and certified below
                _complete_units(enrolment, l3_units)
            elif index < 9:  # progressing, with referred evidence
                _complete_units(enrolment, l3_units, upto=1)
                item = _add_evidence(
                    enrolment,
                    title="Partnership meeting record",
                    criteria=list(unit2.criteria.all())[:2],
                )
                decide(
                    evidence=item,
                    outcome=Outcome.REFERRED,
                    feedback="Show the analysis you did before the meeting.",
                    by=enrolment.assessor,
                )
            elif index < 12:  # behind: at risk
                _add_evidence(
                    enrolment,
                    title="Community engagement log",
                    criteria=list(l3_units[0].criteria.all())[:1],
                    kind="png",
                )
            else:  # progressing well, evidence waiting
                _complete_units(enrolment, l3_units, upto=2)
                _add_evidence(
                    enrolment, title="Briefing to the team", criteria=list(unit3.criteria.all())
                )
        elif index % 3 == 0:  # a new cohort: some have started
            _add_evidence(
                enrolment, title="Ward profile", criteria=list(l3_units[0].criteria.all())[:2]
            )
    for person in User.objects.filter(username__startswith="staff", rank=Rank.INSPECTOR).order_by(
        "username"
    )[:2]:
        join(person, inspectors)

    complete = list(Enrolment.objects.filter(status=EnrolmentStatus.COMPLETE).order_by("pk"))
    if len(complete) >= 4:
        claim = create_claim(
            enrolments=complete[:3], by=coordinator, on=today - datetime.timedelta(days=40)
        )
        record_certificates(
            enrolments=list(claim.enrolments.order_by("pk")[:2]),
            by=coordinator,
            on=today - datetime.timedelta(days=10),
        )
    # The IQA agrees with some of the sample and disagrees with one; the rest wait for `iqa`.
    from portfolios.models import IQAReview

    pending = list(
        IQAReview.objects.filter(status="pending").exclude(decision__assessor=iqa).order_by("pk")
    )
    for review in pending[:6]:
        review_decision(review=review, agree=True, notes="Consistent with the criteria.", by=iqa)
    refresh_at_risk(today=today)
    library_consent()
    return summary | {
        "enrolments": Enrolment.objects.count(),
        "evidence": Evidence.objects.count(),
        "waiting_for_assessment": Evidence.objects.filter(status=EvidenceStatus.SUBMITTED).count(),
    }
