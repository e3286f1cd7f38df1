"""The portfolio pages from the user's side: access, uploads, decisions, witness, claim, lists."""

import datetime
import html
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.models import AuditEntry
from people.enums import Rank, Role
from portfolios.enums import EnrolmentStatus, EvidenceStatus, Outcome
from portfolios.models import Enrolment, Evidence, EvidenceFile, IQAReview
from portfolios.services.assessment import decide, sign_off_unit
from portfolios.services.enrolments import enrol, set_registration_number
from tests import multipart
from tests import uploads_corpus as corpus
from tests.auth import sign_in_as
from tests.factories import UserFactory, assessor_user

pytestmark = pytest.mark.django_db


def text(response) -> str:
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(body)).strip()


def private_files() -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.fixture
def item(enrolment, add_file):
    return add_file(enrolment, {"1.1"})


# --- who may see evidence -------------------------------------------------------------


@pytest.mark.parametrize("who", ["another candidate", "unassigned assessor", "anonymous", "iqa"])
@pytest.mark.parametrize("page", ["evidence_detail", "evidence_download", "enrolment_detail"])
def test_others_get_404_for_someone_elses_evidence(client, item, who, page, iqa):
    other_enrolment_candidate = UserFactory(rank=Rank.PC)
    enrol(
        candidate=other_enrolment_candidate,
        qualification=item.enrolment.qualification,
        start_date=timezone.localdate(),
        by=None,
    )
    users = {
        "another candidate": other_enrolment_candidate,
        "unassigned assessor": assessor_user(),
        "anonymous": None,
        "iqa": iqa,  # not sampled: no business with it
    }
    if users[who] is not None:
        sign_in_as(client, users[who])
    url = {
        "evidence_detail": reverse("portfolios:evidence_detail", args=[item.pk]),
        "evidence_download": reverse("portfolios:evidence_download", args=[item.pk, 1]),
        "enrolment_detail": reverse("portfolios:enrolment_detail", args=[item.enrolment_id]),
    }[page]

    response = client.get(url)

    if who == "anonymous" and page == "enrolment_detail":
        assert response.status_code == 302  # signed-in pages send strangers to sign in
    else:
        assert response.status_code == 404
    assert not AuditEntry.objects.filter(
        action="portfolios.evidence.downloaded", outcome="success"
    ).exists()


@pytest.mark.parametrize("who", ["candidate", "assessor", "coordinator"])
def test_the_candidate_their_assessor_and_the_programme_team_can_download(
    client, item, who, coordinator
):
    user = {"candidate": item.enrolment.candidate, "assessor": item.enrolment.assessor}.get(
        who, coordinator
    )
    sign_in_as(client, user)

    response = client.get(reverse("portfolios:evidence_download", args=[item.pk, 1]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="evidence.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"].startswith("default-src 'none'; sandbox")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    entry = AuditEntry.objects.get(action="portfolios.evidence.downloaded")
    assert (entry.actor, entry.object_type) == (user, "portfolios.evidencefile")


def test_private_files_are_not_under_the_public_media_url(client, item):
    stored = EvidenceFile.objects.get()
    sign_in_as(client, item.enrolment.candidate)

    assert client.get(f"/media/{stored.stored_name}").status_code == 404
    assert not str(settings.PRIVATE_MEDIA_ROOT).startswith(str(settings.MEDIA_ROOT))


# --- uploading ------------------------------------------------------------------------


def _post_file(client, enrolment, name, content):
    criterion = enrolment.qualification.units.first().criteria.first()
    # Written by hand so the name arrives exactly as given (folders and NUL included).
    return multipart.post(
        client,
        reverse("portfolios:evidence_new", args=["file"]),
        {"title": "My evidence", "criteria": [criterion.pk], "submit": "1"},
        file_field="file",
        file_name=name,
        content=content,
    )


@pytest.mark.parametrize(("name", "build", "kind"), corpus.GOOD, ids=[g[0] for g in corpus.GOOD])
def test_each_allowed_type_is_accepted_through_the_page(client, enrolment, name, build, kind):
    sign_in_as(client, enrolment.candidate)

    response = _post_file(client, enrolment, name, build())

    evidence = Evidence.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portfolios:evidence_detail", args=[evidence.pk])
    stored = EvidenceFile.objects.get()
    assert stored.original_name == name
    assert stored.stored_name.startswith("evidence/")
    assert name not in stored.stored_name
    assert len(private_files()) == 1


@pytest.mark.parametrize(
    ("name", "build", "code"), corpus.HOSTILE, ids=[repr(h[0]) for h in corpus.HOSTILE]
)
def test_hostile_uploads_are_refused_on_the_page_with_nothing_stored(
    client, enrolment, name, build, code
):
    sign_in_as(client, enrolment.candidate)

    response = _post_file(client, enrolment, name, build())

    # Names with folders, NUL or control characters are refused as sent, though Django's
    # parser would have stripped them (core.uploads.NameKeepingMultiPartParser).
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == [code]
    assert Evidence.objects.count() == 0
    assert private_files() == []
    page = text(response)
    assert "There is a problem" in page
    assert "My evidence" in response.content.decode()  # what they typed is kept


def test_the_error_names_the_problem(client, enrolment):
    sign_in_as(client, enrolment.candidate)

    response = _post_file(client, enrolment, "report.pdf", corpus.HTML)

    assert response.context["form"].errors["file"] == [
        "“report.pdf” is not a file type we accept. Upload a PDF, Word (.docx), JPEG or PNG, "
        "up to 20.0\xa0MB."
    ]


def test_a_case_study_through_the_page(client, enrolment):
    sign_in_as(client, enrolment.candidate)
    criterion = enrolment.qualification.units.first().criteria.first()

    response = client.post(
        reverse("portfolios:evidence_new", args=["case_study"]),
        {
            "title": "Moorside parade",
            "criteria": [criterion.pk],
            "scanning": "Calls <script>x</script>about the parade",
            "analysis": "Fridays",
            "response": "Lighting",
            "assessment": "Fewer calls",
            "draft": "1",
        },
    )

    evidence = Evidence.objects.get()
    assert response.status_code == 302
    assert evidence.status == EvidenceStatus.DRAFT
    assert evidence.versions.get().scanning == "<p>Calls about the parade</p>"
    page = client.get(reverse("portfolios:evidence_detail", args=[evidence.pk]))
    assert "<p>Calls about the parade</p>" in page.content.decode()


# --- assessing ------------------------------------------------------------------------


def test_referring_without_feedback_keeps_the_page_with_an_error(client, item):
    sign_in_as(client, item.enrolment.assessor)

    response = client.post(
        reverse("portfolios:evidence_decide", args=[item.pk]), {"outcome": "referred"}
    )

    assert response.status_code == 400
    assert response.context["decision_form"].errors["feedback"] == [
        "Say what the candidate needs to change."
    ]
    item.refresh_from_db()
    assert item.status == EvidenceStatus.SUBMITTED


def test_assessor_accepts_and_signs_off_through_the_pages(client, enrolment, add_file):
    first = add_file(enrolment, {"1.1", "1.2"})
    sign_in_as(client, enrolment.assessor)

    response = client.post(
        reverse("portfolios:evidence_decide", args=[first.pk]),
        {"outcome": "accepted", "feedback": "Good"},
        follow=True,
    )
    assert "You accepted “Meeting notes”." in text(response)
    unit = enrolment.qualification.units.order_by("sort_order").first()
    response = client.post(
        reverse("portfolios:unit_sign_off", args=[enrolment.pk, unit.pk]), follow=True
    )

    assert "You signed off Unit 1: Unit 1 title." in text(response)
    assert enrolment.sign_offs.get().unit == unit


@pytest.mark.parametrize("who", ["candidate", "programme_admin", "superuser"])
def test_only_the_assessor_reaches_the_decision_and_sign_off_pages(
    client, enrolment, add_file, coordinator, who
):
    """People who may read the evidence (its candidate, the programme team, a superuser)
    are still not its assessor: both pages are a 404 for them and nothing changes."""
    item = add_file(enrolment, {"1.1", "1.2"})
    person = {
        "candidate": enrolment.candidate,
        "programme_admin": coordinator,
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }[who]
    sign_in_as(client, person)
    unit = enrolment.qualification.units.order_by("sort_order").first()

    decided = client.post(
        reverse("portfolios:evidence_decide", args=[item.pk]),
        {"outcome": "accepted", "feedback": "Fine"},
    )
    signed = client.post(reverse("portfolios:unit_sign_off", args=[enrolment.pk, unit.pk]))

    assert (decided.status_code, signed.status_code) == (404, 404)
    item.refresh_from_db()
    assert item.status == EvidenceStatus.SUBMITTED
    assert item.decisions.count() == 0
    assert enrolment.sign_offs.count() == 0


def test_the_assessors_queue_is_oldest_first_with_due_dates(client, enrolment, add_file):
    add_file(enrolment, {"1.1"}, title="First")
    add_file(enrolment, {"1.2"}, title="Second")
    sign_in_as(client, enrolment.assessor)

    response = client.get(reverse("portfolios:assessing"))

    due = (timezone.localdate() + datetime.timedelta(days=14)).strftime("%-d %b %Y")
    page = text(response)
    assert page.index("First") < page.index("Second")
    assert due in page


def test_pages_for_other_roles_are_refused(client, enrolment):
    sign_in_as(client, enrolment.candidate)
    for name in ("assessing", "quality", "cohort", "claim", "enrol"):
        assert client.get(reverse(f"portfolios:{name}")).status_code == 403, name


# --- witness --------------------------------------------------------------------------


def test_witness_page_confirms_once_then_says_so(
    client, enrolment, mailoutbox, django_capture_on_commit_callbacks
):
    sign_in_as(client, enrolment.candidate)
    criterion = enrolment.qualification.units.first().criteria.first()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portfolios:evidence_new", args=["witness"]),
            {
                "title": "Residents' meeting",
                "criteria": [criterion.pk],
                "description": "I chaired the meeting.",
                "witness_name": "Jo Bloggs",
                "witness_email": "jo@example.org.uk",
                "submit": "1",
            },
        )
    link = re.search(r"http://\S+/portfolios/witness/\S+/", mailoutbox[-1].body).group(0)
    path = link.split("127.0.0.1:8000")[1] if "127.0.0.1:8000" in link else link
    client.logout()

    page = client.get(path)
    assert page.status_code == 200
    assert "I chaired the meeting." in text(page)
    refused = client.post(path, {"statement": "", "confirmed": ""})
    assert refused.status_code == 200
    assert "Tick the box to confirm the account is accurate." in text(refused)
    done = client.post(path, {"statement": "Saw it.", "confirmed": "on"})
    assert "Confirmation sent" in text(done)
    again = client.get(path)
    assert again.status_code == 410
    assert "already been used" in text(again)
    assert client.get("/portfolios/witness/nonsense/").status_code == 404


# --- coordinator ----------------------------------------------------------------------


def _complete(enrolment, add_file, number):
    set_registration_number(enrolment=enrolment, number=number, by=_admin())
    for unit in enrolment.qualification.units.order_by("sort_order"):
        item = add_file(enrolment, {c.code for c in unit.criteria.all()})
        decide(evidence=item, outcome=Outcome.ACCEPTED, feedback="", by=enrolment.assessor)
        sign_off_unit(enrolment=enrolment, unit=unit, by=enrolment.assessor)


def _admin():
    return UserFactory(rank=Rank.POLICE_STAFF, roles=[Role.PROGRAMME_ADMIN])


def test_the_claim_holds_only_what_the_awarding_body_needs(
    client, enrolment, add_file, coordinator, iqa
):
    # A name nobody else here has: the factories' random names once gave the assessor
    # the candidate's surname.
    enrolment.candidate.last_name = "Quennell-Ashworth"
    enrolment.candidate.save(update_fields=["last_name"])
    _complete(enrolment, add_file, "SFJ-00042")
    from portfolios.models import IQAReview
    from portfolios.services.iqa import review_decision

    review_decision(review=IQAReview.objects.first(), agree=True, notes="", by=iqa)
    sign_in_as(client, coordinator)

    response = client.post(reverse("portfolios:claim"), {"enrolment": [enrolment.pk]}, follow=True)
    assert "Claim" in text(response)
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.claimed_on) == ("claimed", timezone.localdate())
    claim = enrolment.claims.get()
    download = client.get(reverse("portfolios:claim_download", args=[claim.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]

    assert rows == [
        [
            "Registration number",
            "Qualification",
            "Units achieved",
            "Assessor",
            "Internal quality assurer",
            "Completion date",
        ],
        [
            "SFJ-00042",
            "Level 3 Award in Neighbourhood Management (Level 3)",
            "Unit 1, Unit 2",
            enrolment.assessor.get_full_name(),
            iqa.get_full_name(),
            datetime.datetime.combine(timezone.localdate(), datetime.time()),
        ],
    ]
    flat = " ".join(str(c) for row in rows for c in row)
    assert enrolment.candidate.last_name not in flat
    assert enrolment.candidate.email not in flat

    response = client.post(
        reverse("portfolios:certify"),
        {"enrolment": [enrolment.pk], "certified_on": "2027-03-01"},
        follow=True,
    )
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.certified_on) == ("certified", datetime.date(2027, 3, 1))


def test_certify_refuses_an_absurd_date_without_a_500(client, coordinator):
    sign_in_as(client, coordinator)

    response = client.post(
        reverse("portfolios:certify"), {"enrolment": [], "certified_on": "9999-12-31"}, follow=True
    )

    assert response.status_code == 200
    assert "between 2000 and 2100" in text(response)


def test_bulk_enrol_through_the_page(client, coordinator, qual):
    sergeants = [assessor_user() for _ in range(2)]
    people = [UserFactory(rank=Rank.PC) for _ in range(4)]
    sign_in_as(client, coordinator)

    bad = client.post(
        reverse("portfolios:enrol"),
        {
            "qualification": qual.pk,
            "cohort_name": "Spring",
            "start_date": "9999-12-31",
            "candidates": [p.pk for p in people],
        },
    )
    assert bad.status_code == 200
    assert bad.context["form"].errors["start_date"] == ["Enter a date between 2000 and 2100."]

    client.post(
        reverse("portfolios:enrol"),
        {
            "qualification": qual.pk,
            "cohort_name": "Spring",
            "start_date": "2027-04-01",
            "candidates": [p.pk for p in people],
        },
    )
    enrolments = Enrolment.objects.filter(cohort__name="Spring")
    assert enrolments.count() == 4
    assert sorted(enrolments.values_list("assessor", flat=True)) == sorted(
        [s.pk for s in sergeants] * 2
    )
    assert {e.deadline for e in enrolments} == {datetime.date(2028, 4, 1)}


def test_cohort_filters_and_export(client, coordinator, enrolment):
    Enrolment.objects.filter(pk=enrolment.pk).update(at_risk=True, at_risk_reason="Behind")
    other = enrol(
        candidate=UserFactory(rank=Rank.PC),
        qualification=enrolment.qualification,
        start_date=timezone.localdate(),
        by=coordinator,
    )
    sign_in_as(client, coordinator)

    page = client.get(reverse("portfolios:cohort"), {"at_risk": "on"})
    assert enrolment.candidate.display_name in text(page)
    assert other.candidate.display_name not in text(page)
    export = client.get(reverse("portfolios:cohort_export"), {"at_risk": "on"})
    rows = list(load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.values)
    assert rows[0][:3] == ("Candidate", "Qualification", "Cohort")
    assert len(rows) == 2
    assert rows[1][0] == enrolment.candidate.get_full_name()
    assert rows[1][5] == 0  # criteria met, a number
    assert "Behind" in rows[1]


# --- dashboard ------------------------------------------------------------------------


def test_dashboard_sections_show_real_work(client, item, coordinator, iqa):
    sign_in_as(client, item.enrolment.assessor)
    assert "1 item of evidence waiting for your decision" in text(client.get("/portal/"))
    sign_in_as(client, item.enrolment.candidate)
    assert "0 of 4 criteria met" in text(client.get("/portal/"))
    sign_in_as(client, iqa)
    assert "0 sampled decisions waiting for review" in text(client.get("/portal/"))
    sign_in_as(client, coordinator)
    assert "1 candidates working on their portfolios" in text(client.get("/portal/"))


# --- a list costs the same for few rows as for many --------------------------------------


@pytest.fixture
def many(coordinator, qual, add_file):
    """``n`` candidates of one assessor, each with a submitted item."""

    def _make(n):
        assessor = assessor_user()
        made = []
        for _ in range(n):
            e = enrol(
                candidate=UserFactory(rank=Rank.PC),
                qualification=qual,
                start_date=timezone.localdate(),
                by=coordinator,
                assessor=assessor,
            )
            add_file(e, {"1.1"})
            made.append(e)
        return assessor, made

    return _make


@pytest.mark.parametrize("rows", [2, 12])
def test_assessing_query_count_is_constant(client, many, rows, django_assert_num_queries):
    assessor, _ = many(rows)
    sign_in_as(client, assessor)
    client.get(reverse("portfolios:assessing"))
    with django_assert_num_queries(9):
        client.get(reverse("portfolios:assessing"))


@pytest.mark.parametrize("rows", [2, 12])
def test_cohort_query_count_is_constant(client, many, coordinator, rows, django_assert_num_queries):
    many(rows)
    sign_in_as(client, coordinator)
    client.get(reverse("portfolios:cohort"))
    with django_assert_num_queries(11):
        client.get(reverse("portfolios:cohort"))


@pytest.mark.parametrize("rows", [2, 12])
def test_portfolio_query_count_is_constant(
    client, enrolment, add_file, rows, django_assert_num_queries
):
    for n in range(rows):
        add_file(enrolment, {"1.1", "2.1"}, title=f"Item {n}")
    sign_in_as(client, enrolment.candidate)
    client.get(reverse("portfolios:portfolio"))
    with django_assert_num_queries(15):
        client.get(reverse("portfolios:portfolio"))


@pytest.mark.parametrize("rows", [2, 12])
def test_quality_query_count_is_constant(client, many, iqa, rows, django_assert_num_queries):
    assessor, made = many(rows)
    for e in made:
        decide(evidence=e.evidence.get(), outcome=Outcome.ACCEPTED, feedback="", by=assessor)
    sign_in_as(client, iqa)
    client.get(reverse("portfolios:quality"))
    with django_assert_num_queries(6):
        client.get(reverse("portfolios:quality"))


@pytest.mark.parametrize("rows", [2, 12])
def test_claim_query_count_is_constant(
    client, coordinator, qual, add_file, rows, django_assert_num_queries
):
    for n in range(rows):
        e = enrol(
            candidate=UserFactory(rank=Rank.PC),
            qualification=qual,
            start_date=timezone.localdate(),
            by=coordinator,
            assessor=assessor_user(),
        )
        _complete(e, add_file, f"SFJ-{n:05d}")
    sign_in_as(client, coordinator)
    client.get(reverse("portfolios:claim"))
    with django_assert_num_queries(5):
        client.get(reverse("portfolios:claim"))
    assert Enrolment.objects.filter(status=EnrolmentStatus.COMPLETE).count() == rows


def test_drafts_are_the_candidates_own(client, enrolment, add_file):
    draft = add_file(enrolment, {"1.1"}, submit=False, title="Half written")
    sign_in_as(client, enrolment.assessor)

    assert client.get(reverse("portfolios:evidence_detail", args=[draft.pk])).status_code == 404
    page = client.get(reverse("portfolios:enrolment_detail", args=[enrolment.pk]))
    assert "Half written" not in text(page)
    sign_in_as(client, enrolment.candidate)
    assert client.get(reverse("portfolios:evidence_detail", args=[draft.pk])).status_code == 200


def test_coordinator_records_a_registration_number_once(client, coordinator, enrolment, qual):
    other = enrol(
        candidate=UserFactory(rank=Rank.PC),
        qualification=qual,
        start_date=timezone.localdate(),
        by=coordinator,
    )
    sign_in_as(client, coordinator)
    url = reverse("portfolios:registration_number", args=[enrolment.pk])

    client.post(url, {"number": " SFJ-1 "})
    response = client.post(
        reverse("portfolios:registration_number", args=[other.pk]), {"number": "SFJ-1"}, follow=True
    )

    enrolment.refresh_from_db()
    other.refresh_from_db()
    assert (enrolment.registration_number, other.registration_number) == ("SFJ-1", "")
    assert "Registration number SFJ-1 is already used." in text(response)
    sign_in_as(client, enrolment.assessor)
    assert client.post(url, {"number": "X"}).status_code == 404


def test_units_show_what_state_their_criteria_are_in(client, enrolment, add_file):
    accepted = add_file(enrolment, {"1.1"}, title="Accepted one")
    decide(evidence=accepted, outcome=Outcome.ACCEPTED, feedback="", by=enrolment.assessor)
    add_file(enrolment, {"1.2"}, title="Waiting one")
    add_file(enrolment, {"2.1"}, submit=False, title="Draft one")
    sign_in_as(client, enrolment.candidate)

    page = text(client.get(reverse("portfolios:portfolio")))

    assert "Unit 1: Unit 1 title 1 of 2 criteria met, 1 waiting for assessment" in page
    assert "Met : 1.1 Criterion 1.1 text" in page
    assert "Evidence waiting for assessment: 1.2 Criterion 1.2 text" in page
    assert "Evidence in draft or referred: 2.1 Criterion 2.1 text" in page
    assert "No evidence yet: 2.2 Criterion 2.2 text" in page
    assert "Add evidence for Unit 2: 1 of 2 criteria have none yet." in page


def test_coordinator_withdraws_an_enrolment_with_a_reason(client, coordinator, enrolment):
    sign_in_as(client, coordinator)
    url = reverse("portfolios:end_enrolment", args=[enrolment.pk])
    detail = client.get(reverse("portfolios:enrolment_detail", args=[enrolment.pk]))
    assert url in detail.content.decode()

    missing = client.post(url, {"status": "withdrawn", "reason": ""})
    assert missing.status_code == 400
    assert "Enter why the enrolment is ending" in text(missing)

    done = client.post(url, {"status": "withdrawn", "reason": "Left the force"}, follow=True)

    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.ended_on) == ("withdrawn", timezone.localdate())
    assert f"{enrolment.candidate.display_name}’s enrolment is withdrawn." in text(done)
    entry = AuditEntry.objects.filter(action="portfolios.enrolment.withdrawn").get()
    assert "Left the force" in entry.summary
    # Once ended, the page says so instead of offering the form again.
    assert "This enrolment has ended" in text(client.get(url))


def test_an_enrolment_cannot_lapse_before_its_deadline_and_keeps_the_reason(
    client, coordinator, enrolment
):
    sign_in_as(client, coordinator)
    url = reverse("portfolios:end_enrolment", args=[enrolment.pk])

    response = client.post(url, {"status": "lapsed", "reason": "No contact for months"})

    enrolment.refresh_from_db()
    assert response.status_code == 400
    assert enrolment.status == "registered"
    assert "An enrolment lapses only after its deadline." in text(response)
    assert "No contact for months" in response.content.decode()


def test_only_the_programme_team_may_end_an_enrolment(client, enrolment):
    url = reverse("portfolios:end_enrolment", args=[enrolment.pk])
    for user in (enrolment.candidate, enrolment.assessor):
        sign_in_as(client, user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"status": "withdrawn", "reason": "x"}).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == "registered"


def test_a_sample_links_to_its_review_only_for_someone_who_may_review_it(
    client, many, iqa, coordinator
):
    """The programme team (and a superuser) see the IQA queue, but reviewing a sample is
    an IQA's own act: their rows and dashboard items name the evidence without a link to
    a page that would refuse them."""
    from people.models import User

    assessor, made = many(1)
    decide(evidence=made[0].evidence.get(), outcome=Outcome.ACCEPTED, feedback="", by=assessor)
    review = IQAReview.objects.get()
    url = reverse("portfolios:iqa_review", args=[review.pk])
    superuser = User.objects.create_superuser("root", "root@example.police.uk", "x" * 16)

    sign_in_as(client, iqa)
    assert url in client.get(reverse("portfolios:quality")).content.decode()
    assert url in client.get("/portal/").content.decode()
    for viewer in (coordinator, superuser):
        sign_in_as(client, viewer)
        queue = client.get(reverse("portfolios:quality"))
        assert queue.status_code == 200
        assert made[0].evidence.get().title in text(queue)
        assert url not in queue.content.decode()
        assert client.get(url).status_code == 404
    assert url not in client.get("/portal/").content.decode()
