"""Factories that build real rows through the real models."""

import factory
from factory.django import DjangoModelFactory

from people.enums import Function, OrganisationType, Rank, Role
from people.models import District, Organisation, Team, User
from people.services import set_roles


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = "Northshire Police"
    type = OrganisationType.FORCE


class PartnerFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Partner agency {n}")
    type = OrganisationType.LOCAL_AUTHORITY


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"District {n}")
    organisation = factory.SubFactory(OrganisationFactory)


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    district = factory.SubFactory(DistrictFactory)
    function = Function.NEIGHBOURHOODS


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.police.uk")
    rank = Rank.PC
    function = Function.NEIGHBOURHOODS
    organisation = factory.SubFactory(OrganisationFactory)
    team = factory.SubFactory(TeamFactory)
    district = factory.LazyAttribute(lambda u: u.team.district if u.team else None)
    password = factory.django.Password("pop-portal-demo")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            set_roles(user=self, roles={Role.STAFF, *(extracted or ())})


# --- training ---------------------------------------------------------------

import datetime  # noqa: E402

from django.utils import timezone  # noqa: E402

from training.enums import CourseKind, SessionStatus  # noqa: E402
from training.models import Course, Session, Venue  # noqa: E402


class VenueFactory(DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Training room {n}")
    district = factory.SubFactory(DistrictFactory)
    address = "1 Station Road"
    capacity = 30


class CourseFactory(DjangoModelFactory):
    class Meta:
        model = Course

    kind = CourseKind.MASTERCLASS
    title = factory.Sequence(lambda n: f"Problem-solving masterclass {n}")
    summary = "SARA, the problem analysis triangle and working with partners."
    duration_minutes = 150
    duties_notice_days = 28
    booking_cutoff_hours = 48
    open_to_all_partners = True


class SessionFactory(DjangoModelFactory):
    """A scheduled session 60 days ahead (outside the duties notice period)."""

    class Meta:
        model = Session
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory)
    venue = factory.SubFactory(VenueFactory)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=60)).replace(
            hour=9, minute=30, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(
        lambda s: s.starts_at + datetime.timedelta(minutes=s.course.duration_minutes)
    )
    capacity = 10
    status = SessionStatus.SCHEDULED

    @factory.post_generation
    def trainers(self, create, extracted, **kwargs):
        if create and extracted:
            self.trainers.set(extracted)


# --- portfolios -------------------------------------------------------------

from decimal import Decimal  # noqa: E402

from people.enums import Role as _Role  # noqa: E402
from portfolios.models import Qualification  # noqa: E402
from portfolios.services.qualifications import ensure_qualification  # noqa: E402


def qualification(
    *, units: int = 2, criteria: int = 2, title: str = "Level 3 Award in Neighbourhood Management"
) -> Qualification:
    """A qualification with ``units`` units of ``criteria`` criteria each (codes 1.1, 1.2, ...)."""
    return ensure_qualification(
        spec={
            "title": title,
            "awarding_body": "SFJ Awards",
            "level": 3,
            "fee": Decimal("40.00"),
            "months_allowed": 12,
            "classroom_days_required": 3,
            "eligible_ranks": [],
            "units": [
                (
                    f"Unit {u}",
                    f"Unit {u} title",
                    [(f"{u}.{c}", f"Criterion {u}.{c} text") for c in range(1, criteria + 1)],
                )
                for u in range(1, units + 1)
            ],
        }
    )


def assessor_user(**kwargs):
    """A competent sergeant with the assessor role (override rank etc. by keyword)."""
    kwargs.setdefault("rank", Rank.SERGEANT)
    return UserFactory(competent_to_assess=True, roles=[_Role.ASSESSOR], **kwargs)


CASE_STUDY_TEXT = {
    "scanning": "Repeat calls about young people gathering behind the Moorside parade.",
    "analysis": "<p>The problem analysis triangle pointed at one unlit service road.</p>"
    "<ul><li>Location: the service road</li><li>Victims: shop staff closing alone</li></ul>",
    "response": "The council fitted lighting; the housing provider gated the road.",
    "assessment": "Calls fell from 46 to 9 in three months.",
    "partners": "Northshire County Council, Harrowgate Homes and the youth service",
    "figures": "Calls for service: 46 before, 9 after.",
    "description": "A work-based case study in SARA form.",
}


def signed_off_case_study(candidate, *, title: str = "Moorside parade case study", **content):
    """A work-based case study in ``candidate``'s portfolio: accepted, its unit signed off.

    Made through the portfolio services (enrol, create, submit, decide, sign off), as the
    candidate and their assessor would. The case study covers every criterion of Unit 1.
    """
    import datetime as _datetime

    from django.utils import timezone as _timezone

    from portfolios.enums import Outcome
    from portfolios.models import Enrolment
    from portfolios.services.assessment import decide, sign_off_unit
    from portfolios.services.enrolments import enrol
    from portfolios.services.evidence import create_evidence

    enrolment = Enrolment.objects.filter(candidate=candidate).first()
    if enrolment is None:
        qual = Qualification.objects.first() or qualification()
        admin = UserFactory(rank=Rank.POLICE_STAFF, roles=[_Role.PROGRAMME_ADMIN])
        assessor = assessor_user(rank=Rank.INSPECTOR)
        enrolment = enrol(
            candidate=candidate,
            qualification=qual,
            start_date=_timezone.localdate() - _datetime.timedelta(days=60),
            assessor=assessor,
            by=admin,
        )
    unit = enrolment.qualification.units.order_by("code").first()
    item = create_evidence(
        enrolment=enrolment,
        kind="case_study",
        title=title,
        criteria=list(unit.criteria.all()),
        by=candidate,
        content={**CASE_STUDY_TEXT, **content},
        submit=True,
    )
    decide(
        evidence=item,
        outcome=Outcome.ACCEPTED,
        feedback="Meets the criteria.",
        by=enrolment.assessor,
    )
    if not enrolment.sign_offs.filter(unit=unit, revoked_at__isnull=True).exists():
        sign_off_unit(enrolment=enrolment, unit=unit, by=enrolment.assessor)
    item.refresh_from_db()
    return item


# --- cms ----------------------------------------------------------------------

from cms.enums import EvaluationLevel, GuidelineArea  # noqa: E402


def make_case_study(
    index,
    *,
    title: str = "Peer mentors for repeat callers",
    organisation: str = "Durham Constabulary",
    start_year: int | None = 2015,
    evaluation_level: str = EvaluationLevel.NONE,
    areas=(GuidelineArea.SOLVING_PROBLEMS,),
    partners=(),
    figures=(),
    live: bool = True,
    **fields,
):
    """A case study under the library ``index``, published unless ``live`` is false.

    Built through Wagtail's own API (add_child, save_revision, publish), as the admin does.
    """
    from django.utils.text import slugify

    from cms.models import CaseStudyFigure, CaseStudyPage, CaseStudyPartner, GuidelineAreaTag

    defaults = {
        "summary": f"{title}: what was done and what changed.",
        "area": "County Durham",
        "what": "<p>A team tried a new way of working on a recurring local problem.</p>",
        "why": "<p>Repeat callers with complex needs made up much of the demand.</p>",
        "how_setup": "<p>A proof of concept ran in one town first.</p>",
        "how_delivery": "<p>Mentors meet clients weekly and go with them to appointments.</p>",
    }
    page = CaseStudyPage(
        title=title,
        slug=fields.pop("slug", slugify(title)),
        organisation=organisation,
        start_year=start_year,
        evaluation_level=evaluation_level,
        live=live,
        **{**defaults, **fields},
    )
    page.partners = [CaseStudyPartner(name=name) for name in partners]
    page.figures = [CaseStudyFigure(measure=m, before=b, after=a) for m, b, a in figures]
    page.guideline_areas = list(GuidelineAreaTag.objects.filter(code__in=[str(a) for a in areas]))
    index.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
        page.refresh_from_db()
    return page
