"""Entrants' pages: the awards, my entries, start, edit (with autosave), team, submit, withdraw.

Thin views: form → service → message → redirect. ``awards.rules`` decides who may
see and change an entry; the services refuse as well.

Nothing typed is lost when a sign-in expires: the autosave endpoint answers
401 (JSON) so the script keeps the text on the device and retries after the
person signs in again in another tab; and a form posted without JavaScript
after the session expired is kept in the (new, anonymous) session and put back
into the form once they have signed in.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_tables2 import RequestConfig

from awards import selectors
from awards.enums import FINAL_STATUSES, EntryStatus
from awards.forms import AttachmentForm, CoEntrantForm, EntryForm, StartEntryForm, WithdrawForm
from awards.models import SARA_FIELDS, SARA_SECTIONS, SUMMARY_WORD_LIMIT, Attachment, Cycle, Entry
from awards.services import AwardsError
from awards.services.entries import (
    add_attachment,
    add_co_entrant,
    judging_started,
    remove_attachment,
    remove_co_entrant,
    return_to_draft,
    save_entry_text,
    start_entry,
    submission_problems,
    submit_entry,
    withdraw_entry,
)
from awards.tables import MyEntryTable, entry_tag
from awards.views.library import library_context
from awards.wordcount import count_words
from core.audit import Refused, viewed
from core.downloads import private_download
from core.idempotency import idempotent
from core.page_cache import personal_page
from people.models import User
from portfolios.selectors import signed_off_case_studies

UNSAVED_KEY = "awards-unsaved-entry-{}"


def _entry(request: HttpRequest, pk: int, permission: str = "awards.view_entry") -> Entry:
    """The entry if the person may see it; 404 otherwise (no hint that it exists)."""
    try:
        entry = selectors.entry_for_team(pk)
    except Entry.DoesNotExist as missing:
        raise Http404("No such entry") from missing
    if not request.user.has_perm(permission, entry):
        raise Refused("No such entry", obj=entry, action=permission)
    return entry


def _saved_text(entry: Entry) -> str:
    if not entry.last_saved_at:
        return ""
    moment = timezone.localtime(entry.last_saved_at)
    who = entry.last_saved_by.get_full_name() if entry.last_saved_by else ""
    text = f"Last saved at {moment:%H:%M} on {date_format(moment, 'j F Y')}"
    return f"{text} by {who}" if who else text


def _budget(entry_words: int, limit: int) -> dict:
    return {
        "words": entry_words,
        "limit": limit,
        "over": max(0, entry_words - limit),
        "left": max(0, limit - entry_words),
    }


# --- the awards and my entries -------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return personal_page(request, lambda: _index(request))


def _index(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    cycles = selectors.cycles_for_entrants(now)
    table = MyEntryTable(selectors.my_entries(request.user))
    table.viewer_id = request.user.pk
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "awards/index.html",
        {
            "cycles": [(c, c.is_open_for_entries(now)) for c in cycles],
            "table": table,
            "past": selectors.past_cycles()[:3],
            "now": now,
            "case_studies": signed_off_case_studies(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@idempotent
def entry_start(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    try:
        cycle = Cycle.objects.get(pk=cycle_pk)
    except Cycle.DoesNotExist as missing:
        raise Http404("No such cycle") from missing
    form = StartEntryForm(
        request.POST or None,
        cycle=cycle,
        case_studies=signed_off_case_studies(request.user),
        initial={"start_from": request.GET.get("case_study", "")},
    )
    open_now = cycle.is_open_for_entries()
    if request.method == "POST" and form.is_valid():
        try:
            entry = start_entry(
                cycle=cycle,
                category=form.cleaned_data["category"],
                title=form.cleaned_data["title"],
                case_study_id=form.cleaned_data["case_study_id"],
                by=request.user,
            )
        except AwardsError as error:
            field = {"title": "title", "case_study": "start_from"}.get(error.code)
            form.add_error(field if field in form.fields else None, str(error))
        else:
            started = f"Your draft entry '{entry.title}' has been started"
            if entry.source_case_study_id:
                started += " from your case study: check each section and the partners"
            messages.success(request, f"{started}.")
            return redirect("awards:entry_edit", pk=entry.pk)
    return render(
        request,
        "awards/entry_start.html",
        {"form": form, "cycle": cycle, "open_now": open_now, "now": timezone.now()},
    )


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    user = request.user
    is_team = user.has_perm("awards.edit_entry", entry)
    label, css = entry_tag(entry)
    now = timezone.now()
    problems = submission_problems(entry, now=now) if entry.status == EntryStatus.DRAFT else []
    started = judging_started(entry.cycle)
    feedback = selectors.entry_feedback(entry) if is_team else []
    if feedback:
        viewed(
            request, entry, action="awards.results.viewed", summary=f"Read the scores of {entry}"
        )
    return render(
        request,
        "awards/entry_detail.html",
        {
            "entry": entry,
            "tag_label": label,
            "tag_class": css,
            "is_team": is_team,
            "is_lead": user.has_perm("awards.submit_entry", entry),
            "can_edit": is_team and entry.status == EntryStatus.DRAFT,
            "can_submit": entry.status == EntryStatus.DRAFT
            and user.has_perm("awards.submit_entry", entry),
            "can_reopen": entry.status == EntryStatus.SUBMITTED
            and user.has_perm("awards.submit_entry", entry)
            and now < entry.deadline
            and not started,
            "can_withdraw": entry.status in (EntryStatus.DRAFT, EntryStatus.SUBMITTED)
            and user.has_perm("awards.withdraw_entry", entry)
            and not started,
            "problems": problems,
            "budget": _budget(entry.word_count, entry.cycle.word_limit),
            "saved_text": _saved_text(entry),
            "deadline_passed": now >= entry.deadline,
            "brochure_statuses": FINAL_STATUSES,
            "feedback": feedback,
            "attachments": list(entry.attachments.all()),
            "sections": entry.sections(),
            "source_link": _may_see_source(user, entry),
            **library_context(request, entry),
        },
    )


def _may_see_source(user, entry: Entry) -> bool:
    """Whether the viewer may open the portfolio case study the entry started from."""
    source = entry.source_case_study
    return source is not None and user.has_perm("portfolios.view_evidence", source)


# --- editing -------------------------------------------------------------------------


def _form_values(form: EntryForm) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "summary": data["summary"],
        "sections": {name: data[name] for name in SARA_FIELDS},
        "category": data["category"],
        "partners": list(data["partners"]),
        "base_version": data.get("version"),
        "overwrite": bool(data.get("overwrite")),
    }


def _stash_unsaved(request: HttpRequest, pk: int) -> HttpResponse:
    """Signed out while posting the form: keep what was typed, then ask them to sign in."""
    keep = {
        name: request.POST.get(name, "")[:70_000]
        for name in ("title", "summary", "category", "version", *SARA_FIELDS)
    }
    keep["partners"] = request.POST.getlist("partners")[:50]
    request.session[UNSAVED_KEY.format(pk)] = keep
    return redirect_to_login(reverse("awards:entry_edit", args=[pk]))


@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        if request.method == "POST":
            return _stash_unsaved(request, pk)
        return redirect_to_login(request.get_full_path())
    entry = _entry(request, pk, "awards.edit_entry")
    if entry.status != EntryStatus.DRAFT:
        messages.info(request, "This entry has been submitted, so it can no longer be changed.")
        return redirect("awards:entry_detail", pk=entry.pk)
    restored = False
    if request.method == "POST":
        form = EntryForm(request.POST, entry=entry)
        if form.is_valid():
            try:
                entry = save_entry_text(entry=entry, by=request.user, **_form_values(form))
            except AwardsError as error:
                form.add_error(None, str(error))
                if error.code == "stale":
                    form.stale = True
            else:
                if "check" in request.POST:
                    return redirect("awards:entry_submit", pk=entry.pk)
                messages.success(request, f"Your draft has been saved. {_saved_text(entry)}.")
                return redirect("awards:entry_edit", pk=entry.pk)
    else:
        unsaved = request.session.pop(UNSAVED_KEY.format(pk), None)
        if unsaved:
            restored = True
            form = EntryForm(initial=unsaved, entry=entry)
        else:
            form = EntryForm(initial=EntryForm.initial_for(entry), entry=entry)
    words = {name: count_words(form[name].value() or "") for name in SARA_FIELDS}
    return render(
        request,
        "awards/entry_edit.html",
        {
            "entry": entry,
            "form": form,
            "restored": restored,
            "stale": getattr(form, "stale", False),
            "saved_text": _saved_text(entry),
            "sections": [(form[name], heading, words[name]) for name, heading, _ in SARA_SECTIONS],
            "budget": _budget(sum(words.values()), entry.cycle.word_limit),
            "summary_words": count_words(form["summary"].value() or ""),
            "summary_limit": SUMMARY_WORD_LIMIT,
            "categories": list(entry.cycle.categories.prefetch_related("required_organisations")),
        },
    )


def _json_error(status: int, code: str, message: str, **extra) -> JsonResponse:
    return JsonResponse({"ok": False, "error": code, "message": message, **extra}, status=status)


def _autosave_state(entry: Entry, request: HttpRequest) -> dict:
    words = {name: count_words(getattr(entry, name)) for name in SARA_FIELDS}
    moment = timezone.localtime(entry.last_saved_at) if entry.last_saved_at else None
    return {
        "ok": True,
        "version": entry.version,
        "saved_at": moment.isoformat() if moment else None,
        "saved_text": _saved_text(entry),
        "words": words,
        "total": sum(words.values()),
        "limit": entry.cycle.word_limit,
        "csrf_token": get_token(request),
    }


@never_cache
@require_http_methods(["GET", "POST"])
def entry_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """GET: the saved version and a fresh CSRF token. POST (JSON): save the draft.

    Answers in JSON only: 401 when signed out (the script keeps the text and asks them
    to sign in), 409 when a co-entrant saved since (nothing is overwritten).
    """
    if not request.user.is_authenticated:
        return _json_error(
            401,
            "signed_out",
            "You have been signed out. Your text is kept on this device.",
            login_url=f"{reverse('login')}?next={reverse('awards:signed_in')}",
        )
    try:
        entry = _entry(request, pk, "awards.edit_entry")
    except Http404:
        return _json_error(404, "not_found", "This entry cannot be found.")
    if request.method == "GET":
        return JsonResponse(_autosave_state(entry, request))
    try:
        payload = json.loads(request.body or b"{}")
        if not isinstance(payload, dict):
            raise ValueError
    except ValueError:
        return _json_error(400, "invalid", "The save could not be read. Try again.")
    data = {
        "title": payload.get("title", ""),
        "summary": payload.get("summary", ""),
        "category": payload.get("category") or entry.category_id,
        "partners": payload.get("partners", []),
        "version": payload.get("version"),
        "overwrite": bool(payload.get("overwrite")),
        **{name: payload.get(name, "") for name in SARA_FIELDS},
    }
    form = EntryForm(_as_query_dict(data), entry=entry)
    if not form.is_valid():
        message = " ".join(e for errors in form.errors.values() for e in errors)
        return _json_error(400, "invalid", message)
    try:
        entry = save_entry_text(entry=entry, by=request.user, **_form_values(form))
    except AwardsError as error:
        status = 409 if error.code in ("stale", "not_draft") else 400
        return _json_error(status, error.code, str(error))
    return JsonResponse(_autosave_state(entry, request))


def _as_query_dict(data: dict):
    query = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            query.setlist(key, [str(v) for v in value])
        elif value is None:
            continue
        else:
            query[key] = str(value) if not isinstance(value, bool) else ("on" if value else "")
    return query


@login_required
def signed_in(request: HttpRequest) -> HttpResponse:
    """Where signing in again from the autosave message lands."""
    return render(request, "awards/signed_in.html")


# --- the team ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def entry_team(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    is_lead = request.user.has_perm("awards.manage_entry_team", entry)
    form = CoEntrantForm(request.POST or None) if is_lead else None
    if request.method == "POST":
        if not is_lead:
            raise Refused("No such entry", obj=entry, action="awards.manage_entry_team")
        if "remove" in request.POST:
            person = User.objects.filter(pk=request.POST.get("remove")).first()
            if person is not None:
                try:
                    remove_co_entrant(entry=entry, person=person, by=request.user)
                except AwardsError as error:
                    messages.error(request, str(error))
                else:
                    messages.success(request, f"{person} has been removed from the team.")
            return redirect("awards:entry_team", pk=entry.pk)
        if form.is_valid():
            person = form.cleaned_data["person"]
            try:
                add_co_entrant(entry=entry, person=person, by=request.user)
            except AwardsError as error:
                form.add_error("person", str(error))
            else:
                messages.success(request, f"{person} has been added to the team and sent an email.")
                return redirect("awards:entry_team", pk=entry.pk)
    return render(
        request,
        "awards/entry_team.html",
        {
            "entry": entry,
            "form": form,
            "is_lead": is_lead,
            "can_change": is_lead and entry.status in (EntryStatus.DRAFT, EntryStatus.SUBMITTED),
        },
    )


# --- attachments ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def entry_attachments(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    can_change = (
        request.user.has_perm("awards.edit_entry", entry) and entry.status == EntryStatus.DRAFT
    )
    form = AttachmentForm(request.POST or None, request.FILES or None) if can_change else None
    if request.method == "POST":
        if not can_change:
            raise Refused("No such entry", obj=entry, action="awards.edit_entry")
        if "remove" in request.POST:
            attachment = entry.attachments.filter(pk=request.POST.get("remove")).first()
            if attachment is not None:
                try:
                    remove_attachment(attachment=attachment, by=request.user)
                except AwardsError as error:
                    messages.error(request, str(error))
                else:
                    messages.success(request, f"{attachment.original_name} has been removed.")
            return redirect("awards:entry_attachments", pk=entry.pk)
        if form.is_valid():
            try:
                attachment = add_attachment(
                    entry=entry,
                    checked=form.cleaned_data["file"],
                    caption=form.cleaned_data["caption"],
                    by=request.user,
                )
            except AwardsError as error:
                form.add_error("file", str(error))
            else:
                messages.success(request, f"{attachment.original_name} has been attached.")
                return redirect("awards:entry_attachments", pk=entry.pk)
    return render(
        request,
        "awards/entry_attachments.html",
        {
            "entry": entry,
            "form": form,
            "can_change": can_change,
            "attachments": list(entry.attachments.all()),
        },
    )


@require_safe
@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The team's and the coordinator's download (404 for anyone else)."""
    attachment = Attachment.objects.select_related("entry").filter(pk=pk).first()
    if attachment is None:
        raise Http404("No such file")
    return private_download(
        request,
        attachment,
        permission="awards.view_attachment",
        action="awards.attachment.download",
    )


# --- submit, return to draft, withdraw -----------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def entry_submit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    if entry.status != EntryStatus.DRAFT:
        return redirect("awards:entry_detail", pk=entry.pk)
    is_lead = request.user.has_perm("awards.submit_entry", entry)
    problems = submission_problems(entry)
    if request.method == "POST":
        if not is_lead:
            raise Refused("No such entry", obj=entry, action="awards.submit_entry")
        try:
            submit_entry(entry=entry, by=request.user)
        except AwardsError as error:
            problems = error.problems or problems
            if not problems:
                messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Your entry '{entry.title}' has been submitted. A receipt has been emailed to "
                "you and your co-entrants.",
            )
            return redirect("awards:entry_detail", pk=entry.pk)
    return render(
        request,
        "awards/entry_submit.html",
        {
            "entry": entry,
            "problems": problems,
            "is_lead": is_lead,
            "budget": _budget(entry.word_count, entry.cycle.word_limit),
            "summary_words": count_words(entry.summary),
            "summary_limit": SUMMARY_WORD_LIMIT,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk, "awards.submit_entry")
    if request.method == "POST":
        try:
            return_to_draft(entry=entry, by=request.user)
        except AwardsError as error:
            messages.error(request, str(error))
            return redirect("awards:entry_detail", pk=entry.pk)
        messages.success(
            request,
            "Your entry is a draft again. Submit it again before the deadline, or it will not "
            "be judged.",
        )
        return redirect("awards:entry_edit", pk=entry.pk)
    return render(request, "awards/entry_reopen.html", {"entry": entry})


@login_required
@require_http_methods(["GET", "POST"])
def entry_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk, "awards.withdraw_entry")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw_entry(entry=entry, by=request.user, reason=form.cleaned_data["reason"])
        except AwardsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Your entry '{entry.title}' has been withdrawn.")
            return redirect("awards:index")
    return render(request, "awards/entry_withdraw.html", {"entry": entry, "form": form})


urlpatterns = [
    path("", index, name="index"),
    path("cycles/<int:cycle_pk>/start/", entry_start, name="entry_start"),
    path("entries/<int:pk>/", entry_detail, name="entry_detail"),
    path("entries/<int:pk>/edit/", entry_edit, name="entry_edit"),
    path("entries/<int:pk>/autosave/", entry_autosave, name="entry_autosave"),
    path("entries/<int:pk>/team/", entry_team, name="entry_team"),
    path("entries/<int:pk>/attachments/", entry_attachments, name="entry_attachments"),
    path("attachments/<int:pk>/", attachment_download, name="attachment_download"),
    path("entries/<int:pk>/submit/", entry_submit, name="entry_submit"),
    path("entries/<int:pk>/reopen/", entry_reopen, name="entry_reopen"),
    path("entries/<int:pk>/withdraw/", entry_withdraw, name="entry_withdraw"),
    path("signed-in/", signed_in, name="signed_in"),
]
