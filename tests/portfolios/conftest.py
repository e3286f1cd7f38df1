import datetime
import io

import pytest
from django.utils import timezone

from core.uploads import check_upload
from people.enums import Rank, Role
from portfolios.services.enrolments import enrol
from portfolios.services.evidence import create_evidence
from tests import uploads_corpus as corpus
from tests.factories import UserFactory, assessor_user, qualification


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coord", rank=Rank.POLICE_STAFF, roles=[Role.PROGRAMME_ADMIN])


@pytest.fixture
def iqa(db):
    return UserFactory(
        username="iqa1", rank=Rank.INSPECTOR, competent_to_assess=True, roles=[Role.IQA]
    )


@pytest.fixture
def qual(db):
    return qualification()


@pytest.fixture
def assessor(db):
    return assessor_user(username="assessor1")


@pytest.fixture
def candidate(db):
    return UserFactory(username="cand1", rank=Rank.PC)


@pytest.fixture
def enrolment(candidate, assessor, qual, coordinator):
    start = timezone.localdate() - datetime.timedelta(days=30)
    return enrol(candidate=candidate, qualification=qual, start_date=start, by=coordinator)


def pdf_upload(name="evidence.pdf"):
    return check_upload(io.BytesIO(corpus.pdf_bytes()), name=name)


@pytest.fixture
def add_file():
    """Add a file item covering the given criteria codes (submitted unless told otherwise)."""

    def _add(enrolment, codes, *, submit=True, title="Meeting notes"):
        criteria = [
            c
            for u in enrolment.qualification.units.all()
            for c in u.criteria.all()
            if c.code in codes
        ]
        return create_evidence(
            enrolment=enrolment,
            kind="file",
            title=title,
            criteria=criteria,
            by=enrolment.candidate,
            upload=pdf_upload(),
            submit=submit,
        )

    return _add
