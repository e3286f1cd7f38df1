"""Evidence → decision → criterion met → unit sign-off → complete; referral, resubmission,
IQA sampling and reopening, witness links, at-risk rules with frozen time."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from core.models import AuditEntry
from people.enums import Rank, Role
from portfolios.enums import EnrolmentStatus, EvidenceStatus, IQAStatus, Outcome
from portfolios.models import IQAReview, SamplingPlan, UnitSignOff
from portfolios.selectors import met_criteria_ids, signed_off_case_studies
from portfolios.services import PortfoliosError
from portfolios.services.assessment import decide, sign_off_unit
from portfolios.services.enrolments import enrol, set_enrolment_status
from portfolios.services.evidence import (
    confirm_witness,
    create_evidence,
    revise_evidence,
    sanitise_rich_text,
    submit_evidence,
)
from portfolios.services.iqa import review_decision
from portfolios.services.progress import refresh_at_risk
from tests.factories import UserFactory, assessor_user, qualification
from tests.portfolios.conftest import pdf_upload

pytestmark = pytest.mark.django_db


def criteria(enrolment, *codes):
    return [
        c for u in enrolment.qualification.units.all() for c in u.criteria.all() if c.code in codes
    ]


def test_submitting_the_first_item_puts_the_enrolment_in_progress(enrolment, add_file):
    assert enrolment.status == EnrolmentStatus.REGISTERED

    item = add_file(enrolment, {"1.1"})

    enrolment.refresh_from_db()
    assert (item.status, enrolment.status) == (EvidenceStatus.SUBMITTED, "in_progress")
    assert item.versions.get().file.original_name == "evidence.pdf"


def test_a_criterion_is_met_only_by_accepted_evidence(enrolment, add_file):
    item = add_file(enrolment, {"1.1", "1.2"})
    assert met_criteria_ids(enrolment) == set()

    decide(evidence=item, outcome=Outcome.ACCEPTED, feedback="", by=enrolment.assessor)

    assert {c.code for c in criteria(enrolment, "1.1", "1.2")} == {"1.1", "1.2"}
    assert met_criteria_ids(enrolment) == {c.pk for c in criteria(enrolment, "1.1", "1.2")}


def test_a_unit_is_signed_off_only_when_every_criterion_is_met(enrolment, add_file):
    unit1, unit2 = enrolment.qualification.units.order_by("sort_order")
    item = add_file(enrolment, {"1.1"})
    decide(evidence=item, outcome=Outcome.ACCEPTED, feedback="", by=enrolment.assessor)

    with pytest.raises(PortfoliosError, match="1 of 2 criteria not yet met"):
        sign_off_unit(enrolment=enrolment, unit=unit1, by=enrolment.assessor)

    item = add_file(enrolment, {"1.2"})
    decide(evidence=item, outcome=Outcome.ACCEPTED, feedback="", by=enrolment.assessor)
    sign_off_unit(enrolment=enrolment, unit=unit1, by=enrolment.assessor)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.IN_PROGRESS  # unit 2 still to do

    item = add_file(enrolment, {"2.1", "2.2"})
    decide(evidence=item, outcome=Outcome.ACCEPTED, feedback="", by=enrolment.assessor)
    sign_off_unit(enrolment=enrolment, unit=unit2, by=enrolment.assessor)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETE
    assert enrolment.completed_on == timezone.localdate()


def test_candidates_never_sign_off_or_decide(enrolment, add_file):
    item = add_file(enrolment, {"1.1", "1.2"})
    candidate = enrolment.candidate
    with pytest.raises(PortfoliosError, match="not this candidate’s assessor"):
        decide(evidence=item, outcome=Outcome.ACCEPTED, feedback="", by=candidate)
    decide(evidence=item, outcome=Outcome.ACCEPTED, feedback="", by=enrolment.assessor)
    unit1 = enrolment.qualification.units.order_by("sort_order").first()

    with pytest.raises(PortfoliosError, match="Only the candidate’s assessor"):
        sign_off_unit(enrolment=enrolment, unit=unit1, by=candidate)
    with pytest.raises(PortfoliosError, match="Only the candidate’s assessor"):
        sign_off_unit(enrolment=enrolment, unit=unit1, by=assessor_user())
    assert not UnitSignOff.objects.exists()


def test_another_assessor_cannot_decide(enrolment, add_file):
    item = add_file(enrolment, {"1.1"})

    with pytest.raises(PortfoliosError):
        decide(evidence=item, outcome=Outcome.ACCEPTED, feedback="", by=assessor_user())

    item.refresh_from_db()
    assert item.status == EvidenceStatus.SUBMITTED


def test_referral_needs_feedback_and_resubmission_keeps_every_version(
    enrolment, add_file, mailoutbox, django_capture_on_commit_callbacks
):
    item = add_file(enrolment, {"1.1"})
    with pytest.raises(PortfoliosError, match="Say what the candidate needs to change"):
        decide(evidence=item, outcome=Outcome.REFERRED, feedback=" ", by=enrolment.assessor)

    with django_capture_on_commit_callbacks(execute=True):
        decide(
            evidence=item, outcome=Outcome.REFERRED, feedback="Add dates.", by=enrolment.assessor
        )
    assert mailoutbox[-1].subject == "Evidence referred: Meeting notes"
    assert "Feedback: Add dates." in mailoutbox[-1].body

    revise_evidence(
        evidence=item,
        title="Meeting notes with dates",
        criteria=criteria(enrolment, "1.1"),
        by=enrolment.candidate,
        upload=pdf_upload("notes-v2.pdf"),
        submit=True,
    )

    item.refresh_from_db()
    versions = list(item.versions.order_by("number"))
    assert [(v.number, v.file.original_name) for v in versions] == [
        (1, "evidence.pdf"),
        (2, "notes-v2.pdf"),
    ]
    assert versions[0].file.stored_name != versions[1].file.stored_name
    assert item.status == EvidenceStatus.SUBMITTED
    decision = decide(evidence=item, outcome=Outcome.ACCEPTED, feedback="", by=enrolment.assessor)
    assert decision.version == versions[1]


def test_evidence_under_assessment_or_accepted_cannot_be_changed(enrolment, add_file):
    item = add_file(enrolment, {"1.1"})

    for status_after in ("submitted", "accepted"):
        with pytest.raises(PortfoliosError) as refused:
            revise_evidence(
                evidence=item,
                title="x",
                criteria=criteria(enrolment, "1.1"),
                by=enrolment.candidate,
            )
        assert refused.value.code == "locked", status_after
        if status_after == "submitted":
            decide(evidence=item, outcome=Outcome.ACCEPTED, feedback="", by=enrolment.assessor)


def test_only_the_candidate_adds_evidence(enrolment):
    with pytest.raises(PortfoliosError, match="Only the candidate"):
        create_evidence(
            enrolment=enrolment,
            kind="file",
            title="x",
            criteria=criteria(enrolment, "1.1"),
            by=enrolment.assessor,
            upload=pdf_upload(),
        )


def test_criteria_of_another_qualification_are_refused(enrolment):
    other = qualification(title="Another award")
    foreign = list(other.units.first().criteria.all())

    with pytest.raises(PortfoliosError, match="not part of your qualification"):
        create_evidence(
            enrolment=enrolment,
            kind="file",
            title="x",
            criteria=foreign,
            by=enrolment.candidate,
            upload=pdf_upload(),
        )


def test_case_study_rich_text_is_sanitised_on_save(enrolment):
    hostile = (
        '<p onclick="steal()">Lighting <script>alert(1)</script>'
        '<a href="javascript:x">fixed</a></p>'
    )
    item = create_evidence(
        enrolment=enrolment,
        kind="case_study",
        title="Moorside parade",
        criteria=criteria(enrolment, "2.1"),
        by=enrolment.candidate,
        content={
            "scanning": hostile,
            "analysis": "Calls peaked on Fridays.\n\nMost from the service road.",
            "response": "Gates and lighting.",
            "assessment": "Calls fell from 46 to 9.",
            "partners": "Council",
            "figures": "46 → 9",
        },
    )

    version = item.versions.get()
    assert version.scanning == '<p>Lighting <a rel="noopener noreferrer">fixed</a></p>'
    assert version.analysis == "<p>Calls peaked on Fridays.</p><p>Most from the service road.</p>"
    assert sanitise_rich_text("<b>x</b> & <i>y</i>") == "<p><b>x</b> &amp; <i>y</i></p>"


def test_a_case_study_needs_every_sara_section(enrolment):
    with pytest.raises(PortfoliosError, match=r"missing: Analysis, Assessment"):
        create_evidence(
            enrolment=enrolment,
            kind="case_study",
            title="x",
            criteria=criteria(enrolment, "2.1"),
            by=enrolment.candidate,
            content={"scanning": "a", "response": "b"},
        )


# --- witness links ------------------------------------------------------------------


def _witness_item(enrolment, mailoutbox, capture):
    with capture(execute=True):
        item = create_evidence(
            enrolment=enrolment,
            kind="witness",
            title="Chaired the residents' meeting",
            criteria=criteria(enrolment, "1.3"),
            by=enrolment.candidate,
            content={
                "description": "I chaired the meeting and agreed three priorities.",
                "witness_name": "Jo Bloggs",
                "witness_email": "jo.bloggs@example.org.uk",
                "witness_role": "Housing officer",
            },
            submit=True,
        )
    message = next(m for m in mailoutbox if m.to == ["jo.bloggs@example.org.uk"])
    token = message.body.split("/portfolios/witness/")[1].split("/")[0]
    return item, token


def test_witness_link_works_once(enrolment, mailoutbox, django_capture_on_commit_callbacks):
    enrolment.qualification.units.first().criteria.create(code="1.3", text="Engage", sort_order=3)
    item, token = _witness_item(enrolment, mailoutbox, django_capture_on_commit_callbacks)
    assert item.status == EvidenceStatus.AWAITING_WITNESS

    confirm_witness(token=token, statement="I saw Ben chair it well.", confirmed=True)

    item.refresh_from_db()
    version = item.versions.get()
    assert item.status == EvidenceStatus.SUBMITTED
    assert version.witness_statement == "I saw Ben chair it well."
    with pytest.raises(PortfoliosError) as used:
        confirm_witness(token=token, statement="Again", confirmed=True)
    assert used.value.code == "witness_link_used"
    assert version.witness_link.token_hash != token  # only the hash is kept


def test_witness_link_expires_after_14_days(
    enrolment, mailoutbox, django_capture_on_commit_callbacks
):
    enrolment.qualification.units.first().criteria.create(code="1.3", text="Engage", sort_order=3)
    item, token = _witness_item(enrolment, mailoutbox, django_capture_on_commit_callbacks)
    sent = timezone.now()

    confirm_at = sent + datetime.timedelta(days=14, seconds=1)
    with pytest.raises(PortfoliosError) as expired:
        confirm_witness(token=token, statement="Late", confirmed=True, now=confirm_at)

    assert expired.value.code == "witness_link_expired"
    item.refresh_from_db()
    assert item.status == EvidenceStatus.AWAITING_WITNESS
    just_in_time = sent + datetime.timedelta(days=13, hours=23)
    confirm_witness(token=token, statement="In time", confirmed=True, now=just_in_time)


def test_a_wrong_token_is_refused(enrolment):
    with pytest.raises(PortfoliosError) as wrong:
        confirm_witness(token="not-a-token", statement="x", confirmed=True)
    assert wrong.value.code == "witness_link_invalid"


# --- IQA ----------------------------------------------------------------------------


def test_every_decision_of_a_new_assessor_is_sampled_until_n_agreed_then_the_rate(
    enrolment, add_file, iqa
):
    assessor = enrolment.assessor
    SamplingPlan.objects.create(assessor=assessor, new_assessor_decisions=2, rate_percent=50)
    sampled = []
    for n in range(6):
        item = add_file(enrolment, {"1.1"}, title=f"Item {n}")
        decision = decide(evidence=item, outcome=Outcome.ACCEPTED, feedback="", by=assessor)
        review = IQAReview.objects.filter(decision=decision).first()
        sampled.append(review is not None)
        if review and n < 2:
            review_decision(review=review, agree=True, notes="", by=iqa)

    # The first two agreed; then every second decision (the 4th and 6th made).
    assert sampled == [True, True, False, True, False, True]


def test_iqa_disagreement_reopens_the_decision_and_the_unit(
    enrolment, add_file, iqa, mailoutbox, django_capture_on_commit_callbacks
):
    assessor = enrolment.assessor
    unit1, unit2 = enrolment.qualification.units.order_by("sort_order")
    first = add_file(enrolment, {"1.1", "1.2"})
    decide(evidence=first, outcome=Outcome.ACCEPTED, feedback="", by=assessor)
    second = add_file(enrolment, {"2.1", "2.2"})
    decide(evidence=second, outcome=Outcome.ACCEPTED, feedback="", by=assessor)
    sign_off_unit(enrolment=enrolment, unit=unit1, by=assessor)
    sign_off_unit(enrolment=enrolment, unit=unit2, by=assessor)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETE
    review = IQAReview.objects.get(decision__evidence=first)

    with pytest.raises(PortfoliosError, match="Say why you disagree"):
        review_decision(review=review, agree=False, notes="", by=iqa)
    with django_capture_on_commit_callbacks(execute=True):
        review_decision(review=review, agree=False, notes="1.2 is not evidenced.", by=iqa)

    first.refresh_from_db()
    enrolment.refresh_from_db()
    review.refresh_from_db()
    assert review.status == IQAStatus.DISAGREED
    assert first.status == EvidenceStatus.SUBMITTED
    assert review.decision.reopened_at is not None
    assert enrolment.status == EnrolmentStatus.IN_PROGRESS
    assert enrolment.completed_on is None
    live = UnitSignOff.objects.filter(enrolment=enrolment, revoked_at__isnull=True)
    assert [s.unit for s in live] == [unit2]
    to_assessor = [m for m in mailoutbox if m.to == [assessor.email]]
    assert to_assessor[-1].subject == "IQA reopened your decision on “Meeting notes”"
    assert "1.2 is not evidenced." in to_assessor[-1].body


def test_an_assessor_cannot_review_their_own_decision(enrolment, add_file):
    assessor = enrolment.assessor
    from people.services import set_roles

    set_roles(user=assessor, roles={Role.STAFF, Role.ASSESSOR, Role.IQA})
    item = add_file(enrolment, {"1.1"})
    decision = decide(evidence=item, outcome=Outcome.ACCEPTED, feedback="", by=assessor)

    with pytest.raises(PortfoliosError) as refused:
        review_decision(review=decision.iqa_review, agree=True, notes="", by=assessor)
    assert refused.value.code == "not_allowed"


# --- progress and risk --------------------------------------------------------------


def _enrol_on(start, coordinator, rank=Rank.PC):
    assessor_user()
    return enrol(
        candidate=UserFactory(rank=rank),
        qualification=qualification(),
        start_date=start,
        by=coordinator,
    )


def test_behind_expectation_by_the_margin_is_at_risk_and_emailed_once(
    coordinator, add_file, mailoutbox, django_capture_on_commit_callbacks
):
    start = datetime.date(2027, 1, 1)
    enrolment = _enrol_on(start, coordinator)
    with time_machine.travel(datetime.datetime(2027, 4, 1, 9, tzinfo=datetime.UTC), tick=False):
        # A quarter of the year gone, nothing met: 25 points behind.
        with django_capture_on_commit_callbacks(execute=True):
            changed = refresh_at_risk()
        assert [e.pk for e in changed] == [enrolment.pk]
        enrolment.refresh_from_db()
        assert enrolment.at_risk
        assert enrolment.at_risk_reason == "0% of criteria met where 25% would be expected by now."
        sent = [m for m in mailoutbox if m.subject.startswith("At risk")]
        assert sorted(m.to[0] for m in sent) == sorted(
            [enrolment.candidate.email, enrolment.assessor.email]
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert refresh_at_risk() == []  # no change, no second email
        assert len([m for m in mailoutbox if m.subject.startswith("At risk")]) == 2

        item = add_file(enrolment, {"1.1", "1.2"})
        with django_capture_on_commit_callbacks(execute=True):
            decide(evidence=item, outcome=Outcome.ACCEPTED, feedback="", by=enrolment.assessor)
        enrolment.refresh_from_db()
        assert not enrolment.at_risk  # 50% met against 25% expected
        assert any(m.subject.startswith("Back on track") for m in mailoutbox)


def test_twenty_four_points_behind_is_not_at_risk(coordinator):
    enrolment = _enrol_on(datetime.date(2027, 1, 1), coordinator)
    with time_machine.travel(datetime.datetime(2027, 3, 29, 9, tzinfo=datetime.UTC), tick=False):
        refresh_at_risk()
    enrolment.refresh_from_db()
    assert not enrolment.at_risk


def test_close_to_the_deadline_with_much_left_is_at_risk(coordinator, add_file):
    assessor_user()
    enrolment = enrol(
        candidate=UserFactory(rank=Rank.PC),
        qualification=qualification(units=2, criteria=5),
        start_date=datetime.date(2027, 1, 1),
        by=coordinator,
    )
    item = add_file(enrolment, {"1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2"})
    decide(evidence=item, outcome=Outcome.ACCEPTED, feedback="", by=enrolment.assessor)
    assert enrolment.deadline == datetime.date(2028, 1, 1)
    # 70% met: within the margin of the 83% expected 61 days out, so on track...
    with time_machine.travel(datetime.datetime(2027, 11, 1, 9, tzinfo=datetime.UTC), tick=False):
        refresh_at_risk()
    enrolment.refresh_from_db()
    assert not enrolment.at_risk
    # ...but 59 days out, less than 75% met is at risk.
    with time_machine.travel(datetime.datetime(2027, 11, 3, 9, tzinfo=datetime.UTC), tick=False):
        refresh_at_risk()
    enrolment.refresh_from_db()
    assert enrolment.at_risk_reason == "59 days to the deadline with only 70% of criteria met."


def test_lapsing_needs_the_deadline_passed(enrolment, coordinator):
    with pytest.raises(PortfoliosError, match="only after its deadline"):
        set_enrolment_status(enrolment=enrolment, to="lapsed", by=coordinator)
    set_enrolment_status(
        enrolment=enrolment,
        to="lapsed",
        by=coordinator,
        on=enrolment.deadline + datetime.timedelta(days=1),
    )
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.ended_on) == (
        "lapsed",
        enrolment.deadline + datetime.timedelta(days=1),
    )


def test_status_changes_follow_the_table(enrolment, coordinator):
    with pytest.raises(PortfoliosError, match="cannot become certified"):
        set_enrolment_status(enrolment=enrolment, to="certified", by=coordinator)
    with pytest.raises(PortfoliosError, match="You cannot change"):
        set_enrolment_status(enrolment=enrolment, to="withdrawn", by=enrolment.candidate)
    set_enrolment_status(enrolment=enrolment, to="withdrawn", by=coordinator, note="Left")
    assert AuditEntry.objects.filter(action="portfolios.enrolment.withdrawn").count() == 1


# --- for awards and the CMS ------------------------------------------------------------


def test_signed_off_case_studies_for_other_apps(enrolment, add_file):
    assessor = enrolment.assessor
    study = create_evidence(
        enrolment=enrolment,
        kind="case_study",
        title="Moorside parade",
        criteria=criteria(enrolment, "2.1", "2.2"),
        by=enrolment.candidate,
        content={
            "scanning": "Calls about the parade.",
            "analysis": "Fridays.",
            "response": "Lighting.",
            "assessment": "46 to 9.",
            "partners": "Council, Harrowgate Homes",
            "figures": "46 before, 9 after",
        },
        submit=True,
    )
    decide(evidence=study, outcome=Outcome.ACCEPTED, feedback="", by=assessor)
    assert signed_off_case_studies(enrolment.candidate) == []  # the unit is not signed off

    unit2 = enrolment.qualification.units.get(code="Unit 2")
    item = add_file(enrolment, {"1.1"})  # unrelated; does not matter
    decide(evidence=item, outcome=Outcome.ACCEPTED, feedback="", by=assessor)
    sign_off_unit(enrolment=enrolment, unit=unit2, by=assessor)

    [found] = signed_off_case_studies(enrolment.candidate)
    assert (found.title, found.partners, found.figures, found.scanning) == (
        "Moorside parade",
        "Council, Harrowgate Homes",
        "46 before, 9 after",
        "<p>Calls about the parade.</p>",
    )
    assert signed_off_case_studies(UserFactory()) == []


def test_submit_refuses_an_item_without_criteria(enrolment):
    item = create_evidence(
        enrolment=enrolment,
        kind="file",
        title="x",
        criteria=[],
        by=enrolment.candidate,
        upload=pdf_upload(),
    )
    with pytest.raises(PortfoliosError, match="at least one assessment criterion"):
        submit_evidence(evidence=item, by=enrolment.candidate)
