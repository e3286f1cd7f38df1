"""Staff-facing booking pages: sessions, booking, cancelling, My training and approvals.

Views are thin: they read through ``training.selectors.catalogue``, write only
through ``training.services.booking``, and turn a ``TrainingError`` into an
error banner or form error. Object permissions come from ``training.rules``.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from core.exports import table_xlsx_response
from core.idempotency import idempotent
from core.page_cache import personal_page
from training.enums import ACTIVE_BOOKING_STATUSES, LIVE_BOOKING_STATUSES, BookingStatus
from training.filters import SessionFilter
from training.forms.booking import BookForm, CancelBookingForm, DeclineBookingForm
from training.models import Booking, Course, Session
from training.selectors import catalogue, eligibility
from training.selectors.feedback import pending_feedback_for
from training.selectors.matrix import requirements_for
from training.services import TrainingError
from training.services.booking import (
    approve_booking,
    book_seat,
    cancel_booking,
    decline_booking,
)
from training.tables.booking import (
    PastBookingTable,
    SessionTable,
    UpcomingBookingTable,
    booking_tag,
    session_tag,
)

SESSIONS_PER_PAGE = 25
BOOKINGS_PER_PAGE = 20
DASHBOARD_ROWS = 3


def _when(moment: datetime.datetime) -> str:
    """'Tuesday 3 March 2026 at 09:30' in Europe/London."""
    local = timezone.localtime(moment)
    return f"{date_format(local, 'l j F Y')} at {local:%H:%M}"


def _duration(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'' if hours == 1 else 's'}")
    if mins:
        parts.append(f"{mins} minute{'' if mins == 1 else 's'}")
    return " ".join(parts)


def _audience(course: Course) -> list[str]:
    partners = [o.name for o in course.partner_organisations.all()]
    if course.open_to_all_partners:
        partner_text = "Staff of any partner organisation"
    elif partners:
        partner_text = "Staff of " + ", ".join(partners)
    else:
        partner_text = "Not open to partner organisations"
    return [
        "Ranks and grades: " + (", ".join(course.audience_rank_labels) or "any"),
        "Functions: " + (", ".join(course.audience_function_labels) or "any"),
        "Partners: " + partner_text,
    ]


# --- the sessions list -----------------------------------------------------


def _filtered_sessions(request: HttpRequest) -> SessionFilter:
    return SessionFilter(
        request.GET or None,
        queryset=catalogue.upcoming_sessions(viewer=request.user),
        request=request,
    )


def _selected_filters(request: HttpRequest, filterset: SessionFilter) -> list[tuple[str, str, str]]:
    """(label, chosen value, link that removes it) for each filter in use (MOJ filter tags)."""
    form = filterset.form
    if not form.is_bound:
        return []
    form.is_valid()
    selected = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", False):
            continue
        label = field.label
        if name == "has_seats":
            label, text = "Availability", "Seats available"
        elif isinstance(value, datetime.date):
            text = date_format(value, "j F Y")
        elif name == "kind":
            text = dict(field.choices).get(value, value)
        else:
            text = str(value)
        query = request.GET.copy()
        query.pop(name, None)
        query.pop("page", None)
        selected.append((label, text, f"?{query.urlencode()}"))
    return selected


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    return personal_page(request, lambda: _session_list(request))


def _session_list(request: HttpRequest) -> HttpResponse:
    filterset = _filtered_sessions(request)
    table = SessionTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": SESSIONS_PER_PAGE}).configure(table)
    return render(
        request,
        "training/booking/session_list.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "table": table,
            "selected_filters": _selected_filters(request, filterset),
            "export_query": request.GET.urlencode(),
        },
    )


@login_required
def session_list_export(request: HttpRequest) -> HttpResponse:
    filterset = _filtered_sessions(request)
    table = SessionTable(filterset.qs)
    RequestConfig(request, paginate=False).configure(table)
    today = timezone.localdate()
    return table_xlsx_response(
        table, filename=f"training-sessions-{today:%Y-%m-%d}", sheet_title="Sessions"
    )


# --- one session -----------------------------------------------------------


def _offer(session: Session, person, booking: Booking | None) -> dict:
    """What the person can do on the session page, and why not when they cannot."""
    now = timezone.now()
    if booking is not None:
        if booking.status in ACTIVE_BOOKING_STATUSES and not session.has_started(now):
            return {"action": "cancel"}
        return {"action": "none"}
    refusal = eligibility.refusal_for(session, person, now=now)
    if refusal is not None:
        action = "waitlist_blocked" if refusal.can_waitlist else "refused"
        return {"action": action, "reason": refusal.message}
    if session.seats_left <= 0:
        return {"action": "waitlist_full"}
    return {
        "action": "book",
        "needs_approval": session.course.requires_manager_approval,
        "approver": person.line_manager if session.course.requires_manager_approval else None,
    }


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        session = catalogue.session_for_detail(pk=pk, viewer=request.user)
    except Session.DoesNotExist as missing:
        raise Http404("No such session") from missing
    booking = (
        catalogue.bookings_of(request.user)
        .filter(session=session, status__in=LIVE_BOOKING_STATUSES)
        .first()
    )
    tag_label, tag_class = booking_tag(booking) if booking else session_tag(session, short=True)
    return render(
        request,
        "training/booking/session_detail.html",
        {
            "session": session,
            "course": session.course,
            "booking": booking,
            "offer": _offer(session, request.user, booking),
            "tag_label": tag_label,
            "tag_class": tag_class,
            "duration": _duration(session.course.duration_minutes),
            "audience": _audience(session.course),
            "viewer_is_partner": eligibility.is_partner(request.user),
            "booking_closes_at": session.effective_booking_closes_at(),
        },
    )


def _booked_message(booking: Booking) -> str:
    session = booking.session
    title, when = session.course.title, _when(session.starts_at)
    if booking.status == BookingStatus.CONFIRMED:
        return f"You are booked on {title} on {when}."
    if booking.status == BookingStatus.PENDING_APPROVAL:
        approver = booking.approver.display_name if booking.approver else "your line manager"
        return (
            f"Your booking on {title} on {when} is waiting for approval from {approver}. "
            "Your seat is held meanwhile."
        )
    position = booking.waitlist_position
    if booking.waitlist_reason == "full":
        return f"The session is full. You are number {position} on the waiting list."
    return (
        f"You are number {position} on the waiting list: the most people from your team "
        "who may be away on training that day are already booked."
    )


@login_required
@require_POST
@idempotent
def book(request: HttpRequest, pk: int) -> HttpResponse:
    # Kept until a session, course or venue changes; the service locks the session and
    # reads its row afresh.
    session = catalogue.session_to_book(pk)
    if session is None:
        raise Http404("No such session")
    form = BookForm(request.POST)
    waitlist = form.is_valid() and form.cleaned_data["waitlist_if_blocked"]
    try:
        booking = book_seat(session=session, person=request.user, waitlist_if_blocked=waitlist)
    except Session.DoesNotExist as gone:  # deleted a moment ago
        raise Http404("No such session") from gone
    except TrainingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _booked_message(booking))
    return redirect("training:session_detail", pk=session.pk)


# --- cancelling ------------------------------------------------------------


def _booking_or_404(pk: int) -> Booking:
    return get_object_or_404(
        Booking.objects.select_related("person", "session__course", "session__venue__district"),
        pk=pk,
    )


@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking_or_404(pk)
    if not request.user.has_perm("training.cancel_booking", booking):
        raise PermissionDenied("You cannot cancel this booking.")
    own = booking.person_id == request.user.pk
    if booking.status not in ACTIVE_BOOKING_STATUSES:
        messages.info(request, "This booking is not active, so there is nothing to cancel.")
        return redirect("training:session_detail", pk=booking.session_id)
    form = CancelBookingForm(request.POST or None)
    if booking.status == BookingStatus.WAITLISTED:
        form.fields["reason"].label = "Why are you leaving the waiting list? (optional)"
    elif not own:
        form.fields["reason"].label = "Why is the booking being cancelled? (optional)"
    if request.method == "POST" and form.is_valid():
        was_waitlisted = booking.status == BookingStatus.WAITLISTED
        try:
            cancel_booking(booking=booking, by=request.user, reason=form.cleaned_data["reason"])
        except TrainingError as error:
            form.add_error(None, str(error))
        else:
            session = booking.session
            what = "place on the waiting list" if was_waitlisted else "booking"
            whose = "Your" if own else f"{booking.person.display_name}’s"
            messages.success(
                request,
                f"{whose} {what} on {session.course.title} on {_when(session.starts_at)} "
                "is cancelled.",
            )
            if own:
                return redirect("training:my_bookings")
            return redirect("training:session_detail", pk=session.pk)
    return render(
        request,
        "training/booking/cancel.html",
        {"booking": booking, "session": booking.session, "form": form, "own": own},
    )


# --- approvals -------------------------------------------------------------


def _decidable_or_403(request: HttpRequest, pk: int) -> Booking:
    booking = _booking_or_404(pk)
    if not request.user.has_perm("training.decide_booking", booking):
        raise PermissionDenied("You cannot decide on this booking.")
    return booking


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _decidable_or_403(request, pk)
    try:
        approve_booking(booking=booking, by=request.user)
    except TrainingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"You approved {booking.person.display_name}’s booking on "
            f"{booking.session.course.title} on {_when(booking.session.starts_at)}.",
        )
    return redirect(reverse("portal:dashboard") + "#section-approvals")


@login_required
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _decidable_or_403(request, pk)
    form = DeclineBookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decline_booking(booking=booking, by=request.user, note=form.cleaned_data["reason"])
        except TrainingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"You declined {booking.person.display_name}’s booking on "
                f"{booking.session.course.title} on {_when(booking.session.starts_at)}. "
                "They have been told, and can see your reason in My training.",
            )
            return redirect(reverse("portal:dashboard") + "#section-approvals")
    return render(
        request,
        "training/booking/decline.html",
        {"booking": booking, "session": booking.session, "form": form},
    )


# --- My training -----------------------------------------------------------


@login_required
def my_bookings(request: HttpRequest) -> HttpResponse:
    return personal_page(request, lambda: _my_bookings(request))


def _my_bookings(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    upcoming = UpcomingBookingTable(
        catalogue.upcoming_bookings_of(request.user, now=now), prefix="upcoming-"
    )
    past = PastBookingTable(catalogue.past_bookings_of(request.user, now=now), prefix="past-")
    config = RequestConfig(request, paginate={"per_page": BOOKINGS_PER_PAGE})
    config.configure(upcoming)
    config.configure(past)
    return render(
        request,
        "training/booking/my_bookings.html",
        {
            "upcoming": upcoming,
            "past": past,
            "required": requirements_for(request.user, now=now),
            "feedback_due": list(pending_feedback_for(request.user, now=now)[:DASHBOARD_ROWS]),
        },
    )


# --- dashboard sections (called by portal.dashboard) ------------------------


def my_training_section(request: HttpRequest) -> dict:
    """The next few seats the person holds and their waiting-list places."""
    upcoming = catalogue.upcoming_bookings_of(request.user)
    seats = list(upcoming.exclude(status=BookingStatus.WAITLISTED)[:DASHBOARD_ROWS])
    waiting = list(upcoming.filter(status=BookingStatus.WAITLISTED)[:DASHBOARD_ROWS])
    return {
        "seats": [(b, *booking_tag(b)) for b in seats],
        "waiting": [(b, *booking_tag(b)) for b in waiting],
        "required": requirements_for(request.user),
        "feedback_due": list(pending_feedback_for(request.user)[:DASHBOARD_ROWS]),
        "my_bookings_url": reverse("training:my_bookings"),
        "sessions_url": reverse("training:session_list"),
    }


def approvals_section(request: HttpRequest) -> dict | None:
    """Bookings waiting for the viewer's decision as approver or line manager; not shown
    to someone with nothing waiting who manages nobody."""
    pending = list(catalogue.pending_approvals_for(request.user))
    if not pending and not request.user.reports.exists():
        return None
    return {"pending": pending}


urlpatterns = [
    path("sessions/", session_list, name="session_list"),
    path("sessions/export/", session_list_export, name="session_list_export"),
    path("sessions/<int:pk>/", session_detail, name="session_detail"),
    path("sessions/<int:pk>/book/", book, name="book"),
    path("bookings/<int:pk>/cancel/", cancel, name="cancel_booking"),
    path("bookings/<int:pk>/approve/", approve, name="booking_approve"),
    path("bookings/<int:pk>/decline/", decline, name="booking_decline"),
    path("my/", my_bookings, name="my_bookings"),
]
