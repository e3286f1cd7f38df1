"""Trainers' and coordinators' pages: My sessions, scheduling, the register, the sign-in sheet.

Thin views: form → service → message → redirect. Each page checks the object
permission from ``training.rules`` (a trainer manages only the sessions they
train; the programme team manages all).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from core.concurrency import refresh_version, version_of
from core.exports import table_xlsx_response
from core.idempotency import idempotent
from core.page_cache import personal_page
from core.pdf import render_document, write_pdf
from people.rules import is_admin
from training.enums import BookingStatus, SessionStatus
from training.forms.attendance import RegisterForm
from training.forms.scheduling import (
    ERROR_FIELDS,
    CancelSessionForm,
    SessionChangeForm,
    SessionForm,
)
from training.models import Course, Session
from training.selectors import sessions as selectors
from training.services import TrainingError
from training.services.attendance import mark_attendance, mark_everyone_attended
from training.services.scheduling import cancel_session, schedule_session, update_session
from training.tables.trainer import TrainerSessionFilter, TrainerSessionTable, status_label, when

PER_PAGE = 25


def _require(request: HttpRequest, permission: str, obj=None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _session(pk: int) -> Session:
    try:
        return selectors.session_detail(pk)
    except Session.DoesNotExist as error:
        raise Http404("No such session") from error


def _refusal_to_form(form, error: TrainingError) -> None:
    field = ERROR_FIELDS.get(error.code)
    form.add_error(field if field in form.fields else None, str(error))


# --- My sessions ----------------------------------------------------------------


@login_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    """Upcoming or past sessions the user trains (the programme team sees all)."""
    _require(request, "training.view_trainer_pages")
    return personal_page(request, lambda: _my_sessions(request))


def _my_sessions(request: HttpRequest) -> HttpResponse:
    user = request.user
    upcoming = request.GET.get("when") != "past"
    courses = (
        Course.objects.all()
        if is_admin(user)
        else Course.objects.filter(sessions__trainers=user).distinct()
    )
    filterset = TrainerSessionFilter(
        request.GET or None,
        queryset=selectors.sessions_run_by(user, upcoming=upcoming),
        courses=courses,
    )
    table = TrainerSessionTable(filterset.qs, upcoming=upcoming)
    if request.GET.get("export") == "xlsx":
        RequestConfig(request, paginate=False).configure(table)
        return table_xlsx_response(
            table,
            filename=f"sessions-{'upcoming' if upcoming else 'past'}-{timezone.localdate()}",
            sheet_title="Upcoming sessions" if upcoming else "Past sessions",
        )
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    query["export"] = "xlsx"
    return render(
        request,
        "training/trainer/my_sessions.html",
        {
            "table": table,
            "filter": filterset,
            "upcoming": upcoming,
            "everyone": is_admin(user),
            "can_schedule": is_admin(user) or user.courses_approved_to_deliver.exists(),
            "export_query": query.urlencode(),
            "feedback_url": reverse("training:feedback_trainer", args=[user.pk]),
        },
    )


# --- schedule and change --------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@idempotent
def session_create(request: HttpRequest) -> HttpResponse:
    _require(request, "training.view_trainer_pages")
    form = SessionForm(
        request.POST or None,
        user=request.user,
        initial={"trainers": [request.user]},
    )
    no_courses = not form.fields["course"].queryset.exists()
    if request.method == "POST" and not no_courses and form.is_valid():
        data = form.cleaned_data
        try:
            session = schedule_session(
                course=data["course"],
                venue=data["venue"],
                starts_at=data["starts_at"],
                capacity=data["capacity"],
                trainers=list(data["trainers"]),
                experts=list(data["experts"]),
                notes=data["notes"],
                by=request.user,
            )
        except TrainingError as error:
            _refusal_to_form(form, error)
        else:
            messages.success(
                request,
                f"Session scheduled: {session.course.title}, {when(session)}. "
                "The trainers and subject matter experts have been sent notice.",
            )
            return redirect("training:session_manage", pk=session.pk)
    return render(
        request,
        "training/trainer/session_form.html",
        {"form": form, "no_courses": no_courses, "session": None},
    )


@login_required
def session_manage(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    _require(request, "training.manage_session", session)
    label, css = status_label(session)
    now = timezone.now()
    bookings = list(selectors.bookings_on(session))
    return render(
        request,
        "training/trainer/session_manage.html",
        {
            "session": session,
            "when": when(session),
            "status_label": label,
            "status_class": css,
            "bookings": bookings,
            "history": [session, ("training.booking", [b.pk for b in bookings])],
            "no_shows": sum(1 for b in bookings if b.status == BookingStatus.NO_SHOW),
            "can_change": session.can_still_change(now),
            "can_take_register": session.status != SessionStatus.CANCELLED
            and session.has_started(now),
            "feedback_url": reverse("training:feedback_session", args=[session.pk]),
        },
    )


def _changeable(request: HttpRequest, session: Session) -> bool:
    if not session.can_still_change():
        messages.error(
            request,
            "This session has started, been cancelled or been delivered, so it can no longer "
            "be changed.",
        )
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    _require(request, "training.manage_session", session)
    if not _changeable(request, session):
        return redirect("training:session_manage", pk=session.pk)
    form = SessionChangeForm(
        request.POST or None,
        user=request.user,
        session=session,
        initial={**SessionForm.initial_for(session), "version": version_of(session)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = update_session(
                seen_version=data.get("version"),
                session=session,
                by=request.user,
                venue=data["venue"],
                starts_at=data["starts_at"],
                capacity=data["capacity"],
                trainers=list(data["trainers"]),
                experts=list(data["experts"]),
                booking_opens_at=session.booking_opens_at,
                booking_closes_at=session.booking_closes_at,
                notes=data["notes"],
            )
        except TrainingError as error:
            _refusal_to_form(form, error)
            if error.code == "stale":
                refresh_version(form, session)
        else:
            messages.success(request, "Session changed. Everyone affected has been told.")
            return redirect("training:session_manage", pk=session.pk)
    return render(
        request,
        "training/trainer/session_form.html",
        {"form": form, "no_courses": False, "session": session, "when": when(session)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    _require(request, "training.manage_session", session)
    if not _changeable(request, session):
        return redirect("training:session_manage", pk=session.pk)
    form = CancelSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cancel_session(session=session, by=request.user, reason=form.cleaned_data["reason"])
        except TrainingError as error:
            form.add_error("reason", str(error))
        else:
            messages.success(
                request,
                f"Session cancelled: {session.course.title}, {when(session)}. Everyone booked "
                "and the staff have been told.",
            )
            return redirect("training:session_manage", pk=session.pk)
    return render(
        request,
        "training/trainer/session_cancel.html",
        {"form": form, "session": session, "when": when(session)},
    )


# --- register and sign-in sheet ---------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    _require(request, "training.take_register", session)
    bookings = selectors.register_bookings(session)
    started = session.has_started()
    form = RegisterForm(request.POST or None, bookings=bookings)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "everyone":
                mark_everyone_attended(session=session, by=request.user)
                messages.success(request, f"Everyone ({len(bookings)}) marked as attended.")
                return redirect("training:register", pk=session.pk)
            if form.is_valid():
                mark_attendance(session=session, marks=form.marks(), by=request.user)
                messages.success(request, "Register saved.")
                return redirect("training:register", pk=session.pk)
        except TrainingError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "training/trainer/register.html",
        {
            "form": form,
            "session": session,
            "when": when(session),
            "started": started,
            "cancelled": session.status == SessionStatus.CANCELLED,
            "bookings": bookings,
        },
    )


def sign_in_sheet_html(request: HttpRequest, session: Session) -> str:
    return render_to_string(
        "training/trainer/sign_in_sheet.html",
        {
            "session": session,
            "when": when(session),
            "bookings": selectors.register_bookings(session),
            "spare_rows": range(5),
            "printed_at": timezone.localtime(),
        },
        request=request,
    )


@login_required
def sign_in_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable sign-in sheet: A4 landscape PDF with a signature column."""
    session = _session(pk)
    _require(request, "training.take_register", session)
    html = sign_in_sheet_html(request, session)
    # The restricted fetcher: nothing in the page can make the server fetch a URL.
    pdf = write_pdf(render_document(html))
    local = timezone.localtime(session.starts_at)
    filename = f"sign-in-sheet-{local:%Y-%m-%d}-{slugify(session.course.title)}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- dashboard ------------------------------------------------------------------------


def trainer_section(request: HttpRequest) -> dict:
    """'Sessions I run' on My portal: registers still to take and the next few sessions."""
    sessions = selectors.next_sessions_for(request.user, limit=5)
    return {
        "registers_due": [
            {
                "session": s,
                "when": when(s),
                "url": reverse("training:register", args=[s.pk]),
            }
            for s in selectors.registers_due_for(request.user)
        ],
        "sessions": [
            {
                "session": s,
                "when": when(s),
                "url": reverse("training:session_manage", args=[s.pk]),
            }
            for s in sessions
        ],
        "my_sessions_url": reverse("training:my_sessions"),
        "schedule_url": reverse("training:session_create"),
    }


urlpatterns = [
    path("trainer/", my_sessions, name="my_sessions"),
    path("trainer/sessions/new/", session_create, name="session_create"),
    path("trainer/sessions/<int:pk>/", session_manage, name="session_manage"),
    path("trainer/sessions/<int:pk>/edit/", session_edit, name="session_edit"),
    path("trainer/sessions/<int:pk>/cancel/", session_cancel, name="session_cancel"),
    path("trainer/sessions/<int:pk>/register/", register, name="register"),
    path(
        "trainer/sessions/<int:pk>/sign-in-sheet.pdf",
        sign_in_sheet,
        name="sign_in_sheet",
    ),
]
