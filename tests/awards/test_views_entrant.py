"""Entrants' pages from the user's side: drafts, autosave, sign-in expiry, submitting, files."""

import io
import json

import pypdf
import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from awards.enums import EntryStatus
from awards.models import Attachment, Entry
from awards.services.entries import add_co_entrant
from core.models import AuditEntry
from people.enums import Rank
from tests.auth import sign_in_as, sign_in_through_the_form
from tests.awards.conftest import TEXT, category, make_entry
from tests.factories import UserFactory, signed_off_case_study

pytestmark = pytest.mark.django_db


def edit_data(entry, **overrides):
    data = {
        "title": entry.title,
        "summary": "A short summary.",
        "category": entry.category_id,
        "partners": [p.pk for p in entry.partners.all()],
        "version": entry.version,
        **TEXT,
        "save": "1",
    }
    data.update(overrides)
    return data


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(out, format="PNG")
    return out.getvalue()


def pdf_bytes(author: str) -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": author, "/Title": "Survey results"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def lead(force):
    return UserFactory(organisation=force, first_name="Leah", last_name="Dawson")


@pytest.fixture
def entry(cycle, lead, force):
    return make_entry(cycle, lead, partners=[force], submit=False, title="Green corridor")


# --- the awards page and my entries ---------------------------------------------------


def test_awards_page_shows_open_cycles_rules_and_only_my_entries(login, cycle, entry, lead, force):
    colleague_entry = make_entry(
        cycle,
        UserFactory(organisation=force),
        partners=[force],
        submit=False,
        title="Colleague's entry",
    )
    add_co_entrant(entry=colleague_entry, person=lead, by=colleague_entry.lead)
    make_entry(
        cycle,
        UserFactory(organisation=force),
        partners=[force],
        submit=False,
        title="Somebody else's draft",
    )
    response = login(lead).get(reverse("awards:index"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Start an entry" in page
    assert "Safer Travel" in page
    assert "a transport authority" in page
    titles = [e.title for e in response.context["table"].page_records]
    assert sorted(titles) == ["Colleague's entry", "Green corridor"]
    assert "Somebody else" not in page


def test_start_an_entry(login, cycle, force):
    person = UserFactory(organisation=force)
    response = login(person).post(
        reverse("awards:entry_start", args=[cycle.pk]),
        {"category": category(cycle).pk, "title": "Lights in the lanes"},
    )
    entry = Entry.objects.get(title="Lights in the lanes")
    assert response["Location"] == reverse("awards:entry_edit", args=[entry.pk])
    assert entry.lead == person


def test_start_an_entry_from_my_signed_off_case_study(login, cycle, force, coordinator):
    person = UserFactory(organisation=force, rank=Rank.PC)
    study = signed_off_case_study(person, title="Moorside parade")
    client = login(person)
    assert "you can start your entry from it" in client.get(reverse("awards:index")).text
    form = client.get(reverse("awards:entry_start", args=[cycle.pk])).text
    assert "My case study &#x27;Moorside parade&#x27;" in form
    response = client.post(
        reverse("awards:entry_start", args=[cycle.pk]),
        {"start_from": str(study.pk), "category": category(cycle).pk, "title": ""},
    )
    entry = Entry.objects.get(source_case_study=study)
    assert response["Location"] == reverse("awards:entry_edit", args=[entry.pk])
    assert entry.title == "Moorside parade"
    detail = client.get(reverse("awards:entry_detail", args=[entry.pk])).text
    evidence_url = reverse("portfolios:evidence_detail", args=[study.pk])
    assert f'href="{evidence_url}">Moorside parade</a>' in detail
    # The coordinator sees where it came from but cannot open the candidate's portfolio.
    manage = login(coordinator).get(reverse("awards:manage_entry", args=[entry.pk])).text
    assert "Started from" in manage
    assert evidence_url not in manage


def test_without_case_studies_the_start_form_has_no_choice(login, cycle, force):
    form = login(UserFactory(organisation=force)).get(
        reverse("awards:entry_start", args=[cycle.pk])
    )
    assert "start_from" not in form.context["form"].fields
    assert "Start from" not in form.text


def test_starting_from_someone_elses_case_study_is_refused_with_a_message(login, cycle, force):
    study = signed_off_case_study(UserFactory(organisation=force, rank=Rank.PC))
    person = UserFactory(organisation=force, rank=Rank.PC)
    signed_off_case_study(person, title="Mine")
    response = login(person).post(
        reverse("awards:entry_start", args=[cycle.pk]),
        {"start_from": str(study.pk), "category": category(cycle).pk, "title": "Kept"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start_from"] == [
        f"Select a valid choice. {study.pk} is not one of the available choices."
    ]
    assert Entry.objects.count() == 0


def test_a_blank_start_still_needs_a_title(login, cycle, force):
    person = UserFactory(organisation=force, rank=Rank.PC)
    signed_off_case_study(person)
    response = login(person).post(
        reverse("awards:entry_start", args=[cycle.pk]),
        {"start_from": "", "category": category(cycle).pk, "title": " "},
    )
    assert response.context["form"].errors["title"] == ["Enter a title for your entry"]


def test_an_entrant_cannot_see_anothers_draft(login, entry, force):
    client = login(UserFactory(organisation=force))
    for name in (
        "entry_detail",
        "entry_edit",
        "entry_team",
        "entry_submit",
        "entry_attachments",
        "entry_withdraw",
    ):
        assert client.get(reverse(f"awards:{name}", args=[entry.pk])).status_code == 404, name
    assert client.get(reverse("awards:entry_autosave", args=[entry.pk])).status_code == 404


def test_co_entrants_and_the_coordinator_can_read_it(login, entry, lead, force, coordinator):
    colleague = UserFactory(organisation=force)
    add_co_entrant(entry=entry, person=colleague, by=lead)
    assert login(colleague).get(reverse("awards:entry_edit", args=[entry.pk])).status_code == 200
    assert (
        login(coordinator).get(reverse("awards:entry_detail", args=[entry.pk])).status_code == 200
    )
    # The coordinator reads, but does not write, an entrant's text.
    assert login(coordinator).get(reverse("awards:entry_edit", args=[entry.pk])).status_code == 404


# --- editing without JavaScript -------------------------------------------------------


def test_the_form_saves_without_javascript(login, entry, lead):
    client = login(lead)
    response = client.post(
        reverse("awards:entry_edit", args=[entry.pk]),
        edit_data(entry, scanning="Forty-seven incidents in the underpass."),
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.scanning == "Forty-seven incidents in the underpass."
    assert entry.word_count == 5 + 11 + 10 + 9


def test_bad_input_keeps_what_was_typed(login, entry, lead):
    response = login(lead).post(
        reverse("awards:entry_edit", args=[entry.pk]),
        edit_data(entry, title="", scanning="Kept text"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a title for your entry" in page
    assert "Kept text" in page


def test_two_editors_do_not_overwrite_each_other_unseen(login, entry, lead, force):
    colleague = UserFactory(organisation=force)
    add_co_entrant(entry=entry, person=colleague, by=lead)
    opened = edit_data(entry)
    login(colleague).post(
        reverse("awards:entry_edit", args=[entry.pk]), {**opened, "title": "Colleague's title"}
    )
    client = login(lead)
    response = client.post(
        reverse("awards:entry_edit", args=[entry.pk]), {**opened, "title": "Lead's title"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "after you opened it" in page
    assert "Lead&#x27;s title" in page
    assert Entry.objects.get(pk=entry.pk).title == "Colleague's title"
    client.post(
        reverse("awards:entry_edit", args=[entry.pk]),
        {**opened, "title": "Lead's title", "overwrite": "on"},
    )
    assert Entry.objects.get(pk=entry.pk).title == "Lead's title"


def test_text_posted_after_the_sign_in_expired_is_kept_through_signing_in(client, entry, lead):
    response = client.post(
        reverse("awards:entry_edit", args=[entry.pk]),
        edit_data(entry, analysis="Typed while signed out"),
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Entry.objects.get(pk=entry.pk).analysis != "Typed while signed out"
    sign_in_through_the_form(client, lead.username)
    page = client.get(reverse("awards:entry_edit", args=[entry.pk])).content.decode()
    assert "You were signed out before your changes were saved" in page
    assert "Typed while signed out" in page
    # Shown once: a later visit shows the saved text again.
    assert (
        "Typed while signed out"
        not in client.get(reverse("awards:entry_edit", args=[entry.pk])).content.decode()
    )


# --- autosave ---------------------------------------------------------------------------


def autosave(client, entry, **body):
    return client.post(
        reverse("awards:entry_autosave", args=[entry.pk]),
        data=json.dumps(body),
        content_type="application/json",
    )


def test_autosave_saves_and_returns_the_servers_count(login, entry, lead):
    client = login(lead)
    state = client.get(reverse("awards:entry_autosave", args=[entry.pk])).json()
    assert state["version"] == entry.version
    assert state["csrf_token"]
    response = autosave(
        client,
        entry,
        version=state["version"],
        title="Green corridor",
        summary="s",
        category=entry.category_id,
        partners=[p.pk for p in entry.partners.all()],
        scanning="problem-solving don’t",
        analysis="",
        response="",
        assessment="",
    )
    assert response.status_code == 200
    data = response.json()
    assert (data["version"], data["words"]["scanning"], data["total"], data["limit"]) == (
        state["version"] + 1,
        2,
        2,
        4000,
    )
    assert data["saved_text"].startswith("Last saved at ")
    assert Entry.objects.get(pk=entry.pk).scanning == "problem-solving don’t"


def test_autosave_when_signed_out_answers_401_json(client, entry):
    response = autosave(client, entry, title="x")
    assert response.status_code == 401
    assert response.json()["error"] == "signed_out"
    assert response.json()["login_url"] == "/accounts/login/?next=/awards/signed-in/"


def test_autosave_refuses_a_stale_version_with_409(login, entry, lead, force):
    colleague = UserFactory(organisation=force)
    add_co_entrant(entry=entry, person=colleague, by=lead)
    base = entry.version
    autosave(login(colleague), entry, version=base, title="Theirs", category=entry.category_id)
    response = autosave(login(lead), entry, version=base, title="Mine", category=entry.category_id)
    assert response.status_code == 409
    assert response.json()["error"] == "stale"


def test_autosave_rejects_nonsense_with_400(login, entry, lead):
    client = login(lead)
    response = client.post(
        reverse("awards:entry_autosave", args=[entry.pk]),
        data="[1, 2",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert autosave(client, entry, title="").status_code == 400


def test_autosave_needs_the_csrf_token(entry, lead):
    client = Client(enforce_csrf_checks=True)
    sign_in_as(client, lead)
    assert autosave(client, entry, title="x").status_code == 403
    token = client.get(reverse("awards:entry_autosave", args=[entry.pk])).json()["csrf_token"]
    response = client.post(
        reverse("awards:entry_autosave", args=[entry.pk]),
        data=json.dumps({"title": "With token", "category": entry.category_id}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200


# --- submitting -------------------------------------------------------------------------


def test_the_submit_page_lists_what_is_missing(login, cycle, lead, force):
    entry = make_entry(
        cycle,
        lead,
        partners=[force],
        submit=False,
        category_name="Safer Travel",
        text={**TEXT, "assessment": ""},
    )
    page = login(lead).get(reverse("awards:entry_submit", args=[entry.pk])).content.decode()
    assert "Your entry is not ready to submit" in page
    assert "Write the Assessment section." in page
    assert "Safer Travel entries need a partner that is a transport authority" in page


def test_only_the_lead_submits_from_the_page(
    login, entry, lead, force, django_capture_on_commit_callbacks
):
    from django.core import mail

    colleague = UserFactory(organisation=force)
    add_co_entrant(entry=entry, person=colleague, by=lead)
    assert login(colleague).post(reverse("awards:entry_submit", args=[entry.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = login(lead).post(reverse("awards:entry_submit", args=[entry.pk]))
    assert response.status_code == 302
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.SUBMITTED
    assert {m.to[0] for m in mail.outbox} >= {lead.email, colleague.email}


def test_withdraw_from_the_page(login, entry, lead):
    response = login(lead).post(
        reverse("awards:entry_withdraw", args=[entry.pk]), {"reason": "Not ready this year"}
    )
    assert response.status_code == 302
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.WITHDRAWN


def test_the_lead_adds_a_co_entrant_by_email(login, entry, lead, force):
    colleague = UserFactory(organisation=force, email="amy.khan@example.police.uk")
    client = login(lead)
    response = client.post(
        reverse("awards:entry_team", args=[entry.pk]), {"person": "AMY.KHAN@example.police.uk"}
    )
    assert response.status_code == 302
    assert list(entry.co_entrants.all()) == [colleague]
    response = client.post(
        reverse("awards:entry_team", args=[entry.pk]), {"person": "nobody@example.org"}
    )
    assert "No one with that email address or username" in response.content.decode()


# --- attachments --------------------------------------------------------------------------


def test_attach_an_image_and_download_it(login, entry, lead, force):
    client = login(lead)
    upload = io.BytesIO(png_bytes())
    upload.name = "calls-by-month.png"
    response = client.post(
        reverse("awards:entry_attachments", args=[entry.pk]),
        {"file": upload, "caption": "Figure 1"},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.caption, attachment.content_type) == (
        "calls-by-month.png",
        "Figure 1",
        "image/png",
    )
    assert "calls-by-month" not in attachment.stored_name
    download = client.get(reverse("awards:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert AuditEntry.objects.filter(action="awards.attachment.download").count() == 1
    stranger = login(UserFactory(organisation=force))
    assert (
        stranger.get(reverse("awards:attachment_download", args=[attachment.pk])).status_code == 404
    )


def test_a_disguised_file_is_refused_with_a_message(login, entry, lead):
    upload = io.BytesIO(b"MZ\x90\x00 not really a picture")
    upload.name = "photo.png"
    response = login(lead).post(
        reverse("awards:entry_attachments", args=[entry.pk]), {"file": upload}
    )
    assert response.status_code == 200
    assert "is not a file type we accept" in response.content.decode()
    assert not Attachment.objects.exists()


def test_judges_in_an_anonymised_round_get_a_scrubbed_copy(login, closed_cycle, coordinator, force):
    import datetime

    from awards.attachments import anonymous_name
    from awards.services.assignment import assign_round
    from awards.services.entries import add_attachment, submit_entry
    from core.uploads import check_upload
    from tests.awards.conftest import first_round, make_judge, open_round, seat_panel

    lead = UserFactory(organisation=force, first_name="Leah", last_name="Dawson")
    entry = make_entry(closed_cycle, lead, partners=[force], submit=False)
    checked = check_upload(io.BytesIO(pdf_bytes("PC Leah Dawson")), name="dawson-survey.pdf")
    attachment = add_attachment(entry=entry, checked=checked, by=lead)
    submit_entry(
        entry=entry, by=lead, now=closed_cycle.entries_close_at - datetime.timedelta(hours=1)
    )
    other_entry = make_entry(
        closed_cycle, UserFactory(organisation=force), partners=[force], title="Another entry"
    )
    judges = [make_judge(force), make_judge(force)]
    round_ = first_round(closed_cycle)
    round_.anonymised = True
    round_.save(update_fields=["anonymised"])
    seat_panel(round_, judges, coordinator)
    assign_round(round=round_, by=coordinator, k=0)
    open_round(round_, coordinator)
    assignment = entry.assignments.select_related("judge").first()
    client = login(assignment.judge)
    page = client.get(reverse("awards:score", args=[assignment.pk])).content.decode()
    assert "dawson-survey" not in page
    assert "Attachment 1" in page
    response = client.get(reverse("awards:judge_attachment", args=[assignment.pk, attachment.pk]))
    assert response.status_code == 200
    assert anonymous_name(attachment, 1) in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert b"Leah" not in content
    assert b"Dawson" not in content
    assert pypdf.PdfReader(io.BytesIO(content)).metadata is None
    # The original still carries its author, for the team and the coordinator.
    with attachment.open_file() as handle:
        assert b"Leah" in handle.read()
    # Not through an assignment for another entry.
    other = other_entry.assignments.get(judge=assignment.judge)
    assert (
        client.get(reverse("awards:judge_attachment", args=[other.pk, attachment.pk])).status_code
        == 404
    )


@pytest.mark.parametrize("rows", [1, 15])
def test_awards_page_query_count_is_fixed(
    login, cycle, lead, force, django_assert_num_queries, rows
):
    for n in range(rows):
        make_entry(cycle, lead, partners=[force], submit=False, title=f"Entry {n}")
    client = login(lead)
    # session, user, cycles, categories (+ their organisations), rounds, count, page,
    # past cycles, the lead's signed-off case studies, groups and reports (navigation)
    with django_assert_num_queries(11):
        response = client.get(reverse("awards:index"))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("../../etc/figure.png", "path_in_name"),
        ("..\\..\\figure.png", "path_in_name"),
        ("figure\x00.png", "nul_in_name"),
        ("figure.php.png", "double_extension"),
        ("fig\u202egnp.png", "control_in_name"),
    ],
)
def test_hostile_attachment_names_are_refused_as_sent_with_nothing_stored(
    login, entry, lead, settings, name, code
):
    from pathlib import Path

    from tests import multipart

    response = multipart.post(
        login(lead),
        reverse("awards:entry_attachments", args=[entry.pk]),
        {"caption": "Figure 1"},
        file_field="file",
        file_name=name,
        content=png_bytes(),
    )
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == [code]
    assert "There is a problem" in response.content.decode()
    assert not Attachment.objects.exists()
    assert [p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()] == []
