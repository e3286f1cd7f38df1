import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from people.models import User
from portfolios.enums import EnrolmentStatus, EvidenceStatus
from portfolios.models import Enrolment, Evidence, EvidenceFile, IQAReview, Qualification
from portfolios.selectors import assessment_queue, iqa_queue

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded_once, db):
    return None


def _counts():
    return {
        m._meta.label: m.objects.count() for m in apps.get_app_config("portfolios").get_models()
    }


def test_seed_demo_twice_changes_no_row_counts(seeded):
    before = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == before
    assert before["portfolios.Enrolment"] >= 30


def test_both_qualifications_with_units_and_criteria(seeded):
    titles = dict(Qualification.objects.values_list("title", "level"))
    assert titles == {
        "Level 3 Award in Understanding Neighbourhood Management": 3,
        "Level 5 Award in Neighbourhood and Community Planning": 5,
    }
    for q in Qualification.objects.all():
        assert q.units.count() >= 2
        assert all(u.criteria.count() >= 2 for u in q.units.all())
        assert q.classroom_courses.count() == 3


def test_candidates_in_every_state(seeded):
    statuses = set(Enrolment.objects.values_list("status", flat=True))
    assert {
        EnrolmentStatus.REGISTERED,
        EnrolmentStatus.IN_PROGRESS,
        EnrolmentStatus.COMPLETE,
        EnrolmentStatus.CLAIMED,
        EnrolmentStatus.CERTIFIED,
    } <= statuses
    assert Enrolment.objects.filter(at_risk=True).exists()
    assert Evidence.objects.filter(status=EvidenceStatus.REFERRED).exists()
    kinds = {f.original_name.rsplit(".", 1)[1] for f in EvidenceFile.objects.all()}
    assert kinds == {"pdf", "png", "docx"}


def test_the_demo_accounts_have_real_work_waiting(seeded):
    candidate = User.objects.get(username="candidate")
    mine = Evidence.objects.filter(enrolment__candidate=candidate)
    assert mine.filter(status=EvidenceStatus.REFERRED).count() == 1
    assert mine.filter(status=EvidenceStatus.DRAFT).count() == 1
    assert assessment_queue(User.objects.get(username="assessor")).count() >= 2
    assert iqa_queue(User.objects.get(username="iqa")).count() >= 1
    assert (
        Enrolment.objects.filter(status=EnrolmentStatus.COMPLETE)
        .exclude(registration_number="")
        .exists()
    )
    assert IQAReview.objects.filter(status="agreed").exists()
